package lib.exchange;

/** The settings as given on the command line or in the environment, before validation. */
public record RawInputs(
        String roleArn,
        String region,
        String audience,
        String profile,
        String durationSeconds,
        String sessionName,
        String credentialMode,
        String tokenVariable,
        String tokenFile,
        String allowedAccountIds,
        String stsEndpoint,
        String sessionPolicy,
        String policyArns,
        String maxAttempts,
        String maxTotalSeconds,
        String webIdentityTokenFile,
        String attemptTimeoutSeconds) {

    /** Every setting from its environment variable, as the component passes them (no arguments). */
    public static RawInputs fromEnvironment(java.util.Map<String, String> env) {
        return new RawInputs(env.get(Inputs.ROLE_ARN.environmentVariable()), env.get(Inputs.REGION.environmentVariable()),
                env.get(Inputs.AUDIENCE.environmentVariable()), env.get(Inputs.PROFILE.environmentVariable()),
                env.get(Inputs.DURATION.environmentVariable()), env.get(Inputs.SESSION_NAME.environmentVariable()),
                env.get(Inputs.MODE.environmentVariable()), env.get(Inputs.TOKEN_VARIABLE.environmentVariable()),
                env.get(Inputs.TOKEN_FILE.environmentVariable()), env.get(Inputs.ALLOWED_ACCOUNTS.environmentVariable()),
                env.get(Inputs.STS_ENDPOINT.environmentVariable()), env.get(Inputs.SESSION_POLICY.environmentVariable()),
                env.get(Inputs.POLICY_ARNS.environmentVariable()), env.get(Inputs.MAX_ATTEMPTS.environmentVariable()),
                env.get(Inputs.MAX_TOTAL_SECONDS.environmentVariable()), env.get(Inputs.TOKEN_FILE_OUT.environmentVariable()),
                env.get(Inputs.ATTEMPT_TIMEOUT.environmentVariable()));
    }
}
