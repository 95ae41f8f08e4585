package testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command with a controlled environment and captures what it printed. */
public final class Proc {
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path dir;
    private String stdin = "";
    private long timeoutSeconds = 300;
    private boolean viaFiles;

    private Proc(List<String> command) {
        this.command.addAll(command);
        env.putAll(baseEnvironment());
    }

    public static Proc of(String... command) {
        return new Proc(List.of(command));
    }

    public static Proc of(List<String> command) {
        return new Proc(command);
    }

    /**
     * The inherited environment without any AWS, token or proxy variable (tests talk to loopback, and
     * the ones about proxies set their own), and never the metadata service.
     */
    public static Map<String, String> baseEnvironment() {
        Map<String, String> base = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("AWS_") && !k.startsWith("CI_") && !k.startsWith("GITLAB_")
                    && !k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")) base.put(k, v);
        });
        base.put("AWS_EC2_METADATA_DISABLED", "true");
        base.put("PATH", Tools.TOOLS_BIN + ":" + System.getenv("PATH"));
        // A pyenv shim on PATH finds its root through HOME unless told, and tests move HOME for the AWS CLI.
        pyenvRoot().ifPresent(root -> base.putIfAbsent("PYENV_ROOT", root));
        return base;
    }

    /** The pyenv root of a shims directory on PATH, if there is one. */
    private static java.util.Optional<String> pyenvRoot() {
        for (String dir : String.valueOf(System.getenv("PATH")).split(":")) {
            Path shims = Path.of(dir);
            if (dir.endsWith("/shims") && java.nio.file.Files.isExecutable(shims.resolveSibling("bin").resolve("pyenv"))) {
                return java.util.Optional.of(shims.getParent().toString());
            }
        }
        return java.util.Optional.empty();
    }

    public Proc env(String name, String value) {
        if (value == null) env.remove(name); else env.put(name, value);
        return this;
    }

    public Proc env(Map<String, String> values) {
        values.forEach(this::env);
        return this;
    }

    public Proc dir(Path dir) {
        this.dir = dir;
        return this;
    }

    public Proc stdin(String input) {
        this.stdin = input;
        return this;
    }

    /**
     * Captures output through files instead of pipes. Node.js programs (gitlab-ci-local) that
     * exit right after a large write lose the tail of it on a pipe, never on a file.
     */
    public Proc captureViaFiles() {
        this.viaFiles = true;
        return this;
    }

    public Proc timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (dir != null) builder.directory(dir.toFile());
        long started = System.nanoTime();
        try {
            java.io.File outFile = null;
            java.io.File errFile = null;
            if (viaFiles) {
                outFile = java.io.File.createTempFile("proc", ".out");
                errFile = java.io.File.createTempFile("proc", ".err");
                builder.redirectOutput(outFile).redirectError(errFile);
            }
            Process process = builder.start();
            CompletableFuture<String> out = viaFiles ? null : drain(process.getInputStream());
            CompletableFuture<String> err = viaFiles ? null : drain(process.getErrorStream());
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + "s: " + command);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (viaFiles) {
                String stdout = java.nio.file.Files.readString(outFile.toPath());
                String stderr = java.nio.file.Files.readString(errFile.toPath());
                outFile.delete();
                errFile.delete();
                return new Result(process.exitValue(), stdout, stderr, millis);
            }
            return new Result(process.exitValue(), out.join(), err.join(), millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public record Result(int exitCode, String stdout, String stderr, long millis) {
        public String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
