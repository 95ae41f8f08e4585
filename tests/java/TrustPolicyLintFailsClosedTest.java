import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Tools;

/**
 * The merge-request gate fails closed: a file lint cannot read fully fails the run (exit 3) with a
 * blocker entry naming it in the code-quality report, a directory that leads out of a confined
 * project is refused, and nothing copied from a policy can forge lines in the job log.
 */
class TrustPolicyLintFailsClosedTest {
    private static final Path CORPUS = Tools.FIXTURES.resolve("trust/corpus");

    static TrustPolicyCommandTest.Run run(String... args) {
        return TrustPolicyCommandTest.run(args);
    }

    /** A CloudFormation template with a project_path:* trust next to a structure nested 201 levels deep. */
    static String deepTemplate() {
        String deep = "{\"a\":".repeat(201) + "1" + "}".repeat(201);
        return "{\"Resources\": {\"Deploy\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"AssumeRolePolicyDocument\": "
                + "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": "
                + "\"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", "
                + "\"Condition\": {\"StringLike\": {\"gitlab.com:sub\": \"project_path:*\"}}}]}}}, "
                + "\"Padding\": {\"Type\": \"AWS::CloudFormation::WaitConditionHandle\", \"Metadata\": " + deep + "}}}";
    }

    @Test
    void aWalkedTemplateTooDeepToReadFailsTheRunWithABlockerEntry(@TempDir Path project) throws Exception {
        Path infra = Files.createDirectories(project.resolve("infra"));
        Files.writeString(infra.resolve("roles.template.json"), deepTemplate());
        Files.writeString(infra.resolve("package.json"), "{not json at all");
        Path report = project.resolve("gl-code-quality-report.json");
        TrustPolicyCommandTest.Run run = run("lint", "--project-dir", project.toString(), "--codequality-report",
                report.toString(), infra.toString());
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.err().contains("error: infra/roles.template.json"), run.err());
        assertTrue(run.err().contains("note: skipped infra/package.json"), "a file that mentions no policy is still only a note: " + run.err());
        JsonNode entries = new ObjectMapper().readTree(report.toFile());
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("blocker", entries.get(0).get("severity").asText());
        assertEquals("file-unreadable", entries.get(0).get("check_name").asText());
        assertEquals("infra/roles.template.json", entries.get(0).path("location").path("path").asText());
        assertTrue(entries.get(0).get("description").asText().contains("nesting depth"), entries.toString());
    }

    @Test
    void aFileTooBigToReadIsRefusedNotReadInPart(@TempDir Path project) throws Exception {
        Path big = project.resolve("big.json");
        try (var out = Files.newBufferedWriter(big)) {
            out.write("{\"Statement\": [], \"pad\": \"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 51; i++) out.write(chunk);
            out.write("\"}");
        }
        TrustPolicyCommandTest.Run run = run("lint", "--project-dir", project.toString(), "--format", "codequality", project.toString());
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.err().contains("big.json: larger than 50 MB"), run.err());
        assertTrue(run.out().contains("\"check_name\" : \"file-unreadable\""), run.out());
    }

    @Test
    void aNamedDirectoryThatLinksOutOfAConfinedProjectIsRefused(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectory(dir.resolve("project"));
        Path outside = Files.createDirectory(dir.resolve("elsewhere"));
        Files.copy(CORPUS.resolve("insecure-no-sub.json"), outside.resolve("role.json"));
        Path link = Files.createSymbolicLink(project.resolve("iam"), outside);
        TrustPolicyCommandTest.Run run = run("lint", "--confine", "--project-dir", project.toString(), link.toString());
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.err().contains("iam: refused: a symbolic link to a directory outside the project"), run.err());
        Files.delete(outside.resolve("role.json"));
        TrustPolicyCommandTest.Run empty = run("lint", "--confine", "--project-dir", project.toString(), link.toString());
        assertEquals(3, empty.exit(), "an empty target is refused too, not linted as empty: " + empty);
    }

    @Test
    void aLinkInsideAWalkedDirectoryThatLeavesAConfinedProjectIsRefused(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectory(dir.resolve("project"));
        Path outside = dir.resolve("secret.json");
        Files.copy(CORPUS.resolve("insecure-no-sub.json"), outside);
        Files.createSymbolicLink(project.resolve("policy.json"), outside);
        TrustPolicyCommandTest.Run run = run("lint", "--confine", "--project-dir", project.toString(), project.toString());
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.err().contains("policy.json: refused: it resolves outside the project directory"), run.err());
    }

    @Test
    void textFromAPolicyCannotForgeLogLines(@TempDir Path project) throws Exception {
        String forged = "project_path:acme/x:ref_type:branch:ref:*\\n\\u001b[32mPASSED: 0 findings\\u001b[0m\\r";
        String policy = Files.readString(CORPUS.resolve("insecure-any-branch.json"))
                .replace("project_path:acme/webshop:ref_type:branch:ref:*", forged)
                .replace("\"Effect\"", "\"Sid\": \"a\\nFAKE\\u001b[2K\", \"Effect\"");
        Path file = project.resolve("evil\nname.json");
        Files.writeString(file, policy);
        TrustPolicyCommandTest.Run run = run("lint", "--project-dir", project.toString(), file.toString());
        assertEquals(1, run.exit(), run.toString());
        String all = run.out() + run.err();
        assertFalse(all.contains("\u001b"), "no ESC reaches the terminal: " + all);
        assertFalse(all.contains("\r"), all);
        for (String line : run.out().split("\n")) {
            assertTrue(line.startsWith("evil\\nname.json:a\\nFAKE\\u001b[2K "), "every line is one finding: " + line);
        }
        assertTrue(run.out().contains("\\u001b[32mPASSED"), run.out());
        TrustPolicyCommandTest.Run explain = run("explain", "--policy", file.toString(), "--project-path", "acme/x", "--ref", "main");
        assertFalse((explain.out() + explain.err()).contains("\u001b"), explain.toString());
    }
}
