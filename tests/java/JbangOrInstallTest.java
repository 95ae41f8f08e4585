import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Proc;
import testkit.Tools;

/** A job without JBang gets the pinned JBang installed into its own directory, here from Maven. */
class JbangOrInstallTest {
    @TempDir Path temp;

    @Test
    void installsThePinnedJbangFromMavenWhenTheJobHasNone() throws Exception {
        Path job = Files.createDirectories(temp.resolve("job"));
        Path home = Files.createDirectories(temp.resolve("home"));
        Proc.Result result = Proc.of("sh", Tools.SCRIPTS.resolve("jbang-or-install.sh").toString(), "version")
                .env("PATH", "/usr/local/bin:/usr/bin:/bin")
                .env("HOME", home.toString())
                .env("AWS_OIDC_DIR", job.toString())
                .env("MAVEN_OPTS", "-Dmaven.repo.local=" + Path.of(System.getProperty("user.home"), ".m2/repository"))
                .timeout(300).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("0.132.1", result.stdout().strip(), result::toString);
        assertTrue(result.stderr().contains("JBang not found"), result::toString);
        assertTrue(Files.isDirectory(job.resolve("jbang-0.132.1/lib")), "installed into the job's own directory");
    }
}
