package lib.exchange;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lib.token.IdToken;

/** Everything the exchange needs, validated. The token is held apart so it is never printed. */
public record ExchangeSettings(
        String roleArn,
        String region,
        String audience,
        String profile,
        int durationSeconds,
        String sessionName,
        CredentialMode mode,
        SecretToken token,
        IdToken claims,
        List<String> allowedAccountIds,
        URI stsEndpoint,
        boolean endpointFromInput,
        String sessionPolicy,
        List<String> policyArns,
        int maxAttempts,
        Duration maxTotalTime,
        Path configFile,
        Path credentialsFile,
        Path webIdentityTokenFile,
        Duration attemptTimeout) {
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    /** With the default attempt timeout. */
    public ExchangeSettings(String roleArn, String region, String audience, String profile, int durationSeconds,
                            String sessionName, CredentialMode mode, SecretToken token, IdToken claims,
                            List<String> allowedAccountIds, URI stsEndpoint, boolean endpointFromInput,
                            String sessionPolicy, List<String> policyArns, int maxAttempts, Duration maxTotalTime,
                            Path configFile, Path credentialsFile, Path webIdentityTokenFile) {
        this(roleArn, region, audience, profile, durationSeconds, sessionName, mode, token, claims, allowedAccountIds,
                stsEndpoint, endpointFromInput, sessionPolicy, policyArns, maxAttempts, maxTotalTime, configFile,
                credentialsFile, webIdentityTokenFile, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public String accountId() {
        return roleArn.split(":")[4];
    }

    /** The ID token; toString never shows it. */
    public record SecretToken(String value) {
        @Override
        public String toString() {
            return "****";
        }
    }
}
