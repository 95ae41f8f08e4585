package lib.trust.generate;

import lib.trust.model.AwsConditionKeys;
import lib.trust.model.Glob;
import lib.trust.lint.Rule;
import lib.trust.model.SubPattern;
import lib.cli.UsageException;
import lib.trust.read.Excerpt;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a least-privilege trust policy for GitLab ID tokens. Refuses (with
 * {@link UsageException}) any request whose policy the linter would flag, unless the
 * request carries the allow flag that names that risk.
 */
public final class TrustPolicyGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern PROJECT_PATH = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_.][A-Za-z0-9_.\\-]*)+");
    private static final Pattern NUMERIC_ID = Pattern.compile("[1-9]\\d{0,19}");
    private static final Set<String> COMPONENTS = SubPattern.COMPONENTS;

    private TrustPolicyGenerator() {}

    public static ObjectNode generate(TrustPolicyRequest r) {
        String host = validatedHost(r.gitlabUrl());
        boolean gitlabCom = AwsConditionKeys.isGitLabCom(host);
        validate(r, gitlabCom);

        List<String> subs = subValues(r);
        boolean wildcardSub = subs.stream().anyMatch(Glob::hasWildcard);
        boolean protectedBySub = r.subComponents().contains("ref_protected")
                || r.subComponents().contains("environment_protected");
        boolean protectedByKey = r.refProtected() && gitlabCom;
        boolean anyRefWildcard = subs.stream().anyMatch(SubPattern::refIsWildcard);
        if (anyRefWildcard && !protectedBySub && !protectedByKey) {
            if (!r.environments().isEmpty() && r.branches().isEmpty() && r.tags().isEmpty()) {
                if (!r.allowUnprotectedRef()) {
                    throw new UsageException("--environment: any ref of the project could deploy to "
                            + r.environments() + " and nothing requires the ref or environment to be protected "
                            + "(lint rule " + Rule.REF_WILDCARD_UNPROTECTED.id + "). Fix: add environment_protected to "
                            + "--sub-components (and to the project's sub claim components), or --ref-protected, "
                            + "or accept the risk with --allow-unprotected-ref.");
                }
            } else if (!r.allowWildcardRef()) {
                throw new UsageException("--branch/--tag: a pattern lets anyone who can push a matching "
                        + "ref assume the role (lint rule " + Rule.REF_WILDCARD_UNPROTECTED.id + "). Fix: add "
                        + "--ref-protected" + (gitlabCom ? "" : " with ref_protected in --sub-components")
                        + ", name exact refs, or accept the risk with --allow-wildcard-ref.");
            }
        }

        if (gitlabCom && !r.idPinned() && !r.allowNameBased()) {
            throw new UsageException("--project-path " + r.projectPath() + " alone trusts the project's name (lint rule "
                    + Rule.NAME_BASED_TRUST.id + "): if that path is freed (the project or its group deleted, renamed or "
                    + "transferred), whoever registers it again mints the same sub and gets this role. Fix: pass "
                    + "--project-id ID and --namespace-id GROUP_ID (the project's and group's overview pages show them), or "
                    + "--token-env NAME / --token-file FILE with one of the project's job ID tokens to read them, or accept "
                    + "the risk with --allow-name-based.");
        }
        boolean exactTag = r.tags().stream().anyMatch(t -> !Glob.hasWildcard(t));
        if (exactTag && !protectedBySub && !protectedByKey && !r.allowUnprotectedRef()) {
            throw new UsageException("--tag " + r.tags() + ": unless the project protects its tags, anyone with the "
                    + "Developer role can create such a tag on any commit and assume the role (lint rule "
                    + Rule.TAG_UNPROTECTED.id + "). Fix: add --ref-protected" + (gitlabCom ? "" : " with ref_protected in "
                    + "--sub-components") + " and protect the tags, or accept the risk with --allow-unprotected-ref.");
        }

        ObjectNode equals = JSON.createObjectNode();
        equals.put(host + ":aud", r.audience());
        if (gitlabCom && r.projectId() != null) equals.put(host + ":project_id", r.projectId());
        if (gitlabCom && r.namespaceId() != null) equals.put(host + ":namespace_id", r.namespaceId());
        if (protectedByKey) equals.put(host + ":ref_protected", "true");

        ObjectNode condition = JSON.createObjectNode();
        ArrayNode subArray = JSON.createArrayNode();
        subs.forEach(subArray::add);
        if (wildcardSub) {
            condition.set("StringEquals", equals);
            condition.putObject("StringLike").set(host + ":sub", subs.size() == 1 ? subArray.get(0) : subArray);
        } else {
            equals.set(host + ":sub", subs.size() == 1 ? subArray.get(0) : subArray);
            condition.set("StringEquals", equals);
        }

        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject();
        statement.put("Sid", "GitLabOidc");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Federated",
                AwsConditionKeys.providerArn(r.partition(), r.accountId(), host));
        statement.put("Action", "sts:AssumeRoleWithWebIdentity");
        statement.set("Condition", condition);
        return policy;
    }

    /**
     * What the user should know about a generated policy: the ids read from a token, and what
     * opting out of the id pin costs.
     */
    public static List<String> notes(TrustPolicyRequest r, lib.trust.cli.TokenIds token) {
        List<String> out = new ArrayList<>();
        if (token.present()) {
            out.add("from the ID token: project_id " + token.projectId() + ", namespace_id " + token.namespaceId()
                    + ", project_path " + token.projectPath() + (token.projectIdSub() ? ", sub project_id-first" : "")
                    + (token.refProtected() ? ", ref_protected pinned (the job ran on a protected ref)" : ""));
        }
        if (r.allowNameBased() && !r.idPinned() && AwsConditionKeys.isGitLabCom(AwsConditionKeys.hostOf(r.gitlabUrl()))) {
            out.add("--allow-name-based: this role trusts the path " + r.projectPath() + ", not the project. If the path "
                    + "is freed (the project or its group deleted, renamed or transferred), whoever registers it gets the "
                    + "role. Pin it later with --project-id and --namespace-id.");
        }
        return out;
    }

    private static String validatedHost(String url) {
        if (!url.startsWith("https://")) {
            throw new UsageException("--gitlab-url (TRUST_POLICY_GITLAB_URL): '" + url + "' is not an https:// URL. "
                    + "Fix: pass the instance URL, e.g. https://gitlab.com or https://gitlab.example.com.");
        }
        try {
            return AwsConditionKeys.hostOf(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--gitlab-url (TRUST_POLICY_GITLAB_URL): '" + url + "' has no host. "
                    + "Fix: pass the instance URL, e.g. https://gitlab.example.com.");
        }
    }

    private static void validate(TrustPolicyRequest r, boolean gitlabCom) {
        if (!AwsConditionKeys.PARTITIONS.contains(r.partition())) {
            fail("--partition (TRUST_POLICY_PARTITION)", r.partition(), "use one of " + AwsConditionKeys.PARTITIONS);
        }
        if (r.accountId() == null || r.accountId().isBlank()) {
            throw new UsageException("--account-id (TRUST_POLICY_ACCOUNT_ID) is required. Fix: pass the 12-digit AWS "
                    + "account id that holds the IAM OIDC provider.");
        }
        if (!ACCOUNT.matcher(r.accountId()).matches()) {
            fail("--account-id (TRUST_POLICY_ACCOUNT_ID)", r.accountId(), "pass the 12-digit AWS account id");
        }
        if (r.projectPath() == null && r.projectId() == null) {
            throw new UsageException("--project-path (TRUST_POLICY_PROJECT_PATH) or --project-id (TRUST_POLICY_PROJECT_ID) "
                    + "is required. Fix: pass the project, e.g. --project-path acme/webshop.");
        }
        if (r.projectPath() != null && !PROJECT_PATH.matcher(r.projectPath()).matches()) {
            fail("--project-path (TRUST_POLICY_PROJECT_PATH)", r.projectPath(),
                    "pass the exact path group[/subgroup]/project; wildcards are refused because they span projects");
        }
        if (r.projectId() != null && !NUMERIC_ID.matcher(r.projectId()).matches()) {
            fail("--project-id (TRUST_POLICY_PROJECT_ID)", r.projectId(), "pass the numeric project id");
        }
        if (r.namespaceId() != null && !NUMERIC_ID.matcher(r.namespaceId()).matches()) {
            fail("--namespace-id (TRUST_POLICY_NAMESPACE_ID)", r.namespaceId(), "pass the numeric group id");
        }
        if (r.namespaceId() != null && !gitlabCom) {
            fail("--namespace-id (TRUST_POLICY_NAMESPACE_ID)", r.namespaceId(), "AWS exposes namespace_id only for "
                    + "gitlab.com; self-managed instances get only sub and aud. Drop --namespace-id");
        }
        List<String> comps = r.subComponents();
        for (String c : comps) {
            if (!COMPONENTS.contains(c)) fail("--sub-components (TRUST_POLICY_SUB_COMPONENTS)", String.join(",", comps), "use only " + COMPONENTS);
        }
        if (!List.of("project_path", "project_id").contains(comps.get(0))) {
            fail("--sub-components (TRUST_POLICY_SUB_COMPONENTS)", String.join(",", comps), "GitLab's sub starts with project_path or project_id");
        }
        if (comps.contains("project_id") && r.projectId() == null) {
            throw new UsageException("--sub-components names project_id: pass --project-id (TRUST_POLICY_PROJECT_ID).");
        }
        if (comps.contains("project_path") && r.projectPath() == null) {
            throw new UsageException("--sub-components names project_path: pass --project-path "
                    + "(TRUST_POLICY_PROJECT_PATH), or use a project_id-first sub with --project-id-sub.");
        }
        if (r.projectId() != null && !gitlabCom && !comps.contains("project_id")) {
            fail("--project-id (TRUST_POLICY_PROJECT_ID)", r.projectId(), "AWS exposes project_id only for gitlab.com; on a "
                    + "self-managed instance use a project_id-first sub (--project-id-sub) or drop --project-id");
        }
        if (r.refProtected() && !gitlabCom && !comps.contains("ref_protected")) {
            throw new UsageException("--ref-protected: AWS exposes ref_protected only for gitlab.com. "
                    + "Fix: add ref_protected to the project's sub claim components and to --sub-components.");
        }
        if (r.branches().isEmpty() && r.tags().isEmpty() && r.environments().isEmpty()) {
            throw new UsageException("Say what may assume the role: --branch, --tag or --environment. "
                    + "For every protected branch use --branch '*' --ref-protected.");
        }
        if (!r.environments().isEmpty() && !comps.contains("environment")) {
            throw new UsageException("--environment: GitLab's default sub has no environment and AWS "
                    + "exposes no environment condition key, so a policy cannot check it. Fix: add environment "
                    + "(and environment_protected) to the project's ci_id_token_sub_claim_components and pass the "
                    + "same list with --sub-components, e.g. project_path,ref_type,ref,environment,environment_protected; "
                    + "or restrict by --branch/--tag instead.");
        }
        if (comps.contains("environment") && r.environments().isEmpty()) {
            throw new UsageException("--sub-components names environment: pass --environment.");
        }
        if (r.audience().contains("*") || r.audience().contains("?")) {
            fail("--audience (TRUST_POLICY_AUDIENCE)", r.audience(), "pass the exact aud the jobs request");
        }
        for (String ref : concat(r.branches(), r.tags(), r.environments())) {
            if (ref.isBlank() || ref.contains(":") || ref.contains(" ") && !r.environments().contains(ref)) {
                fail("--branch/--tag/--environment", ref, "pass a ref or environment name without ':'");
            }
        }
    }

    /** One sub value per allowed ref (and environment), following the project's components. */
    static List<String> subValues(TrustPolicyRequest r) {
        List<String[]> refs = new ArrayList<>();
        r.branches().forEach(b -> refs.add(new String[] {"branch", b}));
        r.tags().forEach(t -> refs.add(new String[] {"tag", t}));
        if (refs.isEmpty()) refs.add(new String[] {"*", "*"});
        List<String> envs = r.environments().isEmpty() ? List.of("") : r.environments();
        Set<String> out = new LinkedHashSet<>();
        for (String[] ref : refs) {
            for (String env : envs) {
                out.add(SubPattern.build(r.subComponents(), c -> switch (c) {
                    case "project_path" -> r.projectPath();
                    case "project_id" -> r.projectId();
                    case "ref_type" -> ref[0];
                    case "ref" -> literalDollar(ref[1]);
                    case "ref_protected", "environment_protected" -> "true";
                    case "environment" -> literalDollar(env);
                    case "deployment_tier" -> r.deploymentTier() == null ? "*" : r.deploymentTier();
                    default -> throw new IllegalStateException(c);
                }));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The policy is Version 2012-10-17, where IAM reads "${...}" as a policy variable: a '$' that
     * starts one in a ref or environment name is written ${$}, IAM's escape for a literal '$'
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
     */
    static String literalDollar(String name) {
        return name.contains("${") ? name.replace("${", "${$}{") : name;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) all.addAll(l);
        return all;
    }

    private static void fail(String option, String value, String fix) {
        throw new UsageException(option + ": '" + Excerpt.of(value) + "' is not accepted. Fix: " + fix + ".");
    }
}
