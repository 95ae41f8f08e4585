package lib.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import lib.trust.eval.Decision;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.model.ClaimSet;
import lib.trust.model.Glob;
import lib.trust.read.PolicySources;
import org.junit.jupiter.api.Test;

/**
 * Policy variables as IAM evaluates them in a Version 2012-10-17 policy
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
class PolicyVariablesTest {
    static Decision explain(String version, String condition, Map<String, String> claims) {
        String json = "{\"Version\": \"" + version + "\", \"Statement\": [{\"Effect\": \"Allow\","
                + "\"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},"
                + "\"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": " + condition + "}]}";
        ObjectNode node = new ObjectMapper().valueToTree(Map.of("iss", "https://gitlab.com", "aud", "sts.amazonaws.com"));
        claims.forEach(node::put);
        return PolicyEvaluator.evaluate(PolicySources.read("p.json", json).get(0).statements(), new ClaimSet(node, "gitlab.com"));
    }

    static final Map<String, String> TOKEN = Map.of("project_id", "4242", "ref_protected", "true",
            "sub", "project_id:4242:ref_type:branch:ref:main");

    @Test
    void aKeyVariableIsReplacedWithTheTokensValue() {
        String c = "{\"StringEquals\": {\"gitlab.com:sub\": \"project_id:${gitlab.com:project_id}:ref_type:branch:ref:main\"}}";
        assertTrue(explain("2012-10-17", c, TOKEN).allowed());
        assertFalse(explain("2008-10-17", c, TOKEN).allowed(), "without 2012-10-17 the variable is literal text");
    }

    @Test
    void aVariableIamCannotResolveMakesTheStatementInvalidEvenUnderANegatedOperator() {
        String c = "{\"StringEquals\": {\"gitlab.com:aud\": \"sts.amazonaws.com\"}, \"StringNotEquals\": "
                + "{\"gitlab.com:sub\": \"project_path:${gitlab.com:namespace_path}/old:ref_type:branch:ref:main\"}}";
        Decision d = explain("2012-10-17", c, TOKEN);
        assertFalse(d.allowed(), d.toString());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("${gitlab.com:namespace_path}")
                && n.contains("IAM treats the statement as invalid")), d.notes().toString());
        assertTrue(explain("2008-10-17", c, TOKEN).allowed(), "as literal text the negated clause holds");
        String withDefault = c.replace("${gitlab.com:namespace_path}", "${gitlab.com:namespace_path, 'acme'}");
        assertTrue(explain("2012-10-17", withDefault, TOKEN).allowed(), "a default resolves it");
    }

    @Test
    void escapesAreLiteralCharactersNotWildcards() {
        String c = "{\"StringLike\": {\"gitlab.com:sub\": \"project_id:4242:ref_type:branch:ref:${$}{x}-${?}\"}}";
        assertTrue(explain("2012-10-17", c, Map.of("sub", "project_id:4242:ref_type:branch:ref:${x}-?")).allowed());
        assertFalse(explain("2012-10-17", c, Map.of("sub", "project_id:4242:ref_type:branch:ref:${x}-a")).allowed());
    }

    /** The case: ref:release-${*} needs a literal '*' no ref can hold; it is not an any-ref pattern. */
    @Test
    void lintReadsAnEscapedStarAsALiteralNotAsAnyRef() {
        String json = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                + "\"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},"
                + "\"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": {\"gitlab.com:aud\": "
                + "\"sts.amazonaws.com\", \"gitlab.com:project_id\": \"4242\"}, \"StringLike\": {\"gitlab.com:sub\": "
                + "\"project_path:acme/webshop:ref_type:branch:ref:release-${*}\"}}}]}";
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        List<lib.trust.lint.Finding> findings = lib.trust.lint.TrustPolicyLinter.lint(PolicySources.read("p.json", json).get(0));
        findings.forEach(f -> ids.add(f.rule().id));
        assertEquals(new java.util.TreeSet<>(List.of("condition-never-matches", "sub-unmatchable")), ids, findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("release-${*}") && f.message().contains("cannot contain '*'")),
                findings.toString());
        String old = json.replace("2012-10-17", "2008-10-17");
        ids.clear();
        lib.trust.lint.TrustPolicyLinter.lint(PolicySources.read("p.json", old).get(0)).forEach(f -> ids.add(f.rule().id));
        assertEquals(new java.util.TreeSet<>(List.of("ref-wildcard-unprotected")), ids, "in 2008-10-17 the '*' is a wildcard");
    }

    @Test
    void globTreatsAnEscapedCharacterLiterallyAndAStarStillSpansAStar() {
        assertTrue(Glob.matches("a" + Glob.LITERAL + "*", "a*"));
        assertFalse(Glob.matches("a" + Glob.LITERAL + "*", "ab"));
        assertTrue(Glob.matches("a*", "a*b"));
        assertFalse(Glob.hasWildcard("a" + Glob.LITERAL + "*"));
        assertEquals(List.of(true, false), List.of(Glob.matches("v?", "v1"), Glob.matches("v?", "v12")));
    }
}
