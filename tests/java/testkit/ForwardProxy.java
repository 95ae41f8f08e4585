package testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forwarding HTTP proxy on 127.0.0.1, as corporate networks run them: CONNECT opens a tunnel
 * (https), an absolute-form request is forwarded (http). It records every request it sees, can
 * require Basic proxy credentials (407 otherwise) and only ever connects to loopback.
 */
public final class ForwardProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "forward-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Seen> seen = new ArrayList<>();
    private final String requiredAuthorization;
    private volatile int routeAllTo;
    private volatile boolean closed;

    /** One request line the proxy received, with its Proxy-Authorization header (null when absent). */
    public record Seen(String method, String target, String proxyAuthorization, boolean allowed) {}

    private ForwardProxy(String user, String password) throws IOException {
        requiredAuthorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        workers.execute(this::acceptLoop);
    }

    /** Open to anyone. */
    public static ForwardProxy start() {
        return start(null, null);
    }

    /** Answers 407 unless the request carries these Basic credentials. */
    public static ForwardProxy start(String user, String password) {
        try {
            return new ForwardProxy(user, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    /**
     * Tunnels every CONNECT, whatever host it names, to 127.0.0.1:{@code port}: stands in for DNS so
     * that a client asking for a real AWS host name reaches a local server. The host asked for is still
     * recorded.
     */
    public ForwardProxy routeAllTo(int port) {
        routeAllTo = port;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** http://127.0.0.1:PORT, or with user info as given (not encoded: tests pass what users write). */
    public String url(String userInfo) {
        return "http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    private synchronized void record(Seen request) {
        seen.add(request);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(ForwardProxy::closeQuietly);
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            MiniHttp.RawRequest request = MiniHttp.read(in, out);
            if (request == null) return;
            String authorization = request.header("Proxy-Authorization");
            boolean allowed = requiredAuthorization == null || requiredAuthorization.equals(authorization);
            record(new Seen(request.method(), request.target(), authorization, allowed));
            if (!allowed) {
                MiniHttp.write(out, 407, Map.of("Proxy-Authenticate", "Basic realm=\"test proxy\"", "Content-Type", "text/html"),
                        "<html><body>proxy authentication required</body></html>".getBytes(StandardCharsets.UTF_8), true);
                return;
            }
            if (request.method().equals("CONNECT")) {
                tunnel(request.target(), client, in, out);
            } else {
                forward(request, client, in, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client or the target went away
        } finally {
            open.remove(client);
        }
    }

    private void tunnel(String target, Socket client, InputStream in, OutputStream out) throws IOException {
        int colon = target.lastIndexOf(':');
        try (Socket upstream = routeAllTo > 0 ? loopback("127.0.0.1", routeAllTo)
                : loopback(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pipe(client, in, upstream);
        }
    }

    private void forward(MiniHttp.RawRequest request, Socket client, InputStream in, OutputStream out) throws IOException {
        URI uri = URI.create(request.target());
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try (Socket upstream = loopback(uri.getHost(), port)) {
            StringBuilder head = new StringBuilder(request.method()).append(' ')
                    .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
            request.headers().forEach((name, values) -> {
                String lower = name.toLowerCase();
                if (lower.startsWith("proxy-") || lower.equals("connection") || lower.equals("content-length")
                        || lower.equals("transfer-encoding") || lower.equals("expect")) return;
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            });
            head.append("Content-Length: ").append(request.body().length).append("\r\nConnection: close\r\n\r\n");
            OutputStream up = upstream.getOutputStream();
            up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(request.body());
            up.flush();
            upstream.getInputStream().transferTo(out);
            out.flush();
        }
    }

    /** Tests talk to loopback only: any other target is refused. */
    private Socket loopback(String host, int port) throws IOException {
        InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        if (!address.isLoopbackAddress()) throw new IOException("the test proxy only connects to loopback, not " + host);
        Socket socket = new Socket(address, port);
        open.add(socket);
        return socket;
    }

    private void pipe(Socket client, InputStream clientIn, Socket upstream) throws IOException {
        InputStream upIn = upstream.getInputStream();
        OutputStream upOut = upstream.getOutputStream();
        OutputStream clientOut = client.getOutputStream();
        workers.execute(() -> {
            try {
                upIn.transferTo(clientOut);
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(client);
            }
        });
        try {
            clientIn.transferTo(upOut);
        } catch (IOException ignored) {
            // either side closed
        }
        closeQuietly(upstream);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
