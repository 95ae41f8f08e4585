package lib.trust;

import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.eval.Decision;
import lib.trust.model.PolicyDocument;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.read.PolicySources;
import lib.trust.lint.TrustPolicyLinter;
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
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import testkit.Tools;

/**
 * Every policy in tests/fixtures/trust/corpus has a sidecar NAME.expect.json: the rule ids lint
 * must report (nothing more, nothing less) and claim sets with the decision explain must reach.
 */
class CorpusTest {
    static final Path CORPUS = Tools.FIXTURES.resolve("trust/corpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> policies() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".expect.json")).sorted().toList();
        }
    }

    static JsonNode expectation(Path policy) throws IOException {
        String name = policy.getFileName().toString();
        Path expect = CORPUS.resolve(name.substring(0, name.lastIndexOf('.')) + ".expect.json");
        return JSON.readTree(expect.toFile());
    }

    @Test
    void everyCorpusPolicyHasAnExpectation() throws IOException {
        List<Path> policies = policies();
        assertTrue(policies.size() >= 30, "corpus has " + policies.size() + " policies");
        for (Path p : policies) assertTrue(expectation(p).has("findings"), p.toString());
    }

    @TestFactory
    List<DynamicTest> lintReportsExactlyTheExpectedRules() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path policy : policies()) {
            tests.add(DynamicTest.dynamicTest(policy.getFileName().toString(), () -> {
                TreeSet<String> expected = new TreeSet<>();
                expectation(policy).get("findings").forEach(n -> expected.add(n.asText()));
                TreeSet<String> actual = new TreeSet<>();
                List<PolicyDocument> docs = PolicySources.read(policy);
                assertFalse(docs.isEmpty(), "no policy read from " + policy);
                docs.forEach(d -> TrustPolicyLinter.lint(d).forEach(f -> actual.add(f.rule().id)));
                assertEquals(expected, actual, policy.getFileName().toString());
            }));
        }
        return tests;
    }

    /** Prints precision and recall over every expected rule id (the exact test above is what fails the build). */
    @Test
    void reportsPrecisionAndRecall() throws IOException {
        int tp = 0, fp = 0, fn = 0;
        List<String> differs = new ArrayList<>();
        for (Path policy : policies()) {
            TreeSet<String> expected = new TreeSet<>();
            expectation(policy).get("findings").forEach(n -> expected.add(n.asText()));
            TreeSet<String> actual = new TreeSet<>();
            PolicySources.read(policy).forEach(d -> TrustPolicyLinter.lint(d).forEach(f -> actual.add(f.rule().id)));
            for (String r : actual) if (expected.contains(r)) tp++; else fp++;
            for (String r : expected) if (!actual.contains(r)) fn++;
            if (!expected.equals(actual)) differs.add(policy.getFileName() + ": expected " + expected + " actual " + actual);
        }
        System.out.printf("corpus: %d policies, TP %d FP %d FN %d, precision %.3f recall %.3f%n", policies().size(), tp, fp, fn,
                tp + fp == 0 ? 1.0 : (double) tp / (tp + fp), tp + fn == 0 ? 1.0 : (double) tp / (tp + fn));
        differs.forEach(d -> System.out.println("  differs: " + d));
    }

    @TestFactory
    List<DynamicTest> explainReachesTheExpectedDecision() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path policy : policies()) {
            JsonNode expect = expectation(policy);
            for (JsonNode c : expect.path("explain")) {
                String name = policy.getFileName() + ": " + c.path("why").asText();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    PolicyDocument doc = select(PolicySources.read(policy), expect.path("select").asText(""));
                    ObjectNode claims = (ObjectNode) c.get("claims");
                    ClaimSet set = new ClaimSet(claims, AwsConditionKeys.hostOf(claims.get("iss").asText()));
                    Decision d = PolicyEvaluator.evaluate(doc.statements(), set);
                    assertEquals(c.get("allowed").asBoolean(), d.allowed(), name + " " + d.reasons());
                }));
            }
        }
        return tests;
    }

    static PolicyDocument select(List<PolicyDocument> docs, String label) {
        if (label.isEmpty()) {
            assertEquals(1, docs.size(), "one policy expected");
            return docs.get(0);
        }
        return docs.stream().filter(d -> d.label().equals(label)).findFirst().orElseThrow();
    }
}
