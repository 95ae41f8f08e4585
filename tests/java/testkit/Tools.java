package testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Where the project's tools live: installed by tools/setup into .tools/. */
public final class Tools {
    public static final Path ROOT = findRoot();
    public static final Path TOOLS_BIN = ROOT.resolve(".tools/bin");
    public static final Path SCRIPTS = ROOT.resolve("scripts");
    public static final Path FIXTURES = ROOT.resolve("tests/fixtures");

    private Tools() {}

    public static String jbang() {
        return require(TOOLS_BIN.resolve("jbang"));
    }

    public static String gitlabCiLocal() {
        return require(TOOLS_BIN.resolve("gitlab-ci-local"));
    }

    /**
     * The first {@code aws} on PATH that is the AWS CLI v2 (Debian's awscli package gives 2.9).
     * Missing: an error that says how to install it, never a silently skipped test.
     */
    public static String awsCliV2() {
        return AWS_CLI_V2.get();
    }

    /** The AWS CLI v1 installed beside {@link #python()} (pip's awscli), as the image has it. */
    public static String awsCliV1() {
        return AWS_CLI_V1.get();
    }

    /**
     * The interpreter (its real path, not a pyenv shim, so a moved HOME does not matter) of the first
     * {@code python3} on PATH that can import boto3 and moto.
     */
    public static String python() {
        return PYTHON.get();
    }

    /** moto's server, run by {@link #python()}. */
    public static List<String> motoServer() {
        return List.of(python(), "-m", "moto.server");
    }

    private static final Lazy AWS_CLI_V2 = new Lazy(() -> onPath("aws").stream()
            .filter(aws -> version(aws).startsWith("aws-cli/2.")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no AWS CLI v2 on PATH (" + System.getenv("PATH") + "). "
                    + "Fix: apt-get install awscli (Debian 12 ships v2), or put an AWS CLI v2 first on PATH")));

    private static final Lazy PYTHON = new Lazy(() -> onPath("python3").stream()
            .map(python -> output(python, "-c", "import boto3, moto, sys; print(sys.executable)"))
            .filter(executable -> !executable.isEmpty()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no python3 on PATH can import boto3 and moto. "
                    + "Fix: pip install boto3 'moto[server]==5.2.1' awscli, or put the python3 that has them first on PATH")));

    private static final Lazy AWS_CLI_V1 = new Lazy(() -> {
        Path aws = Path.of(python()).resolveSibling("aws");
        if (Files.isExecutable(aws) && version(aws.toString()).startsWith("aws-cli/1.")) return aws.toString();
        throw new IllegalStateException("no AWS CLI v1 beside " + python() + ". Fix: " + python() + " -m pip install awscli");
    });

    /** Every executable of that name on PATH, in PATH order. */
    static List<String> onPath(String name) {
        List<String> found = new ArrayList<>();
        for (String dir : String.valueOf(System.getenv("PATH")).split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !found.contains(candidate.toString())) found.add(candidate.toString());
        }
        return found;
    }

    private static String version(String tool) {
        return output(tool, "--version");
    }

    /** The command's trimmed stdout and stderr, or "" when it fails. */
    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String text = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
            return process.exitValue() == 0 ? text : "";
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return "";
        }
    }

    /** Resolved once, on first use; the failure is repeated to every caller. */
    private static final class Lazy {
        private final Supplier<String> resolve;
        private String value;

        Lazy(Supplier<String> resolve) {
            this.resolve = resolve;
        }

        synchronized String get() {
            if (value == null) value = resolve.get();
            return value;
        }
    }

    private static String require(Path tool) {
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(tool + " is missing: run tools/setup first");
        }
        return tool.toString();
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("catalog.yml"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("run the tests from inside the project");
        return dir;
    }
}
