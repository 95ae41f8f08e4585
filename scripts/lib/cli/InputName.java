package lib.cli;

/**
 * How one setting is named everywhere: option, environment variable and component input. A
 * message names it the way the reader set it: in a job of the component (AWS_OIDC_COMPONENT_SHA
 * set) by its input, "input role_arn"; on a laptop by its option and variable,
 * "--role-arn (env AWS_OIDC_ROLE_ARN)".
 */
public record InputName(String option, String environmentVariable, String componentInput) {
    /** Set by the component in its job, and nowhere else. */
    public static final String COMPONENT_MARKER = "AWS_OIDC_COMPONENT_SHA";

    public static boolean inComponentJob() {
        return !Values.isBlank(System.getenv(COMPONENT_MARKER));
    }

    public String describe() {
        return describe(inComponentJob());
    }

    /**
     * "input role_arn" in a component job ("variable AWS_OIDC_TOKEN_FILE" for a setting the
     * component has no input for), else "--role-arn (env AWS_OIDC_ROLE_ARN)".
     */
    public String describe(boolean componentJob) {
        if (componentJob) return componentInput != null ? "input " + componentInput : "variable " + environmentVariable;
        return option + " (env " + environmentVariable + ")";
    }

    public UsageException invalid(String value, String problem, String fix) {
        String shown = value == null ? "" : " \"" + value + "\"";
        return new UsageException(describe() + shown + ": " + problem + ". " + fix);
    }

    public UsageException invalidSecret(String problem, String fix) {
        return new UsageException(describe() + ": " + problem + ". " + fix);
    }
}
