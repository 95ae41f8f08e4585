import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.JobImage;
import testkit.MavenMirror;
import testkit.Proc;
import testkit.ShippedToolkit;

/**
 * job/java-toolkit.sh as the template ships it: the image's Java runs the built toolkit jar with
 * the pinned dependency jars, each checked before the JVM starts; a cache can only speed it up.
 */
class JavaToolkitTest {
    @TempDir Path temp;
    Path toolkit;
    Path project;
    Path cache;
    List<String> pinnedNames;

    @BeforeEach
    void unpack() throws IOException {
        toolkit = ShippedToolkit.unpack("assume-role", temp.resolve("job"));
        project = Files.createDirectories(temp.resolve("project"));
        cache = project.resolve(".aws-oidc-cache");
        pinnedNames = Files.readAllLines(toolkit.resolve("jars.sha256")).stream()
                .map(line -> line.substring(line.lastIndexOf('/') + 1)).toList();
    }

    Proc toolkit(MavenMirror mirror, String... args) {
        Map<String, String> env = new HashMap<>(ShippedToolkit.jobEnvironment(project));
        env.put("AWS_OIDC_MAVEN_REPOSITORY", mirror.url());
        List<String> command = new java.util.ArrayList<>(List.of("sh", toolkit.resolve("java-toolkit.sh").toString()));
        command.addAll(List.of(args));
        return Proc.of(command).env(env).timeout(120);
    }

