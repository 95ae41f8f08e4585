package lib.exchange;

import lib.cli.InputName;

/** The exchange's settings: option, environment variable and component input of each. */
public final class Inputs {
    public static final InputName ROLE_ARN = new InputName("--role-arn", "AWS_OIDC_ROLE_ARN", "role_arn");
    public static final InputName REGION = new InputName("--region", "AWS_REGION", "aws_region");
    public static final InputName AUDIENCE = new InputName("--audience", "AWS_OIDC_AUDIENCE", "audience");
    public static final InputName PROFILE = new InputName("--profile", "AWS_OIDC_PROFILE", "profile");
    public static final InputName DURATION = new InputName("--duration-seconds", "AWS_OIDC_DURATION_SECONDS", "duration_seconds");
    public static final InputName SESSION_NAME = new InputName("--session-name", "AWS_OIDC_SESSION_NAME", "session_name");
    public static final InputName MODE = new InputName("--credential-mode", "AWS_OIDC_CREDENTIAL_MODE", "credential_mode");
    public static final InputName TOKEN_VARIABLE = new InputName("--token-env", "AWS_OIDC_TOKEN_VARIABLE", "token_variable");
    public static final InputName TOKEN_FILE = new InputName("--token-file", "AWS_OIDC_TOKEN_FILE", null);
    public static final InputName ALLOWED_ACCOUNTS = new InputName("--allowed-account-ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS", "allowed_account_ids");
    public static final InputName STS_ENDPOINT = new InputName("--sts-endpoint", "AWS_OIDC_STS_ENDPOINT", "sts_endpoint");
    public static final InputName SESSION_POLICY = new InputName("--session-policy", "AWS_OIDC_SESSION_POLICY", "session_policy");
    public static final InputName POLICY_ARNS = new InputName("--policy-arns", "AWS_OIDC_POLICY_ARNS", "policy_arns");
    public static final InputName MAX_ATTEMPTS = new InputName("--max-attempts", "AWS_OIDC_MAX_ATTEMPTS", null);
    public static final InputName MAX_TOTAL_SECONDS = new InputName("--max-total-seconds", "AWS_OIDC_MAX_TOTAL_SECONDS", null);
    public static final InputName ATTEMPT_TIMEOUT = new InputName("--attempt-timeout-seconds", "AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS", null);
    public static final InputName TOKEN_FILE_OUT = new InputName("--web-identity-token-file", "AWS_OIDC_WEB_IDENTITY_TOKEN_FILE", null);
    public static final InputName CONFIG_FILE = new InputName("config file", "AWS_CONFIG_FILE", null);
    public static final InputName CREDENTIALS_FILE = new InputName("credentials file", "AWS_SHARED_CREDENTIALS_FILE", null);

    private Inputs() {}
}
