package lib.exchange;

import lib.cli.InputName;
import lib.cli.UsageException;

/**
 * Every input of the exchange, stated once: its option, environment variable, component input,
 * default and (for numbers) allowed range. AssumeRole's picocli options, the environment reading
 * ({@link RawInputs#fromEnvironment}) and {@link InputValidator} all take them from here; a test
 * checks the component template's spec: against this table.
 */
public enum ExchangeInput {
    ROLE_ARN("--role-arn", "AWS_OIDC_ROLE_ARN", "role_arn", null, "ARN",
            "IAM role to assume, e.g. arn:aws:iam::123456789012:role/deploy."),
    REGION("--region", "AWS_REGION", "aws_region", null, "REGION",
            "Region of the STS endpoint and of the profile; AWS_DEFAULT_REGION when AWS_REGION is unset."),
    AUDIENCE("--audience", "AWS_OIDC_AUDIENCE", "audience", "sts.amazonaws.com", "AUD",
            "Expected aud of the token; the IAM OIDC provider must list it as a client id."),
    PROFILE("--profile", "AWS_OIDC_PROFILE", "profile", "default", "NAME",
            "Profile to write ([A-Za-z0-9_.-])."),
    DURATION("--duration-seconds", "AWS_OIDC_DURATION_SECONDS", "duration_seconds", "3600", "SECONDS",
            "Session length, at most the role's MaxSessionDuration.", 900, 43200),
    SESSION_NAME("--session-name", "AWS_OIDC_SESSION_NAME", "session_name", null, "NAME",
            "Role session name, sanitized to [\\w+=,.@-]{2,64}; empty derives gitlab-PROJECT_ID-PIPELINE_ID-JOB_ID."),
    MODE("--credential-mode", "AWS_OIDC_CREDENTIAL_MODE", "credential_mode", "static", "MODE",
            "static (keys in the credentials file), web_identity (token file; SDKs refresh by themselves) or process "
                    + "(credential_process back into this toolkit, cached); auto means static here."),
    TOKEN_VARIABLE("--token-env", "AWS_OIDC_TOKEN_VARIABLE", "token_variable", "AWS_OIDC_TOKEN", "VARIABLE",
            "Name of the environment variable holding the ID token (the id_tokens variable)."),
    TOKEN_FILE("--token-file", "AWS_OIDC_TOKEN_FILE", null, null, "FILE",
            "Read the ID token from this file instead."),
    ALLOWED_ACCOUNTS("--allowed-account-ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS", "allowed_account_ids", null, "IDS",
            "Refuse credentials for any other account (checked with GetCallerIdentity); comma-separated."),
    STS_ENDPOINT("--sts-endpoint", "AWS_OIDC_STS_ENDPOINT", "sts_endpoint", null, "URL",
            "STS endpoint (private or test endpoints), also written to the profile; else AWS_ENDPOINT_URL_STS or "
                    + "AWS_ENDPOINT_URL, else the regional endpoint."),
    SESSION_POLICY("--session-policy", "AWS_OIDC_SESSION_POLICY", "session_policy", null, "JSON",
            "Inline session policy (JSON, at most 2048 characters)."),
    POLICY_ARNS("--policy-arns", "AWS_OIDC_POLICY_ARNS", "policy_arns", null, "ARNS",
            "Managed session policies, at most 10, comma-separated."),
    CA_BUNDLE("--ca-bundle", "AWS_OIDC_CA_BUNDLE", "ca_bundle", null, "FILE",
            "PEM file of CA certificates trusted in addition to the JVM's own (a TLS-inspecting proxy's or a private "
                    + "endpoint's CA), also written to the profile as ca_bundle; else AWS_CA_BUNDLE as the AWS CLI reads it."),
    USE_FIPS_ENDPOINT("--use-fips-endpoint", "AWS_OIDC_USE_FIPS_ENDPOINT", "use_fips_endpoint", "false", "true|false",
            "Call STS at its FIPS endpoint (us-east-1, us-east-2, us-west-1, us-west-2, GovCloud); also written to the "
                    + "profile as use_fips_endpoint."),
    USE_DUALSTACK_ENDPOINT("--use-dualstack-endpoint", "AWS_OIDC_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", "false", "true|false",
            "Call STS at its dual-stack (IPv4 and IPv6) endpoint (aws, aws-us-gov and aws-cn partitions); also written to the "
                    + "profile as use_dualstack_endpoint."),
    MAX_ATTEMPTS("--max-attempts", "AWS_OIDC_MAX_ATTEMPTS", null, "5", "N",
            "Attempts for transient failures (throttling, 5xx, network, JWKS fetch).", 1, 20),
    MAX_TOTAL_SECONDS("--max-total-seconds", "AWS_OIDC_MAX_TOTAL_SECONDS", null, "60", "S",
            "Time budget in seconds for all attempts and waits.", 1, 900),
    ATTEMPT_TIMEOUT("--attempt-timeout-seconds", "AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS", null, "10", "S",
            "Time limit in seconds of one STS attempt (connect, send, answer); a slower answer counts as a transient failure.", 1, 60),
    WEB_IDENTITY_TOKEN_FILE("--web-identity-token-file", "AWS_OIDC_WEB_IDENTITY_TOKEN_FILE", null, null, "FILE",
            "Where web_identity mode stores the token (0600); empty means web-identity-token-PROFILE beside the config file."),
    PROCESS_COMMAND("--process-command", "AWS_OIDC_PROCESS_COMMAND", null, null, "CMD",
            "process mode: the command that runs this toolkit again for credential_process; empty means the "
                    + "component's launcher, when started by the component.");

    private final InputName name;
    private final String defaultValue;
    private final String paramLabel;
    private final String description;
    private final int min;
    private final int max;

    ExchangeInput(String option, String variable, String componentInput, String defaultValue, String paramLabel, String description) {
        this(option, variable, componentInput, defaultValue, paramLabel, description, 0, 0);
    }

    ExchangeInput(String option, String variable, String componentInput, String defaultValue, String paramLabel, String description,
                  int min, int max) {
        this.name = new InputName(option, variable, componentInput);
        this.defaultValue = defaultValue;
        this.paramLabel = paramLabel;
        this.description = description;
        this.min = min;
        this.max = max;
    }

    /** How messages name it: by component input in a component job, else by option and variable. */
    public InputName naming() {
        return name;
    }

    public String option() {
        return name.option();
    }

    public String environmentVariable() {
        return name.environmentVariable();
    }

    /** The component's input name, or null for a setting the component does not offer. */
    public String componentInput() {
        return name.componentInput();
    }

    /** Taken when the input is unset or blank; null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String paramLabel() {
        return paramLabel;
    }

    public boolean isNumber() {
        return max > 0;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The option's help text: what it does, its range, its variable and its default. */
    public String help() {
        StringBuilder text = new StringBuilder(description);
        if (isNumber()) text.append(" Range: ").append(min).append('-').append(max).append('.');
        text.append(" Env: ").append(environmentVariable()).append('.');
        if (defaultValue != null) text.append(" Default: ").append(defaultValue).append('.');
        return text.toString();
    }

    /** picocli's default: the variable, else the table's default. */
    public String picocliDefault() {
        return "${env:" + environmentVariable() + (defaultValue == null ? "" : ":-" + defaultValue) + "}";
    }

    public String describe() {
        return name.describe();
    }

    public UsageException invalid(String value, String problem, String fix) {
        return name.invalid(value, problem, fix);
    }

    public UsageException invalidSecret(String problem, String fix) {
        return name.invalidSecret(problem, fix);
    }
}
