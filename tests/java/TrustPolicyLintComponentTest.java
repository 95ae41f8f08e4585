import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Git;
import testkit.Proc;
import testkit.TestFiles;
import testkit.Tools;

/**
 * Runs templates/trust-policy-lint.yml under gitlab-ci-local, included the way GitLab includes a
 * component of this project, in a throwaway git repository holding the project's files.
 */
class TrustPolicyLintComponentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Tools.FIXTURES.resolve("trust/component");

    @TempDir
    static Path repo;

    @BeforeAll
    static void createRepository() throws IOException {
        TestFiles.copyTree(Tools.ROOT.resolve("templates"), repo.resolve("templates"));
        TestFiles.copyTree(FIXTURE.resolve("policies"), repo.resolve("policies"));
        Files.copy(FIXTURE.resolve("pipeline.yml"), repo.resolve(".gitlab-ci.yml"));
        Git.run(repo, "init", "-q");
        Git.run(repo, "add", "-A");
        Git.run(repo, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "fixture");
        Git.run(repo, "remote", "add", "origin", "git@gitlab.com:acme/keyless-aws.git");
    }

    private static Proc.Result pipeline(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.gitlabCiLocal(), "--force-shell-executor",
                "--ignore-predefined-vars", "CI_PIPELINE_SOURCE",
                "--variable", "AWS_OIDC_MAVEN_REPOSITORY=" + testkit.MavenMirror.shared().url()));
        command.addAll(List.of(args));
        return Proc.of(command).dir(repo).captureViaFiles().timeout(600).run();
    }

    @Test
    void passesWhenFindingsStayBelowFailOnAndPublishesThemAsCodeQuality() throws IOException {
        Proc.Result r = pipeline("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "lint-good");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("aud-missing minor"), r.toString());
        JsonNode report = JSON.readTree(repo.resolve("gl-trust-policy-quality.json").toFile());
        assertEquals(1, report.size(), report.toString());
        assertEquals("aud-missing", report.get(0).get("check_name").asText());
        assertEquals("minor", report.get(0).get("severity").asText());
    }

    @Test
    void failsOnAFindingAtTheThreshold() {
        Proc.Result r = pipeline("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "lint-bad");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("policies/group.tf:data.aws_iam_policy_document.gitlab_assume/Statement[0] "
                + "sub-wildcard-project critical"), r.toString());
        assertFalse(r.stdout().contains("./policies"), "paths in reports are relative to the project: " + r.stdout());
    }

    @Test
    void emitsNoJobOutsideMergeRequestPipelines() {
        Proc.Result r = pipeline("--variable", "CI_PIPELINE_SOURCE=push", "--list");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.stdout().contains("lint-good"), r.stdout());
        Proc.Result mr = pipeline("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--list");
        assertTrue(mr.stdout().contains("lint-good") && mr.stdout().contains("lint-bad"), mr.toString());
    }

    @Test
    void refusesANamedPathThatLinksOutOfTheProject(@TempDir Path elsewhere) throws IOException {
        Path secret = elsewhere.resolve("secret.json");
        Files.copy(Tools.FIXTURES.resolve("trust/corpus/insecure-no-sub.json"), secret);
        Files.createSymbolicLink(repo.resolve("policies/outside.json"), secret);
        Path pipeline = repo.resolve("outside.yml");
        Files.writeString(pipeline, """
                include:
                  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/trust-policy-lint@$CI_COMMIT_SHA
                    inputs:
                      job_name: lint-outside
                      paths: [policies/outside.json]
                """);
        Files.deleteIfExists(repo.resolve("gl-trust-policy-quality.json"));
        try {
            Proc.Result r = pipeline("--file", "outside.yml", "--variable", "CI_PIPELINE_SOURCE=merge_request_event", "lint-outside");
            assertNotEquals(0, r.exitCode(), r.toString());
            assertTrue(r.all().contains("policies/outside.json: refused: it resolves outside the project directory"), r.toString());
            assertFalse(r.all().contains("sub-missing"), "the linked file was read: " + r);
            JsonNode report = JSON.readTree(repo.resolve("gl-trust-policy-quality.json").toFile());
            assertEquals(1, report.size(), "the report is still written, with the file it could not read: " + report);
            assertEquals("file-unreadable", report.get(0).get("check_name").asText(), report.toString());
            assertEquals("blocker", report.get(0).get("severity").asText(), report.toString());
        } finally {
            Files.delete(repo.resolve("policies/outside.json"));
        }
    }

    @Test
    void refusesAFailOnOutsideItsOptions() throws IOException {
        Path bad = repo.resolve("bad-input.yml");
        Files.writeString(bad, Files.readString(repo.resolve(".gitlab-ci.yml")).replace("fail_on: major", "fail_on: severe"));
        Proc.Result r = pipeline("--file", "bad-input.yml", "--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--list");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.all().contains("fail_on"), r.toString());
    }

    @Test
    void inputsReachTheShellOnlyThroughQuotedVariables() throws IOException {
        String template = Files.readString(Tools.ROOT.resolve("templates/trust-policy-lint.yml"));
        String script = template.substring(template.indexOf("  script:"), template.indexOf("  artifacts:"));
        assertFalse(script.contains("$[["), script);
        Proc.Result preview = pipeline("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--preview");
        assertEquals(0, preview.exitCode(), preview.toString());
        // gitlab-ci-local writes the array as JSON here (GitLab as Ruby's inspect, the same for plain
        // strings); the linter accepts either, and a,b.
        assertTrue(preview.stdout().contains("TRUST_POLICY_LINT_PATHS: list:[\"policies/good.json\",\"policies/docs\"]"),
                preview.stdout());
        assertTrue(preview.stdout().contains("TRUST_POLICY_FAIL_ON: major"), preview.stdout());
    }

    @Test
    void previewMatchesTheGoldenFile() throws IOException {
        Proc.Result preview = pipeline("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--preview");
        assertEquals(0, preview.exitCode(), preview.toString());
        Path golden = FIXTURE.resolve("preview.golden.yml");
        String normalized = testkit.PipelineProject.normalizePreview(preview.stdout());
        if (Boolean.getBoolean("update")) Files.writeString(golden, normalized);
        assertEquals(Files.readString(golden), normalized, "rerun with -Dupdate=true after an intended change");
    }
}
