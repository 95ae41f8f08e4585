package lib.trust.lint;

/**
 * The lint rules. Ids are stable: reports, baselines and docs/trust-policy.md refer to them.
 * Each description cites where the behaviour is documented.
 */
public enum Rule {
    PRINCIPAL_WILDCARD("principal-wildcard", Severity.BLOCKER,
            "Principal \"*\" (or {\"AWS\": \"*\"}) in an Allow trusts everyone: with sts:AssumeRoleWithWebIdentity "
                    + "the tokens of every identity provider in the account, not just GitLab; with sts:AssumeRole or any "
                    + "other action every AWS principal in every account. A trust policy is read as a whole, so such a "
                    + "statement next to a well-scoped GitLab statement opens the role anyway. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
            "name the principal: \"Principal\": {\"Federated\": \"arn:aws:iam::ACCOUNT:oidc-provider/gitlab.com\"} "
                    + "for GitLab, {\"AWS\": \"arn:aws:iam::ACCOUNT:role/NAME\"} for an AWS caller"),
    FEDERATED_UNCONDITIONED("federated-unconditioned", Severity.CRITICAL,
            "An Allow trusts a web identity provider other than GitLab (accounts.google.com, cognito-identity.amazonaws.com, "
                    + "token.actions.githubusercontent.com, ...) with no condition on that provider's keys: every token "
                    + "the provider issues, to any user or any application, can assume the role. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "require the provider's aud (the client or identity pool id) and sub, e.g. \"StringEquals\": "
                    + "{\"accounts.google.com:aud\": \"CLIENT_ID\", \"accounts.google.com:sub\": \"USER_ID\"}, or drop the statement"),
    PROVIDER_SUB_OPEN("provider-sub-open", Severity.MAJOR,
            "An Allow trusts an OIDC provider on a host lint does not know as GitLab (nor as another known issuer) "
                    + "and no condition narrows HOST:sub (missing, or only '*'): every subject the issuer signs for "
                    + "can assume the role. If the host is a GitLab instance this is sub-wildcard-instance. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif "
                    + "https://docs.gitlab.com/ci/cloud_services/aws/",
            "pin HOST:sub (for GitLab: project_path:GROUP/PROJECT:ref_type:branch:ref:main) and set --gitlab-url "
                    + "(TRUST_POLICY_GITLAB_URL) to the instance so lint applies every GitLab rule"),
    VALUE_UNRESOLVED("value-unresolved", Severity.MAJOR,
            "A sub or aud condition value is an unresolved reference (Terraform var., local., data., module., a "
                    + "templatefile()/file() policy, a CloudFormation parameter): the linter cannot see what it allows, and "
                    + "a value of '*' would open the role to every project. Simple locals and variable defaults in the same "
                    + "file are resolved and judged. "
                    + "https://docs.gitlab.com/ci/cloud_services/aws/ "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
            "write the sub literally (project_path:GROUP/PROJECT:ref_type:branch:ref:main), or lint the rendered policy "
                    + "(terraform show -json plan output)"),
    PROVIDER_ARN_MALFORMED("provider-arn-malformed", Severity.MAJOR,
            "The Federated principal must be the IAM OIDC provider ARN arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST "
                    + "(host and path of the GitLab URL, no scheme, no trailing slash); otherwise STS finds no "
                    + "matching provider. https://docs.gitlab.com/ci/cloud_services/aws/ "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
            "use \"Federated\": \"arn:aws:iam::ACCOUNT:oidc-provider/gitlab.com\" (or your instance's host)"),
    ACTION_NOT_WEB_IDENTITY("action-not-web-identity", Severity.MAJOR,
            "A statement trusting an OIDC provider must allow sts:AssumeRoleWithWebIdentity; other actions never "
                    + "apply to web identity tokens. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
            "set \"Action\": \"sts:AssumeRoleWithWebIdentity\""),
    SUB_MISSING("sub-missing", Severity.CRITICAL,
            "No condition on the sub claim: every project on the instance (on gitlab.com: every user's project) "
                    + "can assume the role. https://docs.gitlab.com/ci/cloud_services/aws/",
            "add \"StringEquals\": {\"HOST:sub\": \"project_path:GROUP/PROJECT:ref_type:branch:ref:main\"}"),
    SUB_WILDCARD_INSTANCE("sub-wildcard-instance", Severity.CRITICAL,
            "The sub pattern does not fix the project: '*' matches '/' and ':' too, so any project on the "
                    + "instance matches. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
            "pin the project: project_path:GROUP/PROJECT:ref_type:branch:ref:main"),
    SUB_WILDCARD_PROJECT("sub-wildcard-project", Severity.CRITICAL,
            "The sub pattern spans several projects or groups: a wildcard inside the project path (project_path:group/*, "
                    + "project_path:group/app*) also matches every other and every future project it covers, "
                    + "including similarly named ones. https://docs.gitlab.com/ci/cloud_services/aws/",
            "end the project path before any wildcard (project_path:GROUP/PROJECT:...), or pin HOST:project_id on gitlab.com"),
    SUB_UNMATCHABLE("sub-unmatchable", Severity.MAJOR,
            "A sub value can never match a GitLab token: GitLab's sub is "
                    + "project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name} (or project_id-first when "
                    + "customised); shapes copied from GitHub (repo:...) or ref types like mr never occur. "
                    + "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
            "write the sub GitLab sends, e.g. project_path:GROUP/PROJECT:ref_type:branch:ref:main"),
    REF_WILDCARD_UNPROTECTED("ref-wildcard-unprotected", Severity.MAJOR,
            "Any branch or tag (or a ref pattern) may assume the role and nothing requires a protected ref: anyone "
                    + "who can push a matching ref (Developer role) gets the role's permissions. "
                    + "https://docs.gitlab.com/ci/cloud_services/aws/ https://docs.gitlab.com/user/project/repository/branches/protected/",
            "name exact refs, or also require \"StringEquals\": {\"gitlab.com:ref_protected\": \"true\"} "
                    + "(self-managed: add ref_protected to the sub claim components)"),
    TAG_UNPROTECTED("tag-unprotected", Severity.MAJOR,
            "A tag (ref_type:tag) may assume the role and nothing requires ref_protected: unless the project protects "
                    + "its tags, anyone with the Developer role can create that tag on any commit and mint the same sub. "
                    + "https://docs.gitlab.com/user/project/protected_tags/ https://docs.gitlab.com/ci/cloud_services/aws/",
            "also require \"StringEquals\": {\"gitlab.com:ref_protected\": \"true\"} and protect the tag (Settings > "
                    + "Repository > Protected tags); self-managed: add ref_protected to the sub claim components"),
    NAME_BASED_TRUST("name-based-trust", Severity.MINOR,
            "The sub trusts a project by its path on gitlab.com and no id pins it: a path freed by deleting, "
                    + "renaming or transferring the project or its group can be registered by someone else, whose "
                    + "jobs mint the same sub. gitlab.com sets the immutable gitlab.com:project_id and "
                    + "gitlab.com:namespace_id keys, and a project can put project_id first in its sub. "
                    + "(Self-managed instances have no id keys: use a project_id-first sub there.) "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif "
                    + "https://docs.gitlab.com/ci/cloud_services/aws/ https://docs.gitlab.com/ci/secrets/id_token_authentication/",
            "also require \"StringEquals\": {\"gitlab.com:project_id\": \"ID\", \"gitlab.com:namespace_id\": \"GROUP_ID\"} "
                    + "(trust-policy generate --project-id --namespace-id), or switch the project's sub to "
                    + "project_id:ID:ref_type:...:ref:..."),
    NAMESPACE_WITHOUT_PROJECT("namespace-without-project", Severity.INFO,
            "gitlab.com:namespace_id pins the group by id but the project is still trusted by its path: a member of "
                    + "the group who may create projects can re-create a deleted or renamed project's path in it. "
                    + "https://docs.gitlab.com/ci/cloud_services/aws/ "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "also pin \"gitlab.com:project_id\""),
    ISSUER_KEYS_MIXED("issuer-keys-mixed", Severity.MAJOR,
            "One statement requires condition keys of several providers (e.g. gitlab.com:sub and gitlab.example.com:sub): "
                    + "STS sets only the keys of the provider that issued the token, so no token satisfies it. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "write one statement per provider, each with its own Federated principal and keys"),
    WILDCARD_IN_STRING_EQUALS("wildcard-in-string-equals", Severity.MAJOR,
            "'*' inside StringEquals is compared literally and never matches a real claim: the condition silently "
                    + "fails (or, negated, never excludes anything). "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
            "use StringLike for patterns, or drop the wildcard"),
    AUD_MISSING("aud-missing", Severity.MINOR,
            "The aud claim is not checked: a token minted for another audience listed on the provider is accepted. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
            "add \"StringEquals\": {\"HOST:aud\": \"sts.amazonaws.com\"} (the aud your jobs request)"),
    AUD_WILDCARD("aud-wildcard", Severity.MAJOR,
            "The aud condition is a wildcard, so it checks nothing. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
            "use StringEquals with the exact audience, e.g. sts.amazonaws.com"),
    FORALLVALUES_SINGLE_VALUED("forallvalues-single-valued", Severity.CRITICAL,
            "ForAllValues on a single-valued claim in an Allow is true when the key is absent or misspelled, "
                    + "so the condition can let everything through. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
            "drop the ForAllValues: qualifier (use StringEquals / StringLike)"),
    FOREIGN_HOST_KEY("foreign-host-key", Severity.MAJOR,
            "The condition key's host differs from the Federated provider's: STS sets keys only for the provider "
                    + "that issued the token, so the condition never matches (or, when negated or IfExists, checks nothing). "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "prefix keys with the provider's host, e.g. gitlab.example.com:sub for oidc-provider/gitlab.example.com"),
    GITLAB_COM_ONLY_KEY("gitlab-com-only-key", Severity.MAJOR,
            "AWS exposes project_id, namespace_id, user_*, ref_protected, pipeline_source and runner_environment "
                    + "only for gitlab.com; a self-managed provider gets only sub and aud, so this key is absent. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "move the restriction into the sub (customise the project's sub claim components) and check HOST:sub"),
    UNSUPPORTED_CLAIM_KEY("unsupported-claim-key", Severity.MAJOR,
            "AWS does not expose this GitLab claim as a condition key (for gitlab.com: sub, aud, project_id, "
                    + "namespace_id, user_id, user_login, user_email, user_access_level, ref_protected, "
                    + "pipeline_source, runner_environment), so the key is absent: the condition never matches, "
                    + "or with IfExists / a negated operator it checks nothing. "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "check the claim through HOST:sub (project_path, ref_type, ref) or a key AWS exposes"),
    CONDITION_NEVER_MATCHES("condition-never-matches", Severity.MAJOR,
            "A condition no GitLab token can satisfy, so the role is dead (or the Deny never applies): a key AWS "
                    + "never sets for this provider under an operator that needs the key (a positive operator "
                    + "without IfExists, ForAnyValue, Null false), or clauses on one key that contradict each other "
                    + "(StringEquals values that another clause on the same key excludes), '*' in every value of a "
                    + "StringEquals, or a sub clause none of whose values GitLab can send. Reported next to the rule "
                    + "that names the cause. A missing key fails every "
                    + "positive operator. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
            "use keys AWS sets for the provider (HOST:sub, HOST:aud; on gitlab.com also project_id, namespace_id, "
                    + "ref_protected, ...) and one consistent set of values per key"),
    SET_OPERATOR_SINGLE_VALUED("set-operator-single-valued", Severity.MAJOR,
            "ForAnyValue: (and ForAllValues: outside an Allow) on a single-valued key such as sub or aud: IAM "
                    + "documents set operators for multivalued keys only; on a single-valued key they change how a "
                    + "missing key and negated operators behave (ForAnyValue fails on a missing key, "
                    + "ForAnyValue:StringNotEquals holds when any value differs). "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
            "drop the ForAnyValue:/ForAllValues: qualifier and use the plain operator (StringEquals, StringLike, ...)"),
    UNKNOWN_OPERATOR("unknown-operator", Severity.MAJOR,
            "Not an IAM condition operator: IAM rejects the policy (MalformedPolicyDocument). "
                    + "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
            "use StringEquals, StringLike, Bool, Null, ... spelled exactly");

    public final String id;
    public final Severity severity;
    public final String description;
    public final String fix;

    Rule(String id, Severity severity, String description, String fix) {
        this.id = id;
        this.severity = severity;
        this.description = description;
        this.fix = fix;
    }

    public static Rule byId(String id) {
        for (Rule r : values()) if (r.id.equals(id)) return r;
        throw new IllegalArgumentException("unknown rule " + id);
    }
}
