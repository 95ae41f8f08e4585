package testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A Maven mirror on 127.0.0.1 (plain http, which the component allows only on loopback) serving
 * this machine's local Maven repository under /maven2/. It can serve one jar altered, or send one
 * jar's headers and then nothing. {@link #shared()} is one mirror for every component job of the
 * test run, so that no test reaches a real repository.
 */
public final class MavenMirror implements AutoCloseable {
    private static MavenMirror shared;
    private final HttpServer http;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String alteredFile;
    private volatile String stalledFile;

    private MavenMirror() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/maven2/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/maven2/".length());
            requests.add(path);
            Path file = localRepository().resolve(path).normalize();
            if (path.contains("..") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            if (name.equals(alteredFile)) body[body.length / 2] ^= 1;
            exchange.sendResponseHeaders(200, body.length);
            if (name.equals(stalledFile)) {
                exchange.getResponseBody().flush();
                sleep(60_000);
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        }));
        http.start();
    }

    public static MavenMirror start() throws IOException {
        return new MavenMirror();
    }

    public static synchronized MavenMirror shared() {
        if (shared == null) {
            try {
                shared = new MavenMirror();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    public static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Serves this jar with one bit flipped. */
    public MavenMirror alter(String fileName) {
        alteredFile = fileName;
        return this;
    }

    /** Sends this jar's headers, then never its body. */
    public MavenMirror stall(String fileName) {
        stalledFile = fileName;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/maven2";
    }

    /** Repository paths requested so far. */
    public List<String> requests() {
        return requests;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (this != shared) http.stop(0);
    }
}
