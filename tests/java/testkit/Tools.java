package testkit;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /** AWS CLI v2 from Debian. */
    public static String awsCliV2() {
        return require(Path.of("/usr/bin/aws"));
    }

    /** The python3 that has boto3 and moto (the image's pyenv one). */
    public static String python() {
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv/shims/python3");
        return Files.isExecutable(pyenv) ? pyenv.toString() : "python3";
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
