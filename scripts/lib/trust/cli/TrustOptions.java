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

    @Option(names = "--allow-name-based", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_ALLOW_NAME_BASED:-false}",
            description = "On gitlab.com, accept a role that trusts the project's path without --project-id: whoever "
                    + "registers a freed path gets the role (lint rule name-based-trust; env TRUST_POLICY_ALLOW_NAME_BASED; "
                    + "default ${DEFAULT-VALUE}).")
    boolean allowNameBased;

    @Option(names = "--token-env", paramLabel = "NAME", defaultValue = "${env:TRUST_POLICY_TOKEN_ENV}",
            description = "Read project_id, namespace_id, project_path, the sub's shape and ref_protected from a job's ID "
                    + "token in this variable, decoded locally and never printed (env TRUST_POLICY_TOKEN_ENV).")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:TRUST_POLICY_TOKEN_FILE}",
            description = "The same from a file holding the ID token (env TRUST_POLICY_TOKEN_FILE).")
    java.nio.file.Path tokenFile;

    private TokenIds token;

    /** What a job's ID token says about the project (empty when no token was given). */
    public TokenIds token() {
        if (token == null) token = TokenIds.of(Values.trimmedOrNull(tokenEnv), tokenFile, Values.trimmedOrNull(gitlabUrl));
        return token;
    }

    /** The request these options describe; blank values count as unset; a token fills what the flags leave open. */
    public TrustPolicyRequest.Builder request() {
        TokenIds t = token();
        TrustPolicyRequest.Builder b = TrustPolicyRequest.builder()
                .gitlabUrl(Values.trimmedOrNull(gitlabUrl))
                .projectPath(projectPath())
                .projectId(projectId())
                .namespaceId(t.or("--namespace-id", Values.trimmedOrNull(namespaceId), t.namespaceId()))
                .audience(Values.trimmedOrNull(audience))
                .refProtected(refProtected || t.refProtected())
                .subComponents(subComponents())
                .allowWildcardRef(allowWildcardRef)
                .allowUnprotectedRef(allowUnprotectedRef)
                .allowNameBased(allowNameBased);
        Values.trimmed(branches).forEach(b::branch);
        Values.trimmed(tags).forEach(b::tag);
        Values.trimmed(environments).forEach(b::environment);
        return b;
    }

    public String projectPath() {
        return token().or("--project-path", Values.trimmedOrNull(projectPath), token().projectPath());
    }

    public String projectId() {
        return token().or("--project-id", Values.trimmedOrNull(projectId), token().projectId());
    }

    /** The --sub-components list; else project_id-first when the token's sub is. */
    public List<String> subComponents() {
        List<String> given = Values.trimmed(subComponents);
        if (given.isEmpty() && token().projectIdSub()) return TrustPolicyRequest.PROJECT_ID_SUB;
        return given;
    }
}
