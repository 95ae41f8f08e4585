package lib.token.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import lib.http.Network;
import lib.http.TlsFailures;

/** Fetches an OIDC issuer's discovery document and key set, with bounded time and size. */
public final class IssuerDiscovery {
    public static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 1 << 20;

    private final Duration timeout;
    private final HttpClient http;
    private final Network network;

    /** The parts of a discovery document that matter here; either may be null when the document lacks it. */
    public record Document(URI url, String issuer, String jwksUri) {}

    public IssuerDiscovery(Duration timeout) {
        this(timeout, Network.direct());
    }

    /** Fetches through the network's proxies, trusting its CA bundle beside the JVM's CAs. */
    public IssuerDiscovery(Duration timeout, Network network) {
        this.timeout = timeout;
        this.network = network;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(network.proxies().selector());
        // Discovery and keys, each perhaps behind a redirect: the client stops after 3 refusals of its own.
        Authenticator authenticator = network.proxies().authenticator(8);
        if (authenticator != null) builder.authenticator(authenticator);
        if (network.caBundle() != null) {
            try {
                builder.sslContext(network.caBundle().sslContext());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS with the CA bundle " + network.caBundle().path() + ": " + e.getMessage(), e);
            }
        }
        this.http = builder.build();
    }

    /** Where the discovery document of {@code issuer} lives: the issuer URL plus the well-known path. */
    public static URI discoveryUrl(String issuer) throws DiscoveryException {
        httpUri(issuer, "the token's iss");
        return URI.create(issuer.replaceFirst("/+$", "") + WELL_KNOWN);
    }

    public Document fetch(String issuer) throws DiscoveryException {
        URI url = discoveryUrl(issuer);
        String body = get(url, "issuer unreachable");
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (IOException e) {
            throw new DiscoveryException("discovery document invalid: " + url + " did not return JSON");
        }
        if (doc == null || !doc.isObject()) throw new DiscoveryException("discovery document invalid: " + url + " returned JSON that is not an object");
        return new Document(url, textField(doc, "issuer"), textField(doc, "jwks_uri"));
    }

    /** The key set at {@code jwksUri} as text. */
    public String fetchKeys(String jwksUri) throws DiscoveryException {
        return get(httpUri(jwksUri, "the discovery document's jwks_uri"), "JWKS unreachable");
    }

    /** One GET bounded as a whole, body included: an issuer that stalls mid-body must not hang the caller. */
    private String get(URI url, String failure) throws DiscoveryException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, IssuerDiscovery::boundedBody);
        try {
            HttpResponse<byte[]> response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) throw new DiscoveryException(failure + ": " + url + " answered HTTP " + response.statusCode());
            if (response.body() == null || response.body().length > MAX_BYTES) throw new DiscoveryException(failure + ": " + url + " returned more than 1 MiB");
            return new String(response.body(), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new DiscoveryException(failure + ": " + url + " did not answer within " + seconds());
        } catch (ExecutionException e) {
            throw failure(e.getCause(), url, failure);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new DiscoveryException(failure + ": interrupted while fetching " + url);
        }
    }

    /** Declared oversize bodies are not read at all; others are read, and the deadline bounds them. */
    private static HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info) {
        return info.headers().firstValueAsLong("Content-Length").orElse(0) > MAX_BYTES
                ? HttpResponse.BodySubscribers.replacing(null)
                : HttpResponse.BodySubscribers.ofByteArray();
    }

    private DiscoveryException failure(Throwable cause, URI url, String failure) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new DiscoveryException(failure + ": no connection to " + url.getAuthority() + " within " + seconds() + " (" + url + ")");
        }
        if (cause instanceof HttpTimeoutException) return new DiscoveryException(failure + ": " + url + " did not answer within " + seconds());
        if (cause instanceof ConnectException) {
            String why = cause.getCause() instanceof UnresolvedAddressException ? "host " + url.getHost() + " not found" : "connection refused by " + url.getAuthority();
            return new DiscoveryException(failure + ": " + why + " (" + url + ")");
        }
        if (TlsFailures.isUntrustedCertificate(cause)) {
            return new DiscoveryException(failure + ": " + TlsFailures.untrusted(url.getAuthority(), network.caBundle()));
        }
        if (cause instanceof SSLException) return new DiscoveryException(failure + ": TLS with " + url.getAuthority() + " failed: " + cause.getMessage());
        if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("407")) {
            return new DiscoveryException(failure + ": the proxy " + network.proxies().forUri(url) + " asks for credentials (HTTP 407): "
                    + "put them in the proxy URL, as user:password@host:port after http://");
        }
        return new DiscoveryException(failure + ": " + url + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.getSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static URI httpUri(String value, String what) throws DiscoveryException {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null) {
                throw new DiscoveryException(what + " '" + value + "' is not an https URL, so there is no discovery document to fetch");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DiscoveryException(what + " '" + value + "' is not a URL, so there is no discovery document to fetch");
        }
    }

    private static String textField(JsonNode doc, String name) {
        JsonNode value = doc.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
