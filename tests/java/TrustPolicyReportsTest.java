import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lib.trust.report.MiniJsonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Tools;

/** lint's reports as GitLab and SARIF consumers read them. */
class TrustPolicyReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Tools.FIXTURES.resolve("trust");
    private static final Path CORPUS = FIXTURES.resolve("corpus");

    private static MiniJsonSchema schema(String name) throws Exception {
        return new MiniJsonSchema(JSON.readTree(FIXTURES.resolve("schemas").resolve(name).toFile()));
    }

    private static TrustPolicyCommandTest.Run lint(String... args) {
        return TrustPolicyCommandTest.run(args);
    }

    @Test
    void codeQualityReportOfTheWholeCorpusFollowsGitLabsFormat() throws Exception {
        TrustPolicyCommandTest.Run run = lint("lint", "--format", "codequality", "--project-dir", FIXTURES.toString(),
                CORPUS.toAbsolutePath().toString());
        assertEquals(1, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.size() >= 20, run.out());
        assertEquals(List.of(), schema("gitlab-codequality.schema.json").validate(report));
        Set<String> fingerprints = new HashSet<>();
        report.forEach(i -> assertTrue(fingerprints.add(i.get("fingerprint").asText()), "duplicate fingerprint " + i));
    }

    @Test
    void sarifOfTheWholeCorpusFollowsTheSarif210Schema() throws Exception {
        TrustPolicyCommandTest.Run run = lint("lint", "--format", "sarif", "--project-dir", FIXTURES.toString(),
                CORPUS.toAbsolutePath().toString());
        JsonNode sarif = JSON.readTree(run.out());
        assertEquals(List.of(), schema("sarif-schema-2.1.0.json").validate(sarif));
        JsonNode driver = sarif.at("/runs/0/tool/driver");
        assertTrue(driver.get("informationUri").asText().startsWith("https://"), driver.toString());
        assertTrue(driver.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), driver.toString());
        for (JsonNode result : sarif.at("/runs/0/results")) {
            String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            assertTrue(uri.startsWith("corpus/") && !uri.startsWith("/"), uri);
        }
    }

    @Test
    void theSchemaCheckCanFail() throws Exception {
        TrustPolicyCommandTest.Run run = lint("lint", "--format", "sarif", CORPUS.resolve("insecure-no-sub.json").toString());
        ObjectNode sarif = (ObjectNode) JSON.readTree(run.out());
        ((ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");
        assertFalse(schema("sarif-schema-2.1.0.json").validate(sarif).isEmpty());
        JsonNode cq = JSON.readTree(lint("lint", "--format", "codequality", CORPUS.resolve("insecure-no-sub.json")
                .toAbsolutePath().toString(), "--project-dir", Tools.ROOT.resolve("docs").toString()).out());
        assertFalse(schema("gitlab-codequality.schema.json").validate(cq).isEmpty(), "an absolute path must fail: " + cq);
    }

    @Test
    void sarifLevelFollowsSeverity() throws Exception {
        JsonNode sarif = JSON.readTree(lint("lint", "--format", "sarif", CORPUS.resolve("gitlab-docs-self-managed.json").toString()).out());
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("aud-missing", result.get("ruleId").asText());
        assertEquals("warning", result.get("level").asText(), "minor is a warning");
        JsonNode critical = JSON.readTree(lint("lint", "--format", "sarif", CORPUS.resolve("insecure-no-sub.json").toString()).out());
        assertEquals("error", critical.at("/runs/0/results/0/level").asText(), "critical is an error");
    }

    @Test
    void pathsAndFingerprintsDoNotDependOnHowTheFileWasNamed() throws Exception {
        Path file = CORPUS.resolve("insecure-group-wildcard.json");
        JsonNode absolute = JSON.readTree(lint("lint", "--format", "codequality", "--project-dir", Tools.ROOT.toString(),
                file.toAbsolutePath().toString()).out());
        JsonNode relative = JSON.readTree(lint("lint", "--format", "codequality", "--project-dir", Tools.ROOT.toString(),
                Tools.ROOT.relativize(file.toAbsolutePath()).toString()).out());
        JsonNode dotted = JSON.readTree(lint("lint", "--format", "codequality", "--project-dir", Tools.ROOT.toString(),
                file.toAbsolutePath().getParent().resolve("../corpus/./insecure-group-wildcard.json").toString()).out());
        assertEquals("tests/fixtures/trust/corpus/insecure-group-wildcard.json", absolute.at("/0/location/path").asText());
        assertEquals(absolute, relative);
        assertEquals(absolute, dotted);
    }

    @Test
    void twoStatementsWithOneSidGetTheirOwnLineAndFingerprint(@TempDir Path dir) throws Exception {
        String statement = """
                    {
                      "Sid": "GitLab",
                      "Effect": "Allow",
                      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
                      "Action": "sts:AssumeRoleWithWebIdentity",
                      "Condition": {"StringLike": {"gitlab.com:sub": "project_path:acme/*"}}
                    }""";
        Path policy = dir.resolve("twins.json");
        Files.writeString(policy, "{\"Version\": \"2012-10-17\", \"Statement\": [\n" + statement + ",\n" + statement + "\n]}\n");
        JsonNode report = JSON.readTree(lint("lint", "--format", "codequality", "--project-dir", dir.toString(),
                policy.toString()).out());
        List<JsonNode> wildcard = new java.util.ArrayList<>();
        report.forEach(i -> { if (i.get("check_name").asText().equals("sub-wildcard-project")) wildcard.add(i); });
        assertEquals(2, wildcard.size(), report.toString());
        assertNotEquals(wildcard.get(0).get("fingerprint"), wildcard.get(1).get("fingerprint"));
        assertEquals(3, wildcard.get(0).at("/location/lines/begin").asInt());
        assertEquals(10, wildcard.get(1).at("/location/lines/begin").asInt());
    }
}
