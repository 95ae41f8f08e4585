package lib.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import lib.trust.eval.Decision;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.model.PolicyDocument;
import lib.trust.model.TrustStatement;
import lib.trust.read.PolicyReadException;
import lib.trust.read.PolicySources;
import testkit.Tools;

/**
 * Trust policies collected from public repositories, docs and blog posts (tests/fixtures/trust/corpus-real,
 * described in docs/maintainers/trust-policy-corpus.md). Each NAME.expect.json was written from the AWS and GitLab
 * documentation: the source, a kind, the rule ids lint should report and claim sets with IAM's decision.
 * Explain must reach IAM's decision exactly, with only the keys AWS exposes for the issuer. Lint is
 * measured (precision, recall) and must not flag any policy marked secure.
 */
class RealCorpusTest {
    static final Path CORPUS = Tools.FIXTURES.resolve("trust/corpus-real");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KINDS = Set.of("secure", "insecure", "broken");

    static List<Path> policies() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".expect.json")).sorted().toList();
        }
    }

    static JsonNode expectation(Path policy) throws IOException {
        String name = policy.getFileName().toString();
        return JSON.readTree(CORPUS.resolve(name.substring(0, name.lastIndexOf('.')) + ".expect.json").toFile());
    }

    @Test
    void everyPolicyHasASourceAKindAndAnAllowedOrDeniedPair() throws IOException {
        List<Path> policies = policies();
        assertTrue(policies.size() >= 42, "corpus has " + policies.size() + " policies");
        for (Path p : policies) {
            JsonNode e = expectation(p);
            String name = p.getFileName().toString();
            assertFalse(e.path("source").asText().isBlank(), name + ": source");
            assertTrue(KINDS.contains(e.path("kind").asText()), name + ": kind " + e.path("kind"));
            assertTrue(e.path("findings").isArray(), name + ": findings");
            assertTrue(e.path("explain").size() >= 2, name + ": at least two claim sets");
            for (JsonNode c : e.path("explain")) {
                assertTrue(c.path("allowed").isBoolean() && c.path("claims").has("iss") && c.path("claims").has("sub")
                        && !c.path("why").asText().isBlank(), name + ": claim set " + c);
            }
        }
    }

    @TestFactory
    List<DynamicTest> explainDecidesAsIam() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path policy : policies()) {
            String file = policy.getFileName().toString();
            JsonNode expect = expectation(policy);
            for (JsonNode c : expect.path("explain")) {
                String name = file + ": " + c.path("why").asText();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    ObjectNode claims = (ObjectNode) c.get("claims");
                    List<TrustStatement> statements = statements(policy);
                    Decision d = PolicyEvaluator.evaluate(statements, claimSet(claims));
                    assertEquals(c.get("allowed").asBoolean(), d.allowed(), name + " " + d.reasons());
                }));
            }
        }
        return tests;
    }

    /** Keys AWS does not set for the issuer are absent, as in a real STS call. */
    static ClaimSet claimSet(ObjectNode claims) {
        return new ClaimSet(claims, AwsConditionKeys.hostOf(claims.get("iss").asText()));
    }

    /** Every statement read from the file: several documents (a role and its data source) act as one. */
    static List<TrustStatement> statements(Path policy) throws IOException {
        List<PolicyDocument> docs = PolicySources.read(policy);
        assertFalse(docs.isEmpty(), "no policy read from " + policy);
        List<TrustStatement> all = new ArrayList<>();
        docs.forEach(d -> all.addAll(d.statements()));
        return all;
    }

    static TreeSet<String> lint(Path policy) throws IOException {
        TreeSet<String> actual = new TreeSet<>();
        for (PolicyDocument d : PolicySources.read(policy)) TrustPolicyLinter.lint(d).forEach(f -> actual.add(f.rule().id));
        return actual;
    }

    @Test
    void lintFindsExactlyTheExpectedRulesAndReportsPrecisionAndRecall() throws IOException {
        int tp = 0, fp = 0, fn = 0;
        Map<String, int[]> perRule = new TreeMap<>();
        List<String> falseAlarmsOnSecure = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path policy : policies()) {
            JsonNode expect = expectation(policy);
            TreeSet<String> expected = new TreeSet<>();
            expect.path("findings").forEach(n -> expected.add(n.asText()));
            TreeSet<String> actual;
            try {
                actual = lint(policy);
            } catch (PolicyReadException e) {
                unreadable.add(policy.getFileName() + ": " + e.getMessage().replace('\n', ' ').strip());
                actual = new TreeSet<>();
            }
            for (String r : actual) {
                boolean hit = expected.contains(r);
                if (hit) tp++; else fp++;
                perRule.computeIfAbsent(r, k -> new int[3])[hit ? 0 : 1]++;
            }
            for (String r : expected) {
                if (!actual.contains(r)) {
                    fn++;
                    perRule.computeIfAbsent(r, k -> new int[3])[2]++;
                }
            }
            if (!expected.equals(actual)) {
                lines.add(policy.getFileName() + ": expected " + expected + " actual " + actual);
            }
            if (expect.path("kind").asText().equals("secure") && !actual.isEmpty()) {
                falseAlarmsOnSecure.add(policy.getFileName() + " " + actual);
            }
        }
        double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        System.out.printf("real corpus: %d policies, TP %d FP %d FN %d, precision %.3f recall %.3f%n",
                policies().size(), tp, fp, fn, precision, recall);
        perRule.forEach((r, n) -> System.out.printf("  %-28s TP %d FP %d FN %d%n", r, n[0], n[1], n[2]));
        lines.forEach(l -> System.out.println("  differs: " + l));
        unreadable.forEach(l -> System.out.println("  unreadable: " + l));
        assertTrue(falseAlarmsOnSecure.isEmpty(), "findings on secure policies: " + falseAlarmsOnSecure);
        assertTrue(unreadable.isEmpty(), "unreadable: " + unreadable);
        // Every file's findings are exactly those its expectation names: a missed rule or a new false
        // alarm fails here, and a deliberate change of a rule means revisiting the expectations.
        assertEquals(List.of(), lines, "policies whose findings differ from their expectation");
    }
}
