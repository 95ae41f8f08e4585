import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;
import testkit.Leaks;

class TrustPolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Tools.FIXTURES.resolve("trust/corpus");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TrustPolicy.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void lintExitsZeroOnASecurePolicyAndOneWithFindings() {
        Run clean = run("lint", CORPUS.resolve("judge-tag-exact-protected.json").toString());
        assertEquals(0, clean.exit(), clean.toString());
        assertEquals("", clean.out());
        Run bad = run("lint", CORPUS.resolve("insecure-group-wildcard.json").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().matches("(?s).*insecure-group-wildcard\\.json:Statement\\[0] sub-wildcard-project critical .*Fix: .*"),
                bad.out());
    }

    @Test
    void lintFailOnIgnoresFindingsBelowTheThreshold() {
        Run run = run("lint", "--fail-on", "major", CORPUS.resolve("gitlab-docs-self-managed.json").toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("aud-missing minor"));
    }

    @Test
    void lintExitsThreeOnUnreadableInputAndTwoOnUnknownFormat(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"Statement\": [");
        Run run = run("lint", broken.toString());
        assertEquals(3, run.exit(), run.toString());
        assertEquals(2, run("lint", dir.resolve("missing.json").toString()).exit());
        Run format = run("lint", "--format", "xml", CORPUS.resolve("secure-branch-main.json").toString());
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("TRUST_POLICY_LINT_FORMAT"), format.err());
    }

    @Test
    void codeQualityReportHasGitLabFields(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("gl-code-quality-report.json");
        Run run = run("lint", "--format", "json", "--codequality-report", report.toString(), CORPUS.toString());
        assertEquals(1, run.exit());
        JsonNode issues = JSON.readTree(report.toFile());
        assertTrue(issues.isArray() && issues.size() >= 20, issues.toString());
        for (JsonNode issue : issues) {
            for (String field : new String[] {"description", "check_name", "fingerprint", "severity"}) {
                assertTrue(issue.hasNonNull(field), field + " in " + issue);
            }
            assertTrue(issue.get("severity").asText().matches("info|minor|major|critical|blocker"));
            assertTrue(issue.at("/location/path").asText().endsWith(".json") || issue.at("/location/path").asText()
                    .matches(".*\\.(yaml|tf)"));
            assertTrue(issue.at("/location/lines/begin").asInt() >= 1);
        }
        assertEquals(issues.size(), JSON.readTree(run.out()).get("findings").size());
    }

    @Test
    void codeQualityLinePointsAtTheStatement() throws Exception {
        Run run = run("lint", "--format", "codequality", CORPUS.resolve("cloudformation-tags.yaml").toString());
        JsonNode issue = JSON.readTree(run.out()).get(0);
        String line = Files.readAllLines(CORPUS.resolve("cloudformation-tags.yaml"))
                .get(issue.at("/location/lines/begin").asInt() - 1);
        assertTrue(line.contains("Effect"), line);
    }

    @Test
    void sarifListsEveryRuleWithADocumentationLink() throws Exception {
        Run run = run("lint", "--format", "sarif", CORPUS.resolve("insecure-no-sub.json").toString());
        JsonNode sarif = JSON.readTree(run.out());
        assertEquals("2.1.0", sarif.get("version").asText());
        for (JsonNode rule : sarif.at("/runs/0/tool/driver/rules")) {
            assertTrue(rule.get("helpUri").asText().startsWith("https://docs."), rule.toString());
        }
        assertEquals("sub-missing", sarif.at("/runs/0/results/0/ruleId").asText());
    }

    @Test
    void generateThenLintIsClean(@TempDir Path dir) throws Exception {
        for (String format : new String[] {"json", "cloudformation", "terraform"}) {
            Run gen = run("generate", "--account-id", "123456789012", "--project-path", "acme/webshop", "--project-id", "42",
                    "--namespace-id", "7", "--branch", "main", "--tag", "v*", "--ref-protected", "--format", format);
            assertEquals(0, gen.exit(), gen.toString());
            Path file = dir.resolve("policy." + (format.equals("json") ? "json" : format.equals("terraform") ? "tf" : "yaml"));
            Files.writeString(file, gen.out());
            Run lint = run("lint", file.toString());
            assertEquals(0, lint.exit(), format + "\n" + gen.out() + lint);
        }
    }

    @Test
    void generateRefusesAnUnprotectedWildcardWithExitTwo() {
        Run run = run("generate", "--account-id", "123456789012", "--project-path", "acme/webshop", "--project-id", "42",
                "--branch", "*");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--allow-wildcard-ref"), run.err());
        assertEquals("", run.out());
    }

    static String jwt(String payload) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "." + b64.encodeToString(payload.getBytes())
                + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk";
    }

    @Test
    void generateTakesTheIdsFromAJobsIdTokenAndNamesWhatItRead(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        String jwt = jwt("{\"iss\":\"https://gitlab.com\",\"project_id\":\"4242\",\"namespace_id\":\"72\","
                + "\"project_path\":\"acme/webshop\",\"ref_protected\":\"true\",\"sub\":\"project_id:4242:ref_type:branch:ref:main\"}");
        Files.writeString(token, jwt);
        Run gen = run("generate", "--account-id", "123456789012", "--token-file", token.toString(), "--branch", "main");
        assertEquals(0, gen.exit(), gen.toString());
        assertTrue(gen.out().contains("\"gitlab.com:sub\" : \"project_id:4242:ref_type:branch:ref:main\""), gen.out());
        assertTrue(gen.out().contains("\"gitlab.com:project_id\" : \"4242\""), gen.out());
        assertTrue(gen.out().contains("\"gitlab.com:namespace_id\" : \"72\""), gen.out());
        assertTrue(gen.out().contains("\"gitlab.com:ref_protected\" : \"true\""), gen.out());
        assertTrue(gen.err().contains("note: from the ID token: project_id 4242, namespace_id 72"), gen.err());
        assertFalse((gen.out() + gen.err()).contains(jwt.substring(0, 20)), "the token is never printed");
        Run contradicts = run("generate", "--account-id", "123456789012", "--token-file", token.toString(),
                "--project-id", "1", "--branch", "main");
        assertEquals(2, contradicts.exit(), contradicts.toString());
        assertTrue(contradicts.err().contains("--project-id is '1' but the ID token says '4242'"), contradicts.err());
        Run nameOnly = run("generate", "--account-id", "123456789012", "--project-path", "acme/webshop", "--branch", "main");
        assertEquals(2, nameOnly.exit(), nameOnly.toString());
        assertTrue(nameOnly.err().contains("--allow-name-based"), nameOnly.err());
        Run optedOut = run("generate", "--account-id", "123456789012", "--project-path", "acme/webshop", "--branch", "main",
                "--allow-name-based");
        assertEquals(0, optedOut.exit(), optedOut.toString());
        assertTrue(optedOut.err().contains("note: --allow-name-based: this role trusts the path acme/webshop, not the project"),
                optedOut.err());
    }

    @Test
    void explainFromFlagsNamesTheFailingCondition() {
        Path policy = CORPUS.resolve("secure-branch-main.json");
        Run allowed = run("explain", "--policy", policy.toString(), "--project-path", "acme/webshop", "--ref", "main");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(allowed.out().startsWith("ALLOWED"), allowed.out());
        Run denied = run("explain", "--policy", policy.toString(), "--project-path", "acme/webshop-old", "--ref", "main");
        assertEquals(1, denied.exit(), denied.toString());
        assertTrue(denied.out().contains("condition StringEquals gitlab.com:sub"), denied.out());
        assertTrue(denied.out().contains("sub='project_path:acme/webshop-old:ref_type:branch:ref:main'"), denied.out());
        assertTrue(denied.out().contains("differs in project_path (policy 'acme/webshop', token 'acme/webshop-old')"),
                denied.out());
    }

    @Test
    void explainReadsAClaimSetAndDerivesTheDefaultSub(@TempDir Path dir) throws Exception {
        Path claims = dir.resolve("claims.json");
        Files.writeString(claims, "{\"aud\":\"sts.amazonaws.com\",\"project_path\":\"acme/webshop\","
                + "\"ref\":\"main\",\"ref_type\":\"branch\",\"ref_protected\":\"false\"}");
        Path policy = CORPUS.resolve("secure-allow-with-deny.json");
        Run denied = run("explain", "--policy", policy.toString(), "--claims", claims.toString());
        assertEquals(1, denied.exit(), denied.toString());
        assertTrue(denied.out().contains("decided by DenyUnprotected"), denied.out());
        Files.writeString(claims, Files.readString(claims).replace("\"false\"", "\"true\""));
        assertEquals(0, run("explain", "--policy", policy.toString(), "--claims", claims.toString()).exit());
    }

    @Test
    void explainUsageErrorsExitTwo() {
        Path policy = CORPUS.resolve("secure-branch-main.json");
        Run noClaims = run("explain", "--policy", policy.toString());
        assertEquals(2, noClaims.exit(), noClaims.toString());
        assertTrue(noClaims.err().contains("give exactly one claim source: --claims FILE, --token-env NAME, --token-file FILE, "
                + "or --project-path/--ref (or --sub) flags."), noClaims.err());
        Run noPolicy = run("explain", "--project-path", "a/b", "--ref", "main");
        assertEquals(2, noPolicy.exit(), noPolicy.toString());
        assertTrue(noPolicy.err().contains("--policy (TRUST_POLICY_FILE) is required. Fix: pass the trust policy file."), noPolicy.err());
        Run refType = run("explain", "--policy", policy.toString(), "--project-path", "a/b", "--ref", "m", "--ref-type", "mr");
        assertEquals(2, refType.exit());
        assertTrue(refType.err().contains("TRUST_POLICY_REF_TYPE"), refType.err());
    }

    @Test
    void explainReadsATokenFromAFileOrVariableAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        TestIssuer issuer = new TestIssuer("https://gitlab.com");
        String token = issuer.mint(Map.of("ref", "feature", "ref_protected", "false",
                "sub", "project_path:acme/webshop:ref_type:branch:ref:feature"));
        Path file = dir.resolve("token");
        Files.writeString(file, token);
        Path policy = CORPUS.resolve("secure-protected-any-branch.json");
        Run fromFile = run("explain", "--policy", policy.toString(), "--token-file", file.toString());
        assertEquals(1, fromFile.exit(), fromFile.toString());
        assertTrue(fromFile.out().contains("gitlab.com:ref_protected [true] failed; the token has ref_protected='false'"),
                fromFile.out());
        Leaks.assertNoToken(token, fromFile.out(), fromFile.err());
        // Through the JBang launcher with the token only in the environment.
        String envToken = issuer.mint();
        Proc.Result viaEnv = Proc.of(Tools.jbang(), "scripts/TrustPolicy.java", "explain", "--policy", policy.toString(),
                "--token-env", "GITLAB_OIDC_TOKEN").env("GITLAB_OIDC_TOKEN", envToken).dir(Tools.ROOT).run();
        assertEquals(0, viaEnv.exitCode(), viaEnv.toString());
        assertTrue(viaEnv.stdout().startsWith("ALLOWED"), viaEnv.toString());
        Leaks.assertNoToken(envToken, viaEnv.stdout(), viaEnv.stderr());
    }

    @Test
    void lintRunsThroughJBang() {
        Proc.Result r = Proc.of(Tools.jbang(), "scripts/TrustPolicy.java", "lint",
                "tests/fixtures/trust/corpus/insecure-no-sub.json").dir(Tools.ROOT).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("sub-missing critical"), r.toString());
    }

    /**
     * The script asks JBang for a class-data archive: the first run writes it at exit, later runs map it.
     * Writing it makes the JVM warn about every class it cannot archive; none of that may reach the report.
     */
    @Test
    void theClassDataArchiveIsWrittenOnceAndItsNoticesStayOutOfTheReport(@TempDir Path cache) throws Exception {
        String policy = "tests/fixtures/trust/corpus/insecure-no-sub.json";
        Proc.Result first = Proc.of(Tools.jbang(), "scripts/TrustPolicy.java", "lint", "--format", "json", policy)
                .dir(Tools.ROOT).env("JBANG_CACHE_DIR", cache.toString()).timeout(300).run();
        assertEquals(1, first.exitCode(), first.toString());
        JsonNode report = JSON.readTree(first.stdout());
        assertEquals("sub-missing", report.get("findings").get(0).get("rule").asText(), first.stdout());
        assertFalse(first.all().contains("[cds]"), first.toString());

        try (var found = Files.find(cache, 4, (p, a) -> p.getFileName().toString().equals("TrustPolicy.jsa"))) {
            assertEquals(1, found.count(), "one archive in the JBang cache");
        }
        Proc.Result warm = Proc.of(Tools.jbang(), "--verbose", "scripts/TrustPolicy.java", "lint", "--format", "json", policy)
                .dir(Tools.ROOT).env("JBANG_CACHE_DIR", cache.toString()).run();
        assertEquals(1, warm.exitCode(), warm.toString());
        assertEquals(first.stdout(), warm.stdout());
        assertTrue(warm.stderr().contains("-XX:SharedArchiveFile="), "the warm run maps the archive: " + warm.stderr());
    }
}
