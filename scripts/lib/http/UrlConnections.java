package lib.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's URL-connection HTTP client with TLS set up only when it is used. The SDK's default
 * builder makes its own SSL context up front, loading and parsing the JDK's CA store: about
 * 110 ms, the largest single cost of a short exchange. Here TLS is prepared on a second thread
 * (see {@link #prepareTls()}) as soon as an https endpoint is known, while the caller validates
 * its inputs and builds the SDK client, and not at all for an http one. Timeouts and proxies
 * behave as with the SDK's builder: its ProxyConfiguration (system properties, then the environment).
 */
public final class UrlConnections {
    private static CompletableFuture<SSLSocketFactory> tls;

    private UrlConnections() {}

    /** endpoint: where the client will connect, or null for AWS itself (https). */
    public static SdkHttpClient client(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        if (usesTls(endpoint == null ? null : endpoint.toString())) prepareTls();
        ProxyConfiguration proxy = ProxyConfiguration.builder().build();
        int connectMillis = Math.toIntExact(connectTimeout.toMillis());
        int readMillis = Math.toIntExact(readTimeout.toMillis());
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = open(uri, proxy);
                if (connection instanceof HttpsURLConnection https) https.setSSLSocketFactory(socketFactory());
                connection.setConnectTimeout(connectMillis);
                connection.setReadTimeout(readMillis);
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static HttpURLConnection open(URI uri, ProxyConfiguration config) throws IOException {
        boolean proxied = config.host() != null && config.port() > 0
                && config.nonProxyHosts().stream().noneMatch(uri.getHost().toLowerCase(Locale.ROOT)::matches);
        if (!proxied) return (HttpURLConnection) uri.toURL().openConnection();
        URLConnection connection = uri.toURL().openConnection(
                new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(config.host(), config.port())));
        if (config.username() != null && config.password() != null) {
            String credentials = config.username() + ":" + config.password();
            connection.addRequestProperty("proxy-authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return (HttpURLConnection) connection;
    }

    /** True unless the endpoint is plain http (null or blank is AWS itself: https). */
    public static boolean usesTls(String endpoint) {
        return endpoint == null || !endpoint.strip().regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * Starts building the JDK's default SSL context (the CA store) on one thread and the key
     * exchange a TLS 1.3 client offers first (X25519 and P-256 key shares; P-256's tables alone
     * take ~90 ms to initialise on Java 25 with C1) on another. Idempotent; nothing is sent.
     */
    public static synchronized void prepareTls() {
        if (tls != null) return;
        tls = new CompletableFuture<>();
        daemon("tls-context", () -> {
            try {
                tls.complete(SSLContext.getDefault().getSocketFactory());
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                tls.completeExceptionally(e);
            }
        });
        daemon("tls-key-shares", () -> {
            try {
                KeyPairGenerator.getInstance("X25519").generateKeyPair();
                KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
                p256.initialize(new ECGenParameterSpec("secp256r1"));
                p256.generateKeyPair();
            } catch (GeneralSecurityException | RuntimeException e) {
                // Only a head start: the handshake does the same work itself if this fails.
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static SSLSocketFactory socketFactory() throws IOException {
        prepareTls();
        try {
            return tls.get();
        } catch (ExecutionException e) {
            throw new IOException("cannot set up TLS: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting up TLS", e);
        }
    }
}
