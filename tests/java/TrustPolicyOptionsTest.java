import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Tools;

/** explain decides as IAM does, and every command refuses bad option values with exit 2. */
class TrustPolicyOptionsTest {
    private static final Path CORPUS = Tools.FIXTURES.resolve("trust/corpus");

    static TrustPolicyCommandTest.Run run(String... args) {
        return TrustPolicyCommandTest.run(args);
    }

    @Test
    void explainTreatsAClaimAwsDoesNotExposeAsAMissingKeyAndSaysSo() {
        TrustPolicyCommandTest.Run run = run("explain", "--policy", CORPUS.resolve("broken-environment-key.json").toString(),
                "--project-path", "acme/webshop", "--ref", "main", "--environment", "production");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().startsWith("DENIED"), run.out());
        assertTrue(run.out().contains("'gitlab.com:environment' is missing: AWS does not expose the environment claim"),
                run.out());
        assertTrue(run.out().contains("although the token has it"), run.out());
    }

    @Test
    void explainOnASelfManagedProviderSeesOnlySubAndAud() {
        TrustPolicyCommandTest.Run run = run("explain", "--policy", CORPUS.resolve("broken-self-managed-project-id.json").toString(),
                "--project-path", "acme/webshop", "--ref", "main", "--project-id", "42");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("'gitlab.example.com:project_id' is missing"), run.out());
        assertTrue(run.out().contains("aws-keys=[gitlab.example.com:sub, gitlab.example.com:aud]"), run.out());
    }

    @Test
    void badBooleanAndEnumValuesExitTwo(@TempDir Path dir) throws Exception {
        Path policy = CORPUS.resolve("secure-branch-main.json");
        TrustPolicyCommandTest.Run banana = run("explain", "--policy", policy.toString(), "--project-path", "a/b",
                "--ref", "main", "--ref-protected", "banana");
        assertEquals(2, banana.exit(), banana.toString());
        assertTrue(banana.err().contains("'banana' is not true or false"), banana.err());
        assertEquals(0, run("explain", "--policy", policy.toString(), "--project-path", "acme/webshop", "--ref", "main",
                "--ref-protected=true").exit());
        assertEquals(2, run("generate", "--account-id", "123456789012", "--project-path", "a/b", "--branch", "main",
                "--ref-protected=yes").exit());
        assertEquals(2, run("generate", "--account-id", "123456789012", "--project-path", "a/b", "--branch", "main",
                "--allow-wildcard-ref=maybe").exit());
        assertEquals(2, run("lint", "--confine=sure", policy.toString()).exit());
        assertEquals(2, run("lint", "--fail-on", "huge", policy.toString()).exit());
    }

    @Test
    void aMissingRequiredOptionIsNamedAsRequired() {
        TrustPolicyCommandTest.Run run = run("generate", "--project-path", "acme/webshop", "--branch", "main");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--account-id (TRUST_POLICY_ACCOUNT_ID) is required"), run.err());
        assertFalse(run.err().contains("'null'"), run.err());
        TrustPolicyCommandTest.Run explain = run("explain", "--project-path", "a/b", "--ref", "main");
        assertTrue(explain.err().contains("--policy (TRUST_POLICY_FILE) is required"), explain.err());
    }

    @Test
    void anUnknownFlagPrintsTheShortUsageUnderTheCatalogName() {
        TrustPolicyCommandTest.Run run = run("lint", "--bogus", "x.json");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown option: '--bogus'"), run.err());
        assertTrue(run.err().contains("Usage: trust-policy lint"), run.err());
        assertFalse(run.err().contains("Also write a GitLab code-quality report"), "the whole help was printed: " + run.err());
        assertTrue(run("--help").out().startsWith("Usage: trust-policy "), run("--help").out());
    }

    @Test
    void anUnreadableFileDoesNotStopTheOthersAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[".repeat(200_000));
        Path report = dir.resolve("report.json");
        TrustPolicyCommandTest.Run run = run("lint", "--codequality-report", report.toString(), broken.toString(),
                CORPUS.resolve("insecure-no-sub.json").toString());
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.out().contains("sub-missing"), run.out());
        assertTrue(run.err().contains("broken.json: not JSON, YAML or Terraform HCL"), run.err());
        assertTrue(Files.readString(report).contains("sub-missing"));
    }

    @Test
    void confinedLintRefusesANamedFileThatResolvesOutsideTheProject(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectory(dir.resolve("project"));
        Path outside = dir.resolve("secret.json");
        Files.copy(CORPUS.resolve("insecure-no-sub.json"), outside);
        Path link = Files.createSymbolicLink(project.resolve("policy.json"), outside);
        TrustPolicyCommandTest.Run confined = run("lint", "--confine", "--project-dir", project.toString(), link.toString());
        assertEquals(3, confined.exit(), confined.toString());
        assertTrue(confined.err().contains("policy.json: refused: it resolves outside the project directory"), confined.err());
        assertEquals("", confined.out());
        TrustPolicyCommandTest.Run walked = run("lint", "--confine", "--project-dir", project.toString(), project.toString());
        assertEquals(3, walked.exit(), "a directory walk refuses the link instead of linting the project as if it were not there: " + walked);
        assertEquals(1, run("lint", "--project-dir", project.toString(), link.toString()).exit(), "not confined: read");
    }
}
