package lib.trust.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import lib.trust.model.PolicyDocument;
import lib.trust.read.PolicySources;
import org.junit.jupiter.api.Test;

/** Conditions no GitLab token can satisfy, and set operators on single-valued keys: one finding per problem. */
class NeverMatchingConditionsTest {
    private static final String SUB = "\"gitlab.com:sub\": \"project_path:acme/webshop:ref_type:branch:ref:main\"";
    /** The audience, and the project pinned by id so that only the rule under test fires (not name-based-trust). */
    private static final String AUD = "\"gitlab.com:aud\": \"sts.amazonaws.com\", \"gitlab.com:project_id\": \"4242\"";

    static List<Finding> lint(String effect, String condition) {
        String json = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"" + effect + "\","
                + "\"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},"
                + "\"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": " + condition + "}]}";
        List<PolicyDocument> docs = PolicySources.read("p.json", json);
        return TrustPolicyLinter.lint(docs.get(0));
    }

    static TreeSet<String> ids(List<Finding> findings) {
        TreeSet<String> out = new TreeSet<>();
        findings.forEach(f -> out.add(f.rule().id));
        return out;
    }

    static TreeSet<String> ids(String effect, String condition) {
        return ids(lint(effect, condition));
    }

    @Test
    void aSecureConditionHasNoFinding() {
        assertEquals(new TreeSet<>(), ids("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD + "}}"));
    }

    @Test
    void aKeyAwsNeverSetsUnderAPositiveOperatorMakesTheStatementDead() {
        List<Finding> findings = lint("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD
                + ", \"gitlab.com:environment\": \"production\"}}");
        // The cause (a key AWS does not set) and the consequence (the statement is dead), each with its fix.
        assertEquals(new TreeSet<>(List.of("condition-never-matches", "unsupported-claim-key")), ids(findings));
        for (Finding f : findings) assertTrue(f.message().contains("gitlab.com:environment"), f.message());
        // Plus a set operator on a single-valued key.
        assertEquals(new TreeSet<>(List.of("condition-never-matches", "set-operator-single-valued", "unsupported-claim-key")),
                ids("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD + "}, \"ForAnyValue:StringLike\": {\"gitlab.com:ref\": \"main\"}}"));
        assertEquals(new TreeSet<>(List.of("condition-never-matches", "unsupported-claim-key")), ids("Allow",
                "{\"StringEquals\": {" + SUB + ", " + AUD + "}, \"Null\": {\"gitlab.com:project_path\": \"false\"}}"));
    }

    @Test
    void aKeyAwsNeverSetsUnderANegatedOrIfExistsOperatorChecksNothing() {
        assertEquals(new TreeSet<>(List.of("unsupported-claim-key")), ids("Allow",
                "{\"StringEquals\": {" + SUB + ", " + AUD + "}, \"StringNotEquals\": {\"gitlab.com:environment\": \"dev\"}}"));
        assertEquals(new TreeSet<>(List.of("unsupported-claim-key")), ids("Allow",
                "{\"StringEquals\": {" + SUB + ", " + AUD + "}, \"StringEqualsIfExists\": {\"gitlab.com:ref\": \"main\"}}"));
    }

    @Test
    void contradictoryClausesOnOneKeyNeverMatch() {
        assertEquals(new TreeSet<>(List.of("condition-never-matches")), ids("Allow", "{\"StringEquals\": {" + SUB + ", "
                + AUD + "}, \"StringLike\": {\"gitlab.com:sub\": \"project_path:acme/webshop:ref_type:tag:ref:v*\"}}"));
        // Key names compare case-insensitively, so these are two clauses on one key, ANDed.
        List<Finding> twins = lint("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD
                + ", \"GitLab.com:sub\": \"project_path:acme/webshop:ref_type:branch:ref:dev\"}}");
        assertEquals(1, twins.stream().filter(f -> f.rule() == Rule.CONDITION_NEVER_MATCHES).count(), twins.toString());
        assertEquals(new TreeSet<>(List.of("condition-never-matches")), ids("Allow", "{\"StringEquals\": {" + SUB + ", "
                + AUD + "}, \"StringNotEquals\": {\"gitlab.com:sub\": \"project_path:acme/webshop:ref_type:branch:ref:main\"}}"));
    }

    @Test
    void compatibleClausesOnOneKeyAreFine() {
        assertEquals(new TreeSet<>(), ids("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD
                + "}, \"StringLike\": {\"gitlab.com:sub\": \"project_path:acme/webshop:*\"}}"));
        assertEquals(new TreeSet<>(), ids("Allow", "{\"StringEquals\": {" + SUB + ", " + AUD
                + "}, \"StringNotEquals\": {\"gitlab.com:sub\": \"project_path:acme/webshop:ref_type:branch:ref:dev\"}}"));
    }

    @Test
    void setOperatorsOnSingleValuedKeysGiveOneFindingEach() {
        assertEquals(new TreeSet<>(List.of("set-operator-single-valued")), ids("Allow",
                "{\"ForAnyValue:StringEquals\": {" + SUB + "}, \"StringEquals\": {" + AUD + "}}"));
        assertEquals(new TreeSet<>(List.of("forallvalues-single-valued")), ids("Allow",
                "{\"ForAllValues:StringEquals\": {" + SUB + "}, \"StringEquals\": {" + AUD + "}}"));
        assertEquals(new TreeSet<>(List.of("set-operator-single-valued")), ids("Deny",
                "{\"ForAllValues:StringNotEquals\": {" + AUD + "}}"));
        assertEquals(new TreeSet<>(List.of("set-operator-single-valued")), ids("Allow",
                "{\"StringEquals\": {" + SUB + "}, \"ForAnyValue:StringEquals\": {" + AUD + "}}"));
    }

    @Test
    void aSubOutsideGitLabsGrammarUnderAnExactOperatorIsUnmatchable() {
        for (String sub : List.of("project_path:webshop:ref_type:branch:ref:main",
                "project_path:acme/webshop:ref_type:branch:ref:main:environment",
                "project_path:acme/webshop:branch:main",
                "project_path:acme/webshop:ref_type:branch",
                "project_id:acme:ref_type:branch:ref:main",
                "project_path:acme/webshop:ref_type:branch:ref:main:ref_protected:yes")) {
            assertEquals(new TreeSet<>(List.of("condition-never-matches", "sub-unmatchable")), ids("Allow",
                    "{\"StringEquals\": {\"gitlab.com:sub\": \"" + sub + "\", " + AUD + "}}"), sub);
        }
        for (String sub : List.of("project_id:42:ref_type:tag:ref:v1:ref_protected:true",
                "project_path:acme/webshop:ref_type:branch:ref:main:environment:production:environment_protected:true")) {
            assertEquals(new TreeSet<>(), ids("Allow", "{\"StringEquals\": {\"gitlab.com:sub\": \"" + sub + "\", " + AUD + "}}"), sub);
        }
    }
}
