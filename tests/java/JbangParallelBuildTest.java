import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Proc;

/**
 * Cold builds of one script that share a JBang cache take turns (JBang issue 2445: "Error
 * creating/updating jar" when two build at once), and a lock left by a dead process is taken over.
 */
class JbangParallelBuildTest {
    private static final String SCRIPT = JbangInstallFixture.SCRIPT.toString();
    private static final String DEPS = "//DEPS info.picocli:picocli:4.7.7\n";
    @TempDir Path temp;
    Path job;
    Path cache;

    @BeforeEach
    void install() throws Exception {
        job = Files.createDirectories(temp.resolve("job"));
        cache = temp.resolve("shared-cache");
        JbangInstallFixture.seedInstall(job);
    }

    @Test
    void fourPairsOfColdBuildsOnOneCacheAllSucceed() throws Exception {
        List<CompletableFuture<Proc.Result>> runs = new ArrayList<>();
        ExecutorService all = Executors.newFixedThreadPool(8);
        for (int pair = 1; pair <= 4; pair++) {
            Path script = JbangInstallFixture.javaScript(temp, "Pair" + pair, DEPS, "pair " + pair + " ");
            for (String side : List.of("a", "b")) {
                Proc run = jbang("run", script.toString(), side).timeout(170);
                runs.add(CompletableFuture.supplyAsync(run::run, all));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            Proc.Result result = runs.get(i).join();
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("pair " + (i / 2 + 1) + " " + (i % 2 == 0 ? "a" : "b"), result.stdout().strip());
        }
        all.shutdown();
        assertTrue(Files.notExists(cache.resolve("aws-oidc-build.lock")), "the lock is released");
    }

    @Test
    void aLockLeftByADeadProcessIsTakenOver() throws Exception {
        Path lock = Files.createDirectories(cache.resolve("aws-oidc-build.lock"));
        String host = Proc.of("uname", "-n").run().stdout().strip();
        Files.writeString(lock.resolve("owner"), host + " 999999999\n");

        Proc.Result result = jbang("version").env("AWS_OIDC_JBANG_LOCK_WAIT", "100").timeout(60).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(JbangInstallFixture.VERSION, result.stdout().strip());
        assertTrue(result.stderr().contains("taking over the JBang build lock"), result::toString);
        assertTrue(result.millis() < 30_000, "did not wait for the 100 s bound: " + result.millis() + " ms");
        assertTrue(Files.notExists(lock), "released after use");
    }

    @Test
    void aLockHeldElsewhereIsWaitedForUpToTheBound() throws Exception {
        Path lock = Files.createDirectories(cache.resolve("aws-oidc-build.lock"));
        Files.writeString(lock.resolve("owner"), "another-host 1\n");

        Proc.Result result = jbang("version").env("AWS_OIDC_JBANG_LOCK_WAIT", "3").timeout(60).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("waiting for another JBang build to finish"), result::toString);
        assertTrue(result.stderr().contains("taking over the JBang build lock"), result::toString);
        assertTrue(result.millis() >= 3000, "waited for the bound: " + result.millis() + " ms");
    }

    private Proc jbang(String... args) {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT));
        command.addAll(List.of(args));
        Map<String, String> env = JbangInstallFixture.cleanEnvironment("/bin", temp, job);
        env.put("JBANG_DIR", temp.resolve("jbang-dir").toString());
        env.put("JBANG_CACHE_DIR", cache.toString());
        env.put("JBANG_REPO", JbangInstallFixture.MAVEN_LOCAL.toString());
        env.put("JBANG_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return Proc.of(command).env(env);
    }
}
