import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AwsFilesFixture;
import testkit.Background;
import testkit.Moto;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;

/** scripts/run-fast.sh: JBang builds the cache once, then a plain java runs from it; a bad cache never fails a job. */
class FastPathTest {
    static final Path JAVA25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir Path temp;
    final TestIssuer issuer = new TestIssuer();

    Map<String, String> env(Path cacheDir) {
        Map<String, String> env = new HashMap<>(new AwsFilesFixture(temp).env());
        env.put("AWS_OIDC_TOKEN", issuer.mint());
        env.put("AWS_OIDC_ROLE_ARN", "arn:aws:iam::123456789012:role/fast");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_OIDC_STS_ENDPOINT", Moto.get().endpoint());
        env.put("AWS_OIDC_CACHE_DIR", cacheDir.toString());
        env.put("JBANG", Tools.jbang());
        return env;
    }

    static Proc.Result runFast(Path scripts, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", scripts.resolve("run-fast.sh").toString(),
                scripts.resolve("AssumeRole.java").toString()));
        command.addAll(List.of(args));
        Proc.Result result = Proc.of(command).env(env).timeout(300).run();
        Background.awaitIdle(Path.of(env.get("AWS_OIDC_CACHE_DIR")).getParent());
        return result;
    }

    /** The cold run builds the cache in the background; wait for it, then it must be the only one. */
    static Path awaitCache(Path cacheDir) throws Exception {
        awaitFile(cacheDir, 1);
        return onlyCache(cacheDir);
    }

    static void awaitFile(Path cacheDir, int caches) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(cacheDir)) {
                try (Stream<Path> entries = Files.list(cacheDir)) {
                    if (entries.filter(FastPathTest::isCache).count() >= caches) return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the fast-path cache was not built in time in " + cacheDir);
    }

    /** A promoted cache, not one still being built beside it. */
    static boolean isCache(Path dir) {
        return !dir.getFileName().toString().contains(".building.") && Files.exists(dir.resolve("lib/app.jar"));
    }

    static Path onlyCache(Path cacheDir) throws IOException {
        try (Stream<Path> entries = Files.list(cacheDir)) {
            List<Path> caches = entries.filter(FastPathTest::isCache).toList();
            assertEquals(1, caches.size(), caches::toString);
            return caches.get(0);
        }
    }

    static void awaitFile(Path file) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (!Files.exists(file) && Instant.now().isBefore(deadline)) Thread.sleep(200);
        assertTrue(Files.exists(file), file + " was not trained in time");
    }

    @Test
    void firstRunBuildsALeanCacheThenPlainJavaRunsFromItWithATrainedArchive() throws Exception {
        for (Path javaHome : jdks()) {
            Path cacheDir = temp.resolve("cache-" + javaHome.getFileName());
            Map<String, String> env = env(cacheDir);
            env.put("JAVA_HOME", javaHome.toString());
            Proc.Result cold = runFast(Tools.SCRIPTS, env, "--profile", "cold");
            assertEquals(0, cold.exitCode(), cold::toString);
            Path cache = awaitCache(cacheDir);
            try (Stream<Path> files = Files.list(cache)) {
                assertEquals(List.of("lib"), files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("app-")).toList(),
                        "one merged jar and archives, nothing the launcher would read as options");
            }
            List<String> entries = jarEntries(cache.resolve("lib/app.jar"));
            assertTrue(entries.contains("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class")
                    && entries.contains("software/amazon/awssdk/services/sts/StsClient.class")
                    && entries.contains("AssumeRole.class"), "the exchange's classes are in");
            assertFalse(entries.stream().anyMatch(e -> e.startsWith("io/netty/") || e.startsWith("org/apache/")
                    || e.startsWith("software/amazon/awssdk/http/apache")), "HTTP clients never used stay out");
            assertTrue(entries.contains("META-INF/services/software.amazon.awssdk.http.SdkHttpService"), "service files kept");

            String archive = javaHome.equals(JAVA25) ? "app-http.aot" : "app-http.jsa";
            awaitFile(cache.resolve(archive));
            Proc.Result warm = runFast(Tools.SCRIPTS, env, "--profile", "warm");
            assertEquals(0, warm.exitCode(), warm::toString);
            assertTrue(warm.stdout().contains("profile warm (static) ready"), warm::toString);
            assertTrue(warm.stderr().isEmpty(), "no JVM or SLF4J noise: " + warm.stderr());
        }
    }

    @Test
    void aCorruptedCacheFallsBackToJbangAndNeverFailsTheJob() throws Exception {
        Path cacheDir = temp.resolve("cache");
        Map<String, String> env = env(cacheDir);
        assertEquals(0, runFast(Tools.SCRIPTS, env, "--profile", "first").exitCode());
        Path cache = awaitCache(cacheDir);
        Files.writeString(cache.resolve("lib/app.jar"), "not a jar any more");
        Proc.Result result = runFast(Tools.SCRIPTS, env, "--profile", "after-corruption");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("profile after-corruption (static) ready"), result::toString);
        assertTrue(result.stderr().contains("failed to start; removing it and building again"), result::toString);
    }

    /** A script that exits 1 itself (STS refused) is an answer, not a broken cache. */
    @Test
    void theScriptsOwnFailureKeepsTheCache() throws Exception {
        Path cacheDir = temp.resolve("cache");
        Map<String, String> env = env(cacheDir);
        assertEquals(0, runFast(Tools.SCRIPTS, env, "--profile", "first").exitCode());
        Path jar = awaitCache(cacheDir).resolve("lib/app.jar");
        long built = Files.getLastModifiedTime(jar).toMillis();
        env.put("AWS_OIDC_STS_ENDPOINT", "http://127.0.0.1:" + Moto.freePort());
        env.put("AWS_OIDC_MAX_ATTEMPTS", "1");
        Proc.Result refused = runFast(Tools.SCRIPTS, env, "--profile", "refused");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertFalse(refused.stderr().contains("building again"), refused::toString);
        assertEquals(built, Files.getLastModifiedTime(jar).toMillis(), "the cache was kept");
    }

    @Test
    void aChangedSourceNeverUsesTheOldCache() throws Exception {
        Path scripts = temp.resolve("scripts");
        copyTree(Tools.SCRIPTS, scripts);
        Path cacheDir = temp.resolve("cache");
        Map<String, String> env = env(cacheDir);
        assertEquals(0, runFast(scripts, env, "--profile", "one").exitCode());
        awaitCache(cacheDir);
        Path redactor = scripts.resolve("lib/cli/Redactor.java");
        Files.writeString(redactor, Files.readString(redactor) + "\n// changed\n");
        Proc.Result changed = runFast(scripts, env, "--profile", "two");
        assertEquals(0, changed.exitCode(), changed::toString);
        awaitFile(cacheDir, 2);
        try (Stream<Path> entries = Files.list(cacheDir)) {
            assertEquals(2, entries.filter(FastPathTest::isCache).count());
        }
    }

    /** A jar in the Maven repository that differs from its pinned digest never runs with the token. */
    @Test
    void aJarThatDoesNotMatchItsPinnedDigestIsRefusedBeforeAnythingRuns() throws Exception {
        Path scripts = temp.resolve("scripts");
        copyTree(Tools.SCRIPTS, scripts);
        Path digests = scripts.resolve("lib/fastpath/jars.sha256");
        String pinned = Files.readString(digests);
        String stsLine = pinned.lines().filter(l -> l.endsWith("/sts-2.57.8.jar")).findFirst().orElseThrow();
        Files.writeString(digests, pinned.replace(stsLine, "0".repeat(64) + stsLine.substring(64)));
        Path cacheDir = temp.resolve("cache");
        Map<String, String> env = env(cacheDir);
        Proc.Result altered = runFast(scripts, env, "--profile", "altered");
        assertEquals(1, altered.exitCode(), altered::toString);
        assertTrue(altered.stderr().contains("sts-2.57.8.jar does not match its pinned SHA-256"), altered::toString);
        assertFalse(altered.stdout().contains("ready"), altered::toString);

        Files.writeString(digests, pinned.replace(stsLine + "\n", ""));
        Proc.Result unknown = runFast(scripts, env, "--profile", "unknown");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.stderr().contains("sts-2.57.8.jar is not one of the jars this toolkit version pins"), unknown::toString);
        assertFalse(Files.exists(new AwsFilesFixture(temp).credentials), "no credentials were written");
    }

    /**
     * AWS itself is reached over TLS: its archive is trained offline against a TLS rehearsal (a
     * throwaway certificate), even when this job's own exchange failed.
     */
    @Test
    void anHttpsEndpointGetsAnArchiveTrainedOverTls() throws Exception {
        for (Path javaHome : jdks()) {
            Path cacheDir = temp.resolve("cache-" + javaHome.getFileName());
            Map<String, String> env = env(cacheDir);
            env.put("JAVA_HOME", javaHome.toString());
            env.put("AWS_OIDC_STS_ENDPOINT", "https://127.0.0.1:" + Moto.freePort());
            env.put("AWS_OIDC_MAX_ATTEMPTS", "1");
            Proc.Result refused = runFast(Tools.SCRIPTS, env, "--profile", "tls");
            assertEquals(1, refused.exitCode(), refused::toString);
            Path cache = awaitCache(cacheDir);
            String archive = javaHome.equals(JAVA25) ? "app-tls.aot" : "app-tls.jsa";
            awaitFile(cache.resolve(archive));
            assertFalse(Files.exists(cache.resolve(archive.replace("tls", "http"))));
        }
    }

    @Test
    void withFastPathOffItRunsThroughJbangAndBuildsNoCache() {
        Path cacheDir = temp.resolve("cache");
        Map<String, String> env = env(cacheDir);
        env.put("AWS_OIDC_FAST_PATH", "false");
        Proc.Result result = runFast(Tools.SCRIPTS, env, "--profile", "jbang");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(Files.exists(cacheDir));
        env.put("AWS_OIDC_DURATION_SECONDS", "100");
        assertNotEquals(0, runFast(Tools.SCRIPTS, env).exitCode());
    }

    @Test
    void withoutAJavaHomeTheNewestJdkRunsTheCachedBuildAndAwsOidcJavaHomeOverridesIt() throws Exception {
        int newest = feature(Path.of(System.getProperty("java.home")));
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : (Iterable<Path>) homes::iterator) {
                if (Files.isExecutable(home.resolve("bin/java"))) newest = Math.max(newest, feature(home));
            }
        }
        Path newestCache = temp.resolve("newest");
        Map<String, String> env = env(newestCache);
        env.put("JAVA_HOME", null);
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        assertEquals(0, runFast(Tools.SCRIPTS, env, "--profile", "newest").exitCode());
        awaitFile(awaitCache(newestCache).resolve(newest >= 25 ? "app-http.aot" : "app-http.jsa"));

        Path chosenCache = temp.resolve("chosen");
        env = env(chosenCache);
        env.put("JAVA_HOME", JAVA25.toString());
        env.put("AWS_OIDC_JAVA_HOME", System.getProperty("java.home"));
        assertEquals(0, runFast(Tools.SCRIPTS, env, "--profile", "chosen").exitCode());
        awaitFile(awaitCache(chosenCache).resolve("app-http.jsa"));
    }

    /** run-fast.sh keys its cache on the files its globs reach: sources at most four directories deep. */
    @Test
    void everySourceFileIsWithinReachOfTheCacheKey() throws IOException {
        try (Stream<Path> files = Files.walk(Tools.SCRIPTS)) {
            List<Path> tooDeep = files.filter(Files::isRegularFile)
                    .map(Tools.SCRIPTS::relativize)
                    .filter(file -> file.getNameCount() > 4 || !file.getFileName().toString().contains("."))
                    .toList();
            assertEquals(List.of(), tooDeep);
        }
    }

    static List<String> jarEntries(Path jar) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private static int feature(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.exists(release)) return 0;
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=\"")) return Integer.parseInt(line.substring(14).split("[^0-9]")[0]);
        }
        return 0;
    }

    /** Java 17 and Java 25 (its AOT cache is the faster path): the machine image has both. */
    static List<Path> jdks() {
        assertTrue(Files.isExecutable(JAVA25.resolve("bin/java")),
                "Temurin 25 is expected at " + JAVA25 + " (the java-maven machine image has it): the Java 25 path would go untested");
        return List.of(Path.of(System.getProperty("java.home")), JAVA25);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
