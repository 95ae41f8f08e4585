package lib.exchange;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lib.http.CaBundle;
import lib.http.Network;
import lib.token.TokenClaims;

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
        TokenClaims claims,
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
        Duration attemptTimeout,
        Network network,
        EndpointVariant endpointVariant) {

    /** The CA bundle trusted beside the JVM's CAs, or null. */
    public CaBundle caBundle() {
        return network.caBundle();
    }

    public String accountId() {
        return roleArn.split(":")[4];
    }

    /** STS's FIPS and dual-stack endpoint choice (both false: the regular regional endpoint). */
    public record EndpointVariant(boolean fips, boolean dualStack) {}

    /** The ID token; toString never shows it. */
    public record SecretToken(String value) {
        @Override
        public String toString() {
            return "****";
        }
    }
}
