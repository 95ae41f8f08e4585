package lib.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import testkit.Proc;

/**
 * The HTTP client that sets TLS up only when used: https is still verified against the JDK's
 * trust store (never trust-all), and proxies come from the same places as with the SDK's builder.
 */
class UrlConnectionsTest {
    private static final String PASSWORD = "test-only";
    @TempDir Path temp;
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void anHttpsEndpointWithAnUntrustedCertificateIsRefused() throws Exception {
        URI uri = httpsServer(selfSignedKeyStore());
        var client = UrlConnections.client(uri, Duration.ofSeconds(3), Duration.ofSeconds(5));
        var request = SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.GET).build();
        IOException refused = assertThrows(IOException.class,
                () -> client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call());
        assertTrue(refused instanceof SSLHandshakeException, refused.toString());
    }

    @Test
    void anHttpsEndpointWithATrustedCertificateAnswers() throws Exception {
        Path keyStore = selfSignedKeyStore();
        URI uri = httpsServer(keyStore);
        Proc.Result result = probe(uri.toString(), "-Djavax.net.ssl.trustStore=" + keyStore,
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("200 hello over tls", result.stdout().strip(), result::toString);
    }

    @Test
    void aProxyFromTheEnvironmentCarriesTheRequestAsWithTheSdksOwnBuilder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().toString());
            answer(exchange, "via proxy");
        });
        proxy.start();
        servers.add(proxy);
        Proc.Result result = probe("http://sts.example.invalid:4566/")
                .env("HTTP_PROXY", "http://127.0.0.1:" + proxy.getAddress().getPort())
                .run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("200 via proxy", result.stdout().strip(), result::toString);
        assertEquals(List.of("http://sts.example.invalid:4566/"), seen);
    }

    private Proc probe(String url, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpProbe.class.getName(), url));
        return Proc.of(command);
    }

    private URI httpsServer(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> answer(exchange, "hello over tls"));
        server.start();
        servers.add(server);
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private Path selfSignedKeyStore() throws IOException {
        Path keyStore = temp.resolve("server.p12");
        Proc.Result made = Proc.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "server", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).run();
        assertEquals(0, made.exitCode(), made::toString);
        return keyStore;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
