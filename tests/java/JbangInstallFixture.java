import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import testkit.Proc;
import testkit.Tools;

/** What the jbang-or-install.sh tests share: the script, its pinned jar list, a JDK and tool directories. */
final class JbangInstallFixture {
    static final String VERSION = "0.132.1";
    static final Path SCRIPT = Tools.SCRIPTS.resolve("jbang-or-install.sh");
    static final Path JDK = Path.of(System.getProperty("java.home"));
    static final Path JAVA_BIN = JDK.resolve("bin");
    static final Path MAVEN_LOCAL = Path.of(System.getProperty("user.home"), ".m2/repository");
    private static final Pattern PINNED = Pattern.compile("(?m)^([0-9a-f]{64})  (\\S+\\.jar)$");

    private JbangInstallFixture() {}

    /** A jar the script pins: its SHA-256 and its path in a Maven repository. */
    record Pinned(String sha256, String path) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The jars the script carries digests for, in its own order. */
    static List<Pinned> pinnedJars() throws IOException {
        List<Pinned> jars = new ArrayList<>();
        Matcher m = PINNED.matcher(Files.readString(SCRIPT));
        while (m.find()) jars.add(new Pinned(m.group(1), m.group(2)));
        return jars;
    }

    /** The pinned JBang already in the job's directory, as a finished install leaves it. */
    static void seedInstall(Path job) throws IOException {
        Path lib = Files.createDirectories(job.resolve("jbang-" + VERSION + "/lib"));
        for (Pinned jar : pinnedJars()) Files.copy(MAVEN_LOCAL.resolve(jar.path()), lib.resolve(jar.fileName()));
    }

    /**
     * A job's environment: PATH, HOME and AWS_OIDC_DIR as given, and none of the JDK, JBang, Maven
     * or mirror settings of the machine running the tests (null removes a variable in Proc.env).
     */
    static Map<String, String> cleanEnvironment(String path, Path home, Path job) {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("JAVA_HOME", "JBANG_DIR", "JBANG_CACHE_DIR", "JBANG_REPO", "JBANG_JAVA_OPTIONS",
                "MAVEN_OPTS", "CURL_CA_BUNDLE", "SSL_CERT_FILE")) {
            env.put(name, null);
        }
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("AWS_OIDC_DIR", job.toString());
        return env;
    }

    /** A directory of links to busybox applets: the userland of an alpine-like image, without bash. */
    static Path busyboxBin(Path parent, String... leaveOut) throws IOException {
        Path busybox = Path.of("/usr/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IllegalStateException("busybox is missing: apt-get install busybox-static (tools/setup)");
        }
        Path bin = Files.createDirectories(parent.resolve("busybox-bin"));
        Proc.Result list = Proc.of(busybox.toString(), "--list").run();
        assertEquals(0, list.exitCode(), list::toString);
        List<String> skip = List.of(leaveOut);
        for (String applet : list.stdout().split("\n")) {
            if (!applet.isBlank() && !skip.contains(applet)) Files.createSymbolicLink(bin.resolve(applet), busybox);
        }
        return bin;
    }

    /** A directory holding links to the named programs of this machine, and nothing else. */
    static Path linkDir(Path parent, String name, String... programs) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        for (String program : programs) {
            Path target = Path.of("/usr/bin", program);
            if (!Files.isExecutable(target)) throw new IllegalStateException(target + " is missing");
            Files.createSymbolicLink(dir.resolve(program), target);
        }
        return dir;
    }

    /** A small single-file script for JBang; its class name follows the file name. */
    static Path javaScript(Path dir, String name, String header, String message) throws IOException {
        String source = header + "public class " + name + " { public static void main(String[] a) {"
                + " System.out.println(\"" + message + "\" + String.join(\"|\", a)); } }\n";
        return Files.writeString(dir.resolve(name + ".java"), source);
    }
}
