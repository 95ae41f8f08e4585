package lib.trust.cli;

/** The Examples: section of each trust-policy command's --help (picocli format strings: %n ends a line). */
public final class TrustPolicyExamples {
    private TrustPolicyExamples() {}

    public static final String COMMAND = "  trust-policy generate --account-id 123456789012 --project-path acme/web \\%n"
            + "      --branch main --ref-protected > role-trust.json%n"
            + "  trust-policy lint role-trust.json infra/iam/%n"
            + "  trust-policy explain --policy role-trust.json --project-path acme/web --ref main";

    public static final String GENERATE = "  trust-policy generate --account-id 123456789012 --project-path acme/web \\%n"
            + "      --branch main --ref-protected%n"
            + "  trust-policy generate --account-id 123456789012 --project-path acme/web \\%n"
            + "      --tag 'v*' --ref-protected --format terraform";

    public static final String LINT = "  trust-policy lint infra/iam/%n"
            + "  aws iam get-role --role-name deploy > role.json && trust-policy lint role.json%n"
            + "  trust-policy lint --fail-on major --codequality-report gl-code-quality.json \\%n"
            + "      --paths 'infra/**/*.tf'";

    public static final String EXPLAIN = "  trust-policy explain --policy role.json --project-path acme/web --ref main \\%n"
            + "      --ref-protected%n"
            + "  trust-policy explain --policy role.json --token-env AWS_OIDC_TOKEN%n"
            + "  trust-policy explain --policy main.tf --select deploy --claims claims.json";
}
