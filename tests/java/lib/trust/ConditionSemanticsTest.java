package lib.trust;

import lib.trust.model.ClaimSet;
import lib.trust.model.ConditionClause;
import lib.trust.model.ConditionEvaluator;
import lib.trust.eval.Decision;
import lib.trust.read.LineLocator;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.read.StatementReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchors the evaluator to the IAM documentation's statements, one behaviour per test. */
class ConditionSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean holds(String op, String key, List<String> values, List<String> context) {
        return ConditionEvaluator.holds(new ConditionClause(op, key, values), context);
    }

    @Test
    void missingKeyFailsPositiveAndSatisfiesNegatedOperators() {
        assertFalse(holds("StringEquals", "gitlab.com:sub", List.of("x"), null));
        assertTrue(holds("StringNotEquals", "gitlab.com:sub", List.of("x"), null));
        assertTrue(holds("StringNotLike", "gitlab.com:sub", List.of("x*"), null));
        assertTrue(holds("StringEqualsIfExists", "gitlab.com:sub", List.of("x"), null));
    }

    @Test
    void forAllValuesIsTrueForAMissingKeyAndForAnyValueIsFalse() {
        assertTrue(holds("ForAllValues:StringEquals", "gitlab.com:sub", List.of("x"), null));
        assertFalse(holds("ForAnyValue:StringEquals", "gitlab.com:sub", List.of("x"), null));
        assertTrue(holds("ForAllValues:StringEquals", "gitlab.com:aud", List.of("a", "b"), List.of("a", "b")));
        assertFalse(holds("ForAllValues:StringEquals", "gitlab.com:aud", List.of("a"), List.of("a", "b")));
        assertTrue(holds("ForAnyValue:StringEquals", "gitlab.com:aud", List.of("b"), List.of("a", "b")));
    }

    @Test
    void nullChecksPresence() {
        assertTrue(holds("Null", "gitlab.com:environment", List.of("true"), null));
        assertFalse(holds("Null", "gitlab.com:environment", List.of("true"), List.of("production")));
        assertTrue(holds("Null", "gitlab.com:environment", List.of("false"), List.of("production")));
    }

    @Test
    void valuesAreOredAndCaseSensitiveUnlessIgnoreCase() {
        assertTrue(holds("StringEquals", "k:sub", List.of("a", "b"), List.of("b")));
        assertFalse(holds("StringEquals", "k:sub", List.of("A"), List.of("a")));
        assertTrue(holds("StringEqualsIgnoreCase", "k:sub", List.of("A"), List.of("a")));
        assertFalse(holds("StringNotEquals", "k:sub", List.of("a", "b"), List.of("b")));
    }

    @Test
    void starInStringLikeSpansSlashAndColonButIsLiteralInStringEquals() {
        assertTrue(holds("StringLike", "k:sub", List.of("project_path:acme/*"),
                List.of("project_path:acme/x/y:ref_type:branch:ref:main")));
        assertTrue(holds("StringLike", "k:sub", List.of("ref:v?"), List.of("ref:v1")));
        assertFalse(holds("StringLike", "k:sub", List.of("ref:v?"), List.of("ref:v10")));
        assertFalse(holds("StringEquals", "k:sub", List.of("project_path:acme/*"), List.of("project_path:acme/x")));
    }

    @Test
    void keysMatchCaseInsensitivelyAndOnlyForTheIssuerHost() {
        ObjectNode claims = JSON.createObjectNode().put("sub", "s").put("ref_protected", "true");
        ClaimSet set = new ClaimSet(claims, "gitlab.com");
        assertEquals(List.of("s"), set.valuesOf("GitLab.com:SUB"));
        assertEquals(null, set.valuesOf("gitlab.example.com:sub"));
        assertEquals(null, new ClaimSet(claims, "gitlab.example.com").valuesOf("gitlab.example.com:ref_protected"));
    }

    @Test
    void explicitDenyWinsOverAllow() throws Exception {
        var policy = JSON.readTree("""
                {"Statement":[
                 {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
                  "Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"gitlab.com:sub":"project_path:acme/*"}}},
                 {"Sid":"NoFeature","Effect":"Deny","Principal":"*","Action":"sts:*",
                  "Condition":{"StringLike":{"gitlab.com:sub":"*:ref:feature*"}}}]}""");
        var statements = StatementReader.read("", policy, LineLocator.none());
        ObjectNode main = JSON.createObjectNode().put("sub", "project_path:acme/a:ref_type:branch:ref:main");
        ObjectNode feature = JSON.createObjectNode().put("sub", "project_path:acme/a:ref_type:branch:ref:feature-1");
        assertTrue(PolicyEvaluator.evaluate(statements, new ClaimSet(main, "gitlab.com")).allowed());
        Decision denied = PolicyEvaluator.evaluate(statements, new ClaimSet(feature, "gitlab.com"));
        assertFalse(denied.allowed());
        assertEquals("NoFeature", denied.decidedBy());
    }
}
