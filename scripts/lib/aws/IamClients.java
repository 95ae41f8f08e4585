package lib.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import lib.http.UrlConnections;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Signed IAM and STS clients for tools that read or change the AWS side with the caller's own
 * credentials: URL-connection HTTP client, explicit region, bounded call and attempt times, and
 * an endpoint override only when one was asked for (--endpoint-url or AWS_ENDPOINT_URL_*).
 */
public final class IamClients {
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private IamClients() {}

    /**
     * --endpoint-url first, then the service's own AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL;
     * null for AWS itself. Throws IllegalArgumentException (message: the value) unless it is an http(s) URL.
     */
    public static URI endpoint(String option, Map<String, String> env, String service) {
        for (String value : new String[] {option, env.get("AWS_ENDPOINT_URL_" + service), env.get("AWS_ENDPOINT_URL")}) {
            if (value == null || value.isBlank()) continue;
            try {
                URI uri = URI.create(value.trim());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return uri;
            } catch (IllegalArgumentException e) {
                // reported below with the value
            }
            throw new IllegalArgumentException(value);
        }
        return null;
    }

    /**
     * Keys in the given environment win (as in the SDK's default chain, where the environment
     * comes before profiles); otherwise the default chain: profile, SSO, container, instance.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && !key.isBlank() && secret != null && !secret.isBlank()) {
            String session = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(session == null || session.isBlank()
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, session));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public static IamClient iam(String partition, URI endpoint, AwsCredentialsProvider credentials) {
        IamClientBuilder builder = IamClient.builder()
                .region(Region.of(Arns.iamRegion(partition)))
                .credentialsProvider(credentials)
                .httpClient(UrlConnections.client(endpoint, CONNECT_TIMEOUT, ATTEMPT_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    public static StsClient sts(String region, URI endpoint, AwsCredentialsProvider credentials) {
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnections.client(endpoint, CONNECT_TIMEOUT, ATTEMPT_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }
}
