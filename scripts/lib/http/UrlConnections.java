package lib.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's URL-connection HTTP client with TLS set up only when it is used. The SDK's default
 * builder makes its own SSL context up front, loading and parsing the JDK's CA store: about
 * 110 ms, the largest single cost of a short exchange. Here TLS is prepared on a second thread
 * (see {@link #prepareTls()}) as soon as an https endpoint is known, while the caller validates
 * its inputs and builds the SDK client, and not at all for an http one. Proxies come from the
 * environment as the AWS CLI reads them ({@link EnvironmentProxies}); a CA bundle is trusted beside
 * the JVM's CAs ({@link CaBundle}).
 */
public final class UrlConnections {
    private static CompletableFuture<SSLSocketFactory> tls;
    private static CompletableFuture<SSLSocketFactory> bundleTls;
    private static CaBundle bundle;

    private UrlConnections() {}

    /** endpoint: where the client will connect, or null for AWS itself (https); proxies from this process's environment. */
    public static SdkHttpClient client(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        return client(endpoint, connectTimeout, readTimeout, Network.of(System.getenv(), null));
    }

    /** As above, through the given network: its proxies, and its CA bundle beside the JVM's CAs. */
    public static SdkHttpClient client(URI endpoint, Duration connectTimeout, Duration readTimeout, Network network) {
        if (usesTls(endpoint == null ? null : endpoint.toString())) {
            if (network.caBundle() == null) prepareTls(); else prepareTls(network.caBundle());
        }
        int connectMillis = Math.toIntExact(connectTimeout.toMillis());
        int readMillis = Math.toIntExact(readTimeout.toMillis());
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = open(uri, network.proxies().forUri(uri), network.proxies().authenticator(1));
                if (connection instanceof HttpsURLConnection https) https.setSSLSocketFactory(socketFactory(network.caBundle()));
                connection.setConnectTimeout(connectMillis);
                connection.setReadTimeout(readMillis);
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Through the proxy when there is one. Plain http sends the credentials up front, as botocore
     * does; an https tunnel answers the proxy's challenge (a header set here would also travel
     * inside the tunnel, to the server).
     */
    private static HttpURLConnection open(URI uri, ProxyUrl proxy, Authenticator authenticator) throws IOException {
        if (proxy == null) return (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy.javaProxy());
        if (authenticator != null) connection.setAuthenticator(authenticator);
        if (proxy.hasCredentials() && !(connection instanceof HttpsURLConnection)) {
            connection.setRequestProperty("Proxy-Authorization", proxy.basicAuthorization());
        }
        return connection;
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

    /** Starts building TLS that trusts the JVM's CAs and this bundle's, on another thread. */
    public static synchronized void prepareTls(CaBundle caBundle) {
        if (bundleTls != null && caBundle.equals(bundle)) return;
        bundle = caBundle;
        CompletableFuture<SSLSocketFactory> future = new CompletableFuture<>();
        bundleTls = future;
        daemon("tls-context-ca-bundle", () -> {
            try {
                future.complete(caBundle.sslContext().getSocketFactory());
            } catch (GeneralSecurityException | RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static SSLSocketFactory socketFactory(CaBundle caBundle) throws IOException {
        CompletableFuture<SSLSocketFactory> pending;
        synchronized (UrlConnections.class) {
            if (caBundle == null) prepareTls(); else prepareTls(caBundle);
            pending = caBundle == null ? tls : bundleTls;
        }
        try {
            return pending.get();
        } catch (ExecutionException e) {
            throw new IOException("cannot set up TLS: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting up TLS", e);
        }
    }
}
