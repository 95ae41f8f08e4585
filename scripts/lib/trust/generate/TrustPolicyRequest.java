package lib.trust.generate;

import java.util.List;

/**
 * What a role's trust policy should let in. Built by the TrustPolicy command and by SetupAws.
 *
 * @param gitlabUrl           instance URL, e.g. https://gitlab.com (its host and path form the key prefix)
 * @param partition           one of lib.aws.Arns.PARTITIONS
 * @param accountId           12-digit account holding the OIDC provider
 * @param projectPath         group/project; may be null when projectId is given
 * @param projectId           numeric project id; pins gitlab.com:project_id (gitlab.com) or feeds a project_id sub
 * @param namespaceId         numeric group id; pins gitlab.com:namespace_id (gitlab.com only)
 * @param branches            branch names or patterns allowed
 * @param tags                tag names or patterns allowed
 * @param environments        environment names allowed (needs "environment" in subComponents)
 * @param deploymentTier      optional deployment_tier value when subComponents has deployment_tier
 * @param audience            the aud the jobs request and the provider lists as client id
 * @param refProtected        require a protected ref (gitlab.com:ref_protected, or ref_protected in the sub)
 * @param subComponents       the project's ci_id_token_sub_claim_components, in order
 * @param allowWildcardRef    accept a branch/tag pattern without a protection requirement
 * @param allowUnprotectedRef accept an environment-scoped role where any unprotected ref may deploy, or a tag
 *                            without a protected-ref requirement
 * @param allowNameBased      on gitlab.com, accept a role that trusts the project's path without pinning its id
 */
public record TrustPolicyRequest(String gitlabUrl, String partition, String accountId, String projectPath,
                                 String projectId, String namespaceId, List<String> branches, List<String> tags,
                                 List<String> environments, String deploymentTier, String audience,
                                 boolean refProtected, List<String> subComponents, boolean allowWildcardRef,
                                 boolean allowUnprotectedRef, boolean allowNameBased) {
    public static final String DEFAULT_URL = "https://gitlab.com";
    public static final String DEFAULT_AUDIENCE = "sts.amazonaws.com";
    public static final List<String> DEFAULT_SUB = lib.trust.model.SubPattern.DEFAULT_COMPONENTS;
    public static final List<String> PROJECT_ID_SUB = List.of("project_id", "ref_type", "ref");

    public TrustPolicyRequest {
        gitlabUrl = gitlabUrl == null || gitlabUrl.isBlank() ? DEFAULT_URL : gitlabUrl;
        partition = partition == null || partition.isBlank() ? "aws" : partition;
        audience = audience == null || audience.isBlank() ? DEFAULT_AUDIENCE : audience;
        branches = branches == null ? List.of() : List.copyOf(branches);
        tags = tags == null ? List.of() : List.copyOf(tags);
        environments = environments == null ? List.of() : List.copyOf(environments);
        subComponents = subComponents == null || subComponents.isEmpty() ? DEFAULT_SUB : List.copyOf(subComponents);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named setters for callers such as SetupAws; unset fields take the record's defaults. */
    public static final class Builder {
        private String gitlabUrl, partition, accountId, projectPath, projectId, namespaceId, deploymentTier, audience;
        private final java.util.List<String> branches = new java.util.ArrayList<>();
        private final java.util.List<String> tags = new java.util.ArrayList<>();
        private final java.util.List<String> environments = new java.util.ArrayList<>();
        private java.util.List<String> subComponents;
        private boolean refProtected, allowWildcardRef, allowUnprotectedRef, allowNameBased;

        public Builder gitlabUrl(String v) { gitlabUrl = v; return this; }
        public Builder partition(String v) { partition = v; return this; }
        public Builder accountId(String v) { accountId = v; return this; }
        public Builder projectPath(String v) { projectPath = v; return this; }
        public Builder projectId(String v) { projectId = v; return this; }
        public Builder namespaceId(String v) { namespaceId = v; return this; }
        public Builder branch(String v) { branches.add(v); return this; }
        public Builder tag(String v) { tags.add(v); return this; }
        public Builder environment(String v) { environments.add(v); return this; }
        public Builder deploymentTier(String v) { deploymentTier = v; return this; }
        public Builder audience(String v) { audience = v; return this; }
        public Builder refProtected(boolean v) { refProtected = v; return this; }
        public Builder subComponents(java.util.List<String> v) { subComponents = v; return this; }
        public Builder allowWildcardRef(boolean v) { allowWildcardRef = v; return this; }
        public Builder allowUnprotectedRef(boolean v) { allowUnprotectedRef = v; return this; }
        public Builder allowNameBased(boolean v) { allowNameBased = v; return this; }

        public TrustPolicyRequest build() {
            return new TrustPolicyRequest(gitlabUrl, partition, accountId, projectPath, projectId, namespaceId,
                    branches, tags, environments, deploymentTier, audience, refProtected, subComponents,
                    allowWildcardRef, allowUnprotectedRef, allowNameBased);
        }
    }

    /** The common case: one project pinned by id, some branches, gitlab.com defaults. */
    public static TrustPolicyRequest forBranches(String accountId, String projectPath, String projectId, List<String> branches) {
        return new TrustPolicyRequest(null, null, accountId, projectPath, projectId, null, branches, List.of(),
                List.of(), null, null, false, null, false, false, false);
    }

    /** True when the project is pinned by an immutable id: a project_id key or a project_id-first sub. */
    public boolean idPinned() {
        return projectId != null;
    }
}
