package lib.trust.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What AWS sees of a GitLab token, per the IAM condition-keys page (condition-keys-wif). */
class AwsConditionKeysTest {
    private static final Map<String, Object> CLAIMS = Map.of("sub", "project_path:a/b:ref_type:branch:ref:main",
            "aud", List.of("sts.amazonaws.com", "other"), "project_id", "42", "ref_protected", "true",
            "environment", "production", "project_path", "a/b", "runner_id", 7);

    @Test
    void gitlabComGetsSubAudAndItsExtraKeysOnly() {
        Map<String, List<String>> context = AwsConditionKeys.requestContext("gitlab.com", CLAIMS);
        assertEquals(List.of("gitlab.com:sub", "gitlab.com:aud", "gitlab.com:project_id", "gitlab.com:ref_protected"),
                List.copyOf(context.keySet()));
        assertEquals(List.of("sts.amazonaws.com", "other"), context.get("gitlab.com:aud"));
    }

    @Test
    void aSelfManagedProviderGetsOnlySubAndAud() {
        Map<String, List<String>> context = AwsConditionKeys.requestContext("gitlab.example.com/sub", CLAIMS);
        assertEquals(List.of("gitlab.example.com/sub:sub", "gitlab.example.com/sub:aud"), List.copyOf(context.keySet()));
        assertFalse(AwsConditionKeys.awsExposes("gitlab.example.com", "ref_protected"));
        assertTrue(AwsConditionKeys.awsExposes("GitLab.com", "REF_PROTECTED"));
    }

    @Test
    void subAndAudAreSingleValued() {
        assertTrue(AwsConditionKeys.singleValued("sub"));
        assertTrue(AwsConditionKeys.singleValued("AUD"));
        assertFalse(AwsConditionKeys.singleValued("groups_direct"));
    }

    @Test
    void missingKeySemanticsFollowIam() {
        assertFalse(ConditionEvaluator.holds(new ConditionClause("StringEquals", "h:k", List.of("x")), null));
        assertTrue(ConditionEvaluator.holds(new ConditionClause("StringNotEquals", "h:k", List.of("x")), null));
        assertTrue(ConditionEvaluator.holds(new ConditionClause("StringEqualsIfExists", "h:k", List.of("x")), null));
        assertTrue(ConditionEvaluator.holds(new ConditionClause("ForAllValues:StringEquals", "h:k", List.of("x")), null));
        assertFalse(ConditionEvaluator.holds(new ConditionClause("ForAnyValue:StringEquals", "h:k", List.of("x")), null));
        assertTrue(ConditionEvaluator.holds(new ConditionClause("Null", "h:k", List.of("true")), null));
        assertFalse(ConditionEvaluator.holds(new ConditionClause("Null", "h:k", List.of("false")), null));
        assertFalse(ConditionEvaluator.holds(new ConditionClause("Bool", "h:k", List.of("true")), null));
        assertTrue(ConditionEvaluator.holds(new ConditionClause("StringEqualsIgnoreCase", "h:k", List.of("MAIN")), List.of("main")));
        assertFalse(ConditionEvaluator.holds(new ConditionClause("StringLike", "h:k", List.of("MAIN")), List.of("main")));
    }
}