    @Test
    void aColdJobDownloadsEachPinnedJarOnceAndALaterJobNone() throws IOException {
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result cold = toolkit(mirror, "AssumeRole", "--version").run();
            assertEquals(0, cold.exitCode(), cold::toString);
            assertEquals("assume-role 1.0.0", cold.stdout().strip());
            assertEquals(pinnedNames.size(), mirror.requests().size(), "one request per pinned jar: " + mirror.requests());
            for (String name : pinnedNames) assertTrue(Files.isRegularFile(cache.resolve(name)), name);
            long cacheBytes;
            try (var files = Files.list(cache)) {
                cacheBytes = files.mapToLong(file -> file.toFile().length()).sum();
            }
            assertTrue(cacheBytes < 10_000_000, "the cache holds only the pinned jars: " + cacheBytes + " bytes");

            Proc.Result warm = toolkit(mirror, "AssumeRole", "--version").run();
            assertEquals(0, warm.exitCode(), warm::toString);
            assertEquals(pinnedNames.size(), mirror.requests().size(), "a warm job downloads nothing");
        }
    }

    @Test
    void aPlantedJarIsReplacedBeforeAnyJvmLoadsItAndNoOtherPlantedFileIsRead() throws Exception {
        Files.createDirectories(cache);
        Path pwned = temp.resolve("pwned");
        Files.write(cache.resolve("picocli-4.7.7.jar"), testkit.PlantedCode.jar(temp, "picocli.CommandLine", pwned));
        for (String planted : List.of("app-http.jsa", "app-tls.aot", "AssumeRole.jsa", "jvm.options", ".hotspotrc")) {
            Files.writeString(cache.resolve(planted), "-javaagent:" + temp.resolve("agent.jar") + "\n");
        }
        Path lib = Files.createDirectories(cache.resolve("lib"));
        Files.write(lib.resolve("app.jar"), testkit.PlantedCode.jar(temp, "picocli.CommandLine", pwned));
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").run();
            assertEquals(0, result.exitCode(), result::toString);
            assertFalse(Files.exists(pwned), "the planted picocli ran");
            assertArrayEquals(Files.readAllBytes(MavenMirror.localRepository().resolve("info/picocli/picocli/4.7.7/picocli-4.7.7.jar")),
                    Files.readAllBytes(cache.resolve("picocli-4.7.7.jar")), "the planted jar was replaced by the pinned one");
            assertTrue(mirror.requests().contains("info/picocli/picocli/4.7.7/picocli-4.7.7.jar"), mirror.requests()::toString);
        }
    }

    @Test
    void theCommandLineNamesOnlyTheToolkitJarAndThePinnedJars() throws Exception {
        Path jdk = JobImage.fakeJdk(outsideTemporaryDirectories("logging-jdk"), "17");
        Path java = jdk.resolve("bin/java");
        Path log = temp.resolve("java-args");
        String real = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        Files.delete(java);
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" >>" + log + "\nexec " + real + " \"$@\"\n");
        java.toFile().setExecutable(true);
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("app-http.jsa"), "planted");
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("JAVA_HOME", jdk.toString()).run();
            assertEquals(0, result.exitCode(), result::toString);
        }
        List<String> args = Files.readAllLines(log);
        String classpath = args.get(args.lastIndexOf("-cp") + 1);
        List<String> entries = List.of(classpath.split(":"));
        assertEquals(toolkit.resolve("toolkit.jar").toString(), entries.get(0));
        assertEquals(pinnedNames.stream().map(name -> cache.resolve(name).toString()).toList(), entries.subList(1, entries.size()));
        assertTrue(args.stream().noneMatch(arg -> arg.contains("Archive") || arg.contains("AOT") || arg.contains("agent")), args::toString);
    }

    /** Behind a proxy: every download goes through it, with its credentials, which are never printed. */
    @Test
    void downloadsGoThroughTheEnvironmentsProxy() throws IOException {
        try (MavenMirror mirror = MavenMirror.start(); testkit.ForwardProxy proxy = testkit.ForwardProxy.start("ci", "pr0xy/pa@ss")) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("http_proxy", proxy.url("ci:pr0xy%2Fpa@ss")).run();
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(pinnedNames.size(), mirror.requests().size());
            assertTrue(proxy.seen().stream().filter(testkit.ForwardProxy.Seen::allowed).count() >= pinnedNames.size(), proxy.seen()::toString);
            assertFalse(result.all().contains("pr0xy"), result::toString);
        }
    }

    @Test
    void aJarThatArrivesAlteredTwiceFailsNamingItTheRepositoryAndTheFix() throws IOException {
        try (MavenMirror mirror = MavenMirror.start().alter("sts-2.57.8.jar")) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").run();
            assertEquals(1, result.exitCode(), result::toString);
            assertEquals("", result.stdout(), "nothing ran");
            assertTrue(result.stderr().contains("sts-2.57.8.jar from " + mirror.url()
                    + "/software/amazon/awssdk/sts/2.57.8/sts-2.57.8.jar does not match the SHA-256 this component version pins, twice"),
                    result::toString);
            assertTrue(result.stderr().contains("AWS_OIDC_MAVEN_REPOSITORY"), result::toString);
            assertEquals(2, mirror.requests().stream().filter(path -> path.endsWith("/sts-2.57.8.jar")).count(), "fetched again once");
            assertFalse(Files.exists(cache.resolve("sts-2.57.8.jar")), "the altered jar was discarded");
        }
    }

    @Test
    void aStalledDownloadEndsWithinItsBoundAndSaysWhatToDo() throws IOException {
        try (MavenMirror mirror = MavenMirror.start().stall("picocli-4.7.7.jar")) {
            long start = System.nanoTime();
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("AWS_OIDC_DOWNLOAD_TIMEOUT", "3").run();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("could not download " + mirror.url()
                    + "/info/picocli/picocli/4.7.7/picocli-4.7.7.jar within AWS_OIDC_DOWNLOAD_TIMEOUT (3 s)"), result::toString);
            assertTrue(seconds < 30, "ended after " + seconds + " s");
        }
    }

    @Test
    void aMirrorPasswordIsNeverPrintedWhateverItHolds() throws IOException {
        try (MavenMirror mirror = MavenMirror.start().alter("picocli-4.7.7.jar")) {
            String withPassword = mirror.url().replace("http://", "http://deploy:pa/ss@w0rd@");
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("AWS_OIDC_MAVEN_REPOSITORY", withPassword).run();
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("http://(user info hidden)@127.0.0.1:"), result::toString);
            assertFalse(result.all().contains("pa/ss") || result.all().contains("w0rd"), result::toString);
        }
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopbackBeforeAnyRequest() throws IOException {
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version")
                    .env("AWS_OIDC_MAVEN_REPOSITORY", "http://user:s3cr@t/x@mirror.example.invalid/maven2").run();
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("AWS_OIDC_MAVEN_REPOSITORY \"http://(user info hidden)@mirror.example.invalid/maven2\" must be an https:// URL"),
                    result::toString);
            assertFalse(result.all().contains("s3cr"), result::toString);
        }
    }

    @Test
    void aJreWithoutJavacRunsTheToolkit() throws IOException {
        Path jre = JobImage.jre(outsideTemporaryDirectories("jre"), "17");
        assertFalse(Files.exists(jre.resolve("bin/javac")));
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("JAVA_HOME", jre.toString()).run();
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("assume-role 1.0.0", result.stdout().strip());
        }
    }

    @Test
    void anAlteredToolkitJarIsRefusedAndNothingRuns() throws IOException {
        try (MavenMirror mirror = MavenMirror.start()) {
            assertEquals(0, toolkit(mirror, "AssumeRole", "--version").run().exitCode());
            byte[] jar = Files.readAllBytes(toolkit.resolve("toolkit.jar"));
            jar[jar.length / 2] ^= 1;
            Files.write(toolkit.resolve("toolkit.jar"), jar);
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").run();
            assertEquals(1, result.exitCode(), result::toString);
            assertEquals("", result.stdout());
            assertTrue(result.stderr().contains("the toolkit jar decoded from the template does not match its SHA-256"), result::toString);
        }
    }

    /**
     * The component never runs a java from /tmp, /var/tmp, /dev/shm, HOME or the builds directory
     * (an earlier job can write there), and a checkout may itself live in /tmp: runtimes for these
     * tests live under /opt, removed after each test.
     */
    private Path outsideTemporaryDirectories(String name) throws IOException {
        Path parent = Files.createDirectories(Path.of("/opt/aws-oidc-tests"));
        Path dir = Files.createTempDirectory(parent, name);
        runtimes.add(dir);
        return dir.resolve(name);
    }

    final List<Path> runtimes = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void removeRuntimes() throws IOException {
        for (Path dir : runtimes) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aJavaInATemporaryDirectoryIsNeverRun() throws IOException {
        Path jdk = JobImage.fakeJdk(temp.resolve("planted-jdk"), "17");
        Path java = jdk.resolve("bin/java");
        Path mark = temp.resolve("planted-java-ran");
        Files.delete(java);
        Files.writeString(java, "#!/bin/sh\ntouch " + mark + "\n");
        java.toFile().setExecutable(true);
        try (MavenMirror mirror = MavenMirror.start()) {
            Proc.Result result = toolkit(mirror, "AssumeRole", "--version").env("JAVA_HOME", jdk.toString()).run();
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("assume-role 1.0.0", result.stdout().strip());
        }
        assertFalse(Files.exists(mark), "a java from /tmp ran");
    }
}
