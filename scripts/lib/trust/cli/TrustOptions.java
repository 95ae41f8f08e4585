package lib.trust.cli;

import lib.cli.Values;
import java.util.ArrayList;
import java.util.List;
import lib.trust.generate.TrustPolicyRequest;
import picocli.CommandLine.Option;

/**
 * What may assume the role: the trust options shared by {@code trust-policy generate} and
 * {@code setup-aws}, declared once. Each reads its TRUST_POLICY_* variable.
 */
public class TrustOptions {
    @Option(names = "--project-path", paramLabel = "GROUP/PROJECT", defaultValue = "${env:TRUST_POLICY_PROJECT_PATH}",
            description = "Project whose jobs may assume the role (env TRUST_POLICY_PROJECT_PATH).")
    String projectPath;

    @Option(names = "--gitlab-url", paramLabel = "URL", defaultValue = "${env:TRUST_POLICY_GITLAB_URL:-https://gitlab.com}",
            description = "GitLab instance, the tokens' iss (env TRUST_POLICY_GITLAB_URL; default ${DEFAULT-VALUE}).")
    String gitlabUrl;

    @Option(names = "--audience", paramLabel = "AUD", defaultValue = "${env:TRUST_POLICY_AUDIENCE:-sts.amazonaws.com}",
            description = "aud the jobs request (env TRUST_POLICY_AUDIENCE; default ${DEFAULT-VALUE}).")
    String audience;

    @Option(names = "--branch", hideParamSyntax = true, paramLabel = "BRANCH", split = ",", defaultValue = "${env:TRUST_POLICY_BRANCHES}",
            description = "Branch that may assume the role; repeatable (env TRUST_POLICY_BRANCHES).")
    List<String> branches = new ArrayList<>();

    @Option(names = "--tag", hideParamSyntax = true, paramLabel = "TAG", split = ",", defaultValue = "${env:TRUST_POLICY_TAGS}",
            description = "Tag that may assume the role; repeatable (env TRUST_POLICY_TAGS).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--environment", hideParamSyntax = true, paramLabel = "ENV", split = ",", defaultValue = "${env:TRUST_POLICY_ENVIRONMENTS}",
            description = "Environment that may assume the role; needs environment in --sub-components "
                    + "(env TRUST_POLICY_ENVIRONMENTS).")
    List<String> environments = new ArrayList<>();

    @Option(names = "--ref-protected", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_REF_PROTECTED:-false}",
            description = "Only protected refs; the bare flag means true (env TRUST_POLICY_REF_PROTECTED; default ${DEFAULT-VALUE}).")
    boolean refProtected;

    @Option(names = "--project-id", paramLabel = "ID", defaultValue = "${env:TRUST_POLICY_PROJECT_ID}",
            description = "Numeric project id; pins gitlab.com:project_id (env TRUST_POLICY_PROJECT_ID).")
    String projectId;

    @Option(names = "--namespace-id", paramLabel = "ID", defaultValue = "${env:TRUST_POLICY_NAMESPACE_ID}",
            description = "Numeric group id; pins gitlab.com:namespace_id (env TRUST_POLICY_NAMESPACE_ID).")
    String namespaceId;

    @Option(names = "--sub-components", hideParamSyntax = true, paramLabel = "COMPONENT", split = ",", defaultValue = "${env:TRUST_POLICY_SUB_COMPONENTS}",
            description = "The project's ci_id_token_sub_claim_components, in order (env TRUST_POLICY_SUB_COMPONENTS; "
                    + "default project_path,ref_type,ref).")
    List<String> subComponents = new ArrayList<>();

    @Option(names = "--allow-wildcard-ref", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_ALLOW_WILDCARD_REF:-false}",
            description = "Accept a branch or tag pattern without --ref-protected (env TRUST_POLICY_ALLOW_WILDCARD_REF).")
    boolean allowWildcardRef;

    @Option(names = "--allow-unprotected-ref", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_ALLOW_UNPROTECTED_REF:-false}",
            description = "Accept an environment role any unprotected ref may assume (env TRUST_POLICY_ALLOW_UNPROTECTED_REF).")
    boolean allowUnprotectedRef;

    /** The request these options describe; blank values count as unset. */
    public TrustPolicyRequest.Builder request() {
        TrustPolicyRequest.Builder b = TrustPolicyRequest.builder()
                .gitlabUrl(Values.trimmedOrNull(gitlabUrl))
                .projectPath(Values.trimmedOrNull(projectPath))
                .projectId(Values.trimmedOrNull(projectId))
                .namespaceId(Values.trimmedOrNull(namespaceId))
                .audience(Values.trimmedOrNull(audience))
                .refProtected(refProtected)
                .subComponents(Values.trimmed(subComponents))
                .allowWildcardRef(allowWildcardRef)
                .allowUnprotectedRef(allowUnprotectedRef);
        Values.trimmed(branches).forEach(b::branch);
        Values.trimmed(tags).forEach(b::tag);
        Values.trimmed(environments).forEach(b::environment);
        return b;
    }

    public String projectPath() {
        return Values.trimmedOrNull(projectPath);
    }

    public String projectId() {
        return Values.trimmedOrNull(projectId);
    }

    public List<String> subComponents() {
        return Values.trimmed(subComponents);
    }
}
