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
        String attemptTimeoutSeconds) {}
