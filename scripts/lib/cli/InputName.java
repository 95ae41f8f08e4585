package lib.cli;

/** How one setting is named everywhere: option, environment variable and component input. */
public record InputName(String option, String environmentVariable, String componentInput) {

    /** "--role-arn (env AWS_OIDC_ROLE_ARN, component input role_arn)". */
    public String describe() {
        StringBuilder text = new StringBuilder(option).append(" (env ").append(environmentVariable);
        if (componentInput != null) text.append(", component input ").append(componentInput);
        return text.append(')').toString();
    }

    public UsageException invalid(String value, String problem, String fix) {
        String shown = value == null ? "" : " \"" + value + "\"";
        return new UsageException(describe() + shown + ": " + problem + ". " + fix);
    }

    public UsageException invalidSecret(String problem, String fix) {
        return new UsageException(describe() + ": " + problem + ". " + fix);
    }
}
