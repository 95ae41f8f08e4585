package lib.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** One GET through {@link UrlConnections}, in a JVM of its own (its TLS and proxy settings are per process). */
public final class HttpProbe {
    private HttpProbe() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        SdkHttpClient client = UrlConnections.client(uri, Duration.ofSeconds(3), Duration.ofSeconds(5));
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.GET).build();
        HttpExecuteResponse response = client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
        String body = new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(response.httpResponse().statusCode() + " " + body);
    }
}
