import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Proc;

/**
 * The download route of jbang-or-install.sh against a Maven mirror on 127.0.0.1 over HTTPS:
 * checked digests, https only, bounded time, and a message that says what to do.
 */
class JbangInstallDownloadTest {
    private static final String LIB = "jbang-" + JbangInstallFixture.VERSION + "/lib";
    @TempDir Path temp;
    Path job;
    Path home;

    @BeforeEach
    void directories() throws Exception {
        job = Files.createDirectories(temp.resolve("job"));
        home = Files.createDirectories(temp.resolve("home"));
    }

    @Test
    void installsFromAnHttpsMirrorWithCurlChecksEveryJarAndRunsVersion() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.serving(temp)) {
            Proc.Result result = withCurl(mirror).run();

            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(JbangInstallFixture.VERSION, result.stdout().strip(), result::toString);
            List<JbangInstallFixture.Pinned> pinned = JbangInstallFixture.pinnedJars();
            assertEquals(56, pinned.size(), "jbang-cli 0.132.1 and its runtime jars");
            assertEquals(pinned.stream().map(JbangInstallFixture.Pinned::fileName).collect(Collectors.toSet()),
                    filesIn(job.resolve(LIB)), "exactly the pinned jars, nothing else on the classpath");
            assertEquals(pinned.size(), mirror.requests().size(), "one request per jar: " + mirror.requests());
        }
    }

    @Test
    void refusesAJarWhoseDigestDiffersAndRunsNothing() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.serving(temp).alter("picocli-4.7.7.jar")) {
            Proc.Result result = withCurl(mirror).run();

            assertEquals(1, result.exitCode(), result::toString);
            assertEquals("", result.stdout(), "JBang never ran: " + result);
            assertTrue(result.stderr().contains("SHA-256 of picocli-4.7.7.jar from " + mirror.url()
                    + "/info/picocli/picocli/4.7.7/picocli-4.7.7.jar differs"), result::toString);
            assertTrue(result.stderr().contains("AWS_OIDC_MAVEN_REPOSITORY"), result::toString);
            assertFalse(Files.exists(job.resolve(LIB)), "no install is left to run later");
            assertEquals(Set.of(), filesIn(job), "the download directory is removed too");
        }
    }

    @Test
    void aMirrorThatNeverAnswersFailsWithinTheTimeoutWithCurl() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.silent(temp)) {
            Proc.Result result = withCurl(mirror).env("AWS_OIDC_DOWNLOAD_TIMEOUT", "2").timeout(60).run();
            assertTimedOutWithAdvice(result, mirror, "exit 28;");
        }
    }

    @Test
    void aMirrorThatStallsInTheMiddleOfAJarFailsWithinTheTotalTimeout() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.serving(temp).stall("picocli-4.7.7.jar")) {
            Proc.Result result = withCurl(mirror).env("AWS_OIDC_DOWNLOAD_TIMEOUT", "2").timeout(60).run();

            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.millis() < 8_000, "bounded by the 2 s timeout: " + result.millis() + " ms");
            assertTrue(result.stderr().contains("exit 28;"), result::toString);
            assertTrue(result.stderr().contains("could not download " + mirror.url()
                    + "/info/picocli/picocli/4.7.7/picocli-4.7.7.jar"), result::toString);
            assertFalse(Files.exists(job.resolve(LIB)));
        }
    }

    @Test
    void aMirrorThatNeverAnswersFailsWithinTheTimeoutWithWget() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.silent(temp)) {
            Proc.Result result = withWget(mirror).env("AWS_OIDC_DOWNLOAD_TIMEOUT", "2").timeout(60).run();
            assertTimedOutWithAdvice(result, mirror, "exit 124;");
        }
    }

    @Test
    void installsWithWgetWhereThereIsNoCurl() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.serving(temp)) {
            Proc.Result result = withWget(mirror).env("AWS_OIDC_MAVEN_REPOSITORY", mirror.url() + "/").run();

            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(JbangInstallFixture.VERSION, result.stdout().strip(), result::toString);
            assertEquals(56, filesIn(job.resolve(LIB)).size(), result::toString);
            assertEquals(56, mirror.requests().size(), "one request per jar, the trailing / dropped");
        }
    }

    @Test
    void refusesAnHttpMirrorBeforeDownloadingAnything() throws Exception {
        try (JbangMirrorServer mirror = JbangMirrorServer.serving(temp)) {
            String http = mirror.url().replace("https://", "http://user:hunter2@");
            Proc.Result result = withCurl(mirror).env("AWS_OIDC_MAVEN_REPOSITORY", http).timeout(30).run();

            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("AWS_OIDC_MAVEN_REPOSITORY must be an https:// URL"), result::toString);
            assertFalse(result.stderr().contains("hunter2"), "the mirror's password is not echoed: " + result);
            assertEquals(List.of(), mirror.requests());
            assertEquals(Set.of(), filesIn(job));
        }
    }

    private void assertTimedOutWithAdvice(Proc.Result result, JbangMirrorServer mirror, String timedOut) {
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(timedOut), "ended by the timeout: " + result);
        // under the 10 s connect timeout: the 2 s total bound is what ended it
        assertTrue(result.millis() < 8_000, "bounded by the 2 s timeout: " + result.millis() + " ms");
        String firstJar = mirror.url() + "/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar";
        assertTrue(result.stderr().contains("could not download " + firstJar), result::toString);
        assertTrue(result.stderr().contains("set\naws-oidc: AWS_OIDC_MAVEN_REPOSITORY to an https mirror"),
                result::toString);
        assertFalse(Files.exists(job.resolve(LIB)));
    }

    /** curl and the JDK, the rest from /bin; no mvn and no jbang on PATH. */
    private Proc withCurl(JbangMirrorServer mirror) throws Exception {
        Path curl = JbangInstallFixture.linkDir(temp, "curl-bin", "curl");
        return Proc.of("sh", JbangInstallFixture.SCRIPT.toString(), "version")
                .env(jobEnvironment(curl + ":" + JbangInstallFixture.JAVA_BIN + ":/bin"))
                .env("AWS_OIDC_MAVEN_REPOSITORY", mirror.url())
                .env("CURL_CA_BUNDLE", mirror.certificate() == null ? null : mirror.certificate().toString())
                .timeout(120);
    }

    /**
     * GNU wget and timeout, busybox for the rest, under dash: busybox sh and busybox timeout run
     * their own wget applet, whose https crashes at once in Debian's busybox-static.
     */
    private Proc withWget(JbangMirrorServer mirror) throws Exception {
        Path busybox = JbangInstallFixture.busyboxBin(temp, "wget");
        Path wget = JbangInstallFixture.linkDir(temp, "wget-bin", "wget", "timeout");
        Path wgetrc = Files.writeString(temp.resolve("wgetrc"),
                mirror.certificate() == null ? "" : "ca_certificate = " + mirror.certificate() + "\n");
        return Proc.of("/bin/dash", JbangInstallFixture.SCRIPT.toString(), "version")
                .env(jobEnvironment(wget + ":" + busybox + ":" + JbangInstallFixture.JAVA_BIN))
                .env("WGETRC", wgetrc.toString())
                .env("AWS_OIDC_MAVEN_REPOSITORY", mirror.url())
                .timeout(120);
    }

    private java.util.Map<String, String> jobEnvironment(String path) {
        java.util.Map<String, String> env = JbangInstallFixture.cleanEnvironment(path, home, job);
        env.put("JBANG_DIR", temp.resolve("jbang-dir").toString());
        return env;
    }

    private static Set<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
