package lib.sts;

import java.net.URI;
import java.time.Duration;
import lib.exchange.ExchangeSettings;
import lib.http.Network;
import lib.http.UrlConnections;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * STS clients for the exchange: the URL-connection HTTP client (fastest to start, TLS set up
 * only when used), explicit region and timeouts, no SDK retries (RetryPolicy decides), and no
 * profile files read, so the files this toolkit is about to write cannot change how it calls STS.
 */
public final class StsClients {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private StsClients() {}

    /** Unsigned: AssumeRoleWithWebIdentity needs no credentials, and ambient ones must not be sent. */
    public static StsClient anonymous(String region, URI endpoint, Duration attemptTimeout, Network network,
                                      ExchangeSettings.EndpointVariant variant) {
        return build(region, endpoint, AnonymousCredentialsProvider.create(), attemptTimeout, network, variant);
    }

    /** Without a proxy or CA bundle, at the regular endpoint. */
    public static StsClient anonymous(String region, URI endpoint, Duration attemptTimeout) {
        return anonymous(region, endpoint, attemptTimeout, Network.direct(), new ExchangeSettings.EndpointVariant(false, false));
    }

    /**
     * An attempt ends at {@code attemptTimeout}; a connect takes at most CONNECT_TIMEOUT of it.
     * network: the proxies and CA bundle to reach STS through; variant: FIPS and dual-stack, when no endpoint is given.
     */
    public static StsClient build(String region, URI endpoint, AwsCredentialsProvider credentials, Duration attemptTimeout,
                                  Network network, ExchangeSettings.EndpointVariant variant) {
        ProfileFile noProfiles = ProfileFile.aggregator().build();
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .fipsEnabled(variant.fips())
                .dualstackEnabled(variant.dualStack())
                .credentialsProvider(credentials)
                .httpClient(UrlConnections.client(endpoint,
                        CONNECT_TIMEOUT.compareTo(attemptTimeout) < 0 ? CONNECT_TIMEOUT : attemptTimeout, attemptTimeout, network))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout)
                        .defaultProfileFile(noProfiles)
                        .defaultProfileName("default"));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }
}
