import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import testkit.Proc;

/**
 * A Maven mirror on 127.0.0.1 over HTTPS with a throwaway self-signed certificate, serving this
 * machine's local Maven repository under /maven2/. It can alter one file, or accept connections
 * and never answer.
 */
final class JbangMirrorServer implements AutoCloseable {
    private static final String PASSWORD = "changeit";
    private final Path certificate;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private HttpsServer https;
    private ServerSocket silent;
    private String alteredFile;
    private String stalledFile;

    private JbangMirrorServer(Path certificate) {
        this.certificate = certificate;
    }

    /** A mirror that serves the local Maven repository; alter(name) makes it serve that jar changed. */
    static JbangMirrorServer serving(Path temp) throws Exception {
        Path keyStore = keyStore(temp);
        JbangMirrorServer mirror = new JbangMirrorServer(temp.resolve("mirror.pem"));
        mirror.startHttps(keyStore);
        return mirror;
    }

    /** A server that accepts TCP connections and never sends a byte. */
    static JbangMirrorServer silent(Path temp) throws IOException {
        JbangMirrorServer mirror = new JbangMirrorServer(null);
        mirror.silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!mirror.silent.isClosed()) {
                try {
                    mirror.held.add(mirror.silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return mirror;
    }

    JbangMirrorServer alter(String fileName) {
        this.alteredFile = fileName;
        return this;
    }

    /** Sends the headers for this jar, then never the body. */
    JbangMirrorServer stall(String fileName) {
        this.stalledFile = fileName;
        return this;
    }

    String url() {
        int port = https != null ? https.getAddress().getPort() : silent.getLocalPort();
        return "https://127.0.0.1:" + port + "/maven2";
    }

    /** The PEM certificate clients must trust (CURL_CA_BUNDLE). */
    Path certificate() {
        return certificate;
    }

    List<String> requests() {
        return requests;
    }

    private void startHttps(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/maven2/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/maven2/".length());
            requests.add(path);
            Path file = JbangInstallFixture.MAVEN_LOCAL.resolve(path).normalize();
            if (path.contains("..") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            if (file.getFileName().toString().equals(alteredFile)) body[body.length / 2] ^= 1;
            exchange.sendResponseHeaders(200, body.length);
            if (file.getFileName().toString().equals(stalledFile)) {
                exchange.getResponseBody().flush();
                sleepUntilStopped();
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        https.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r);
            thread.setDaemon(true);
            return thread;
        }));
        https.start();
    }

    private static void sleepUntilStopped() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path keyStore(Path temp) {
        Path keyStore = temp.resolve("mirror.p12");
        String keytool = JbangInstallFixture.JAVA_BIN.resolve("keytool").toString();
        Proc.Result made = Proc.of(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "mirror",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).run();
        assertEquals(0, made.exitCode(), made::toString);
        Proc.Result exported = Proc.of(keytool, "-exportcert", "-rfc", "-alias", "mirror", "-keystore",
                keyStore.toString(), "-storepass", PASSWORD, "-file", temp.resolve("mirror.pem").toString()).run();
        assertEquals(0, exported.exitCode(), exported::toString);
        return keyStore;
    }

    @Override
    public void close() throws IOException {
        if (https != null) https.stop(0);
        if (silent != null) silent.close();
        for (Socket socket : held) socket.close();
    }
}
