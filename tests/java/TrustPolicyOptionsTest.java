import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void badBooleanAndEnumValuesExitTwoNamingTheOptionAndTheValue(@TempDir Path dir) throws Exception {
        Path policy = CORPUS.resolve("secure-branch-main.json");
        TrustPolicyCommandTest.Run banana = run("explain", "--policy", policy.toString(), "--project-path", "a/b",
                "--ref", "main", "--ref-protected=banana");
        assertRefused(banana, "Invalid value for option '--ref-protected': 'banana' is not true or false");
        TrustPolicyCommandTest.Run detached = run("explain", "--policy", policy.toString(), "--project-path", "a/b",
                "--ref", "main", "--ref-protected", "banana");
        assertRefused(detached, "Unmatched argument at index 8: 'banana'");
        assertEquals(0, run("explain", "--policy", policy.toString(), "--project-path", "acme/webshop", "--ref", "main",
                "--ref-protected=true").exit());
        assertRefused(run("generate", "--account-id", "123456789012", "--project-path", "a/b", "--branch", "main",
                "--ref-protected=yes"), "Invalid value for option '--ref-protected': 'yes' is not true or false");
        assertRefused(run("generate", "--account-id", "123456789012", "--project-path", "a/b", "--branch", "main",
                "--allow-wildcard-ref=maybe"), "Invalid value for option '--allow-wildcard-ref': 'maybe' is not true or false");
        assertRefused(run("lint", "--confine=sure", policy.toString()), "Invalid value for option '--confine': 'sure' is not true or false");
        assertRefused(run("lint", "--fail-on", "huge", policy.toString()), "--fail-on (TRUST_POLICY_FAIL_ON): 'huge' is not a severity. Fix: use info, minor, major, critical or blocker.");
    }

    @Test
    void refProtectedMeansTheSameInEveryCommandAndADefaultThatDecidesIsNamed() {
        String policy = CORPUS.resolve("secure-protected-any-branch.json").toString();
        TrustPolicyCommandTest.Run unsaid = run("explain", "--policy", policy, "--project-path", "acme/webshop", "--ref", "main");
        assertEquals(1, unsaid.exit(), unsaid.toString());
        assertTrue(unsaid.out().startsWith("DENIED"), unsaid.out());
        assertTrue(unsaid.out().contains("note: DENIED because ref_protected is false (the default of --ref-protected); "
                + "pass --ref-protected if branch main is protected"), unsaid.out());
        for (String flag : List.of("--ref-protected", "--ref-protected=true")) {
            TrustPolicyCommandTest.Run allowed = run("explain", "--policy", policy, "--project-path", "acme/webshop", "--ref", "main", flag);
            assertEquals(0, allowed.exit(), flag + ": " + allowed);
        }
        TrustPolicyCommandTest.Run said = run("explain", "--policy", policy, "--project-path", "acme/webshop", "--ref", "main",
                "--ref-protected=false");
        assertEquals(1, said.exit(), said.toString());
        assertFalse(said.out().contains("default of --ref-protected"), "the user said false: " + said.out());
        TrustPolicyCommandTest.Run otherReason = run("explain", "--policy", policy, "--project-path", "acme/other", "--ref", "main");
        assertEquals(1, otherReason.exit(), otherReason.toString());
        assertFalse(otherReason.out().contains("default of --ref-protected"), "ref_protected does not decide: " + otherReason.out());
        for (String flag : List.of("--ref-protected", "--ref-protected=true")) {
            TrustPolicyCommandTest.Run generated = run("generate", "--account-id", "123456789012", "--project-path", "acme/webshop",
                    "--project-id", "4242", "--namespace-id", "72", "--branch", "main", flag);
            assertEquals(0, generated.exit(), generated.toString());
            assertTrue(generated.out().contains("\"gitlab.com:ref_protected\" : \"true\""), flag + ": " + generated.out());
        }
    }

    /** Exit 2, the message on stderr, nothing on stdout. */
    static void assertRefused(TrustPolicyCommandTest.Run run, String message) {
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains(message), "expected <" + message + "> in:\n" + run.err());
        assertEquals("", run.out(), run.toString());
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
