package testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One moto server (STS and IAM) on 127.0.0.1 for the whole test run, started on first use. */
public final class Moto {
    private static Moto instance;

    private final Process process;
    private final int port;

    private Moto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized Moto get() {
        if (instance == null) instance = start();
        return instance;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public void reset() {
        post("/moto-api/reset");
    }

    private static Moto start() {
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto", ".log");
            List<String> command = new ArrayList<>(Tools.motoServer());
            command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            Moto moto = new Moto(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) throw new IllegalStateException("moto_server exited: " + Files.readString(log));
                try {
                    moto.post("/moto-api/reset");
                    return moto;
                } catch (IllegalStateException notYet) {
                    Thread.sleep(200);
                }
            }
            throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void post(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + path).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(30000);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status != 200) throw new IllegalStateException("moto answered " + status + " to " + path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
