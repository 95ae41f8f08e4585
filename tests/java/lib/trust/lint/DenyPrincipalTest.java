package lib.trust.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import lib.trust.read.PolicySources;
import org.junit.jupiter.api.Test;

/** A Deny narrows an Allow only when its Principal is one that the Allow's web identity callers match. */
class DenyPrincipalTest {
    private static final String ALLOW_ANY_PROJECT = "{\"Sid\": \"Allow\", \"Effect\": \"Allow\", \"Principal\": {\"Federated\": "
            + "\"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", "
            + "\"Condition\": {\"StringLike\": {\"gitlab.com:sub\": \"*\"}, \"StringEquals\": {\"gitlab.com:aud\": "
            + "\"sts.amazonaws.com\", \"gitlab.com:project_id\": \"4242\", \"gitlab.com:namespace_id\": \"72\"}}}";

    static TreeSet<String> ids(String denyPrincipal, String action) {
        String deny = "{\"Sid\": \"Deny\", \"Effect\": \"Deny\", " + denyPrincipal + " \"Action\": \"" + action + "\", "
                + "\"Condition\": {\"StringNotEquals\": {\"gitlab.com:sub\": "
                + "\"project_path:acme/webshop:ref_type:branch:ref:main\"}}}";
        String json = "{\"Version\": \"2012-10-17\", \"Statement\": [" + ALLOW_ANY_PROJECT + ", " + deny + "]}";
        TreeSet<String> out = new TreeSet<>();
        TrustPolicyLinter.lint(PolicySources.read("p.json", json).get(0)).forEach(f -> out.add(f.rule().id));
        return out;
    }

    /** The project is pinned by id, so without the Deny any of its refs gets in. */
    private static final TreeSet<String> OPEN = new TreeSet<>(List.of("ref-wildcard-unprotected"));

    @Test
    void aDenyOnEveryoneOrTheSameProviderNarrows() {
        assertEquals(new TreeSet<>(), ids("\"Principal\": \"*\",", "sts:AssumeRoleWithWebIdentity"));
        assertEquals(new TreeSet<>(), ids("\"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},",
                "sts:AssumeRoleWithWebIdentity"));
        assertEquals(new TreeSet<>(), ids("\"Principal\": \"*\",", "sts:*"));
    }

    @Test
    void aDenyOnAnotherPrincipalOrActionDoesNot() {
        assertEquals(OPEN, ids("\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"},", "sts:AssumeRoleWithWebIdentity"));
        assertEquals(OPEN, ids("\"Principal\": {\"AWS\": \"*\"},", "sts:AssumeRoleWithWebIdentity"));
        assertEquals(OPEN, ids("", "sts:AssumeRoleWithWebIdentity"));
        assertEquals(OPEN, ids("\"Principal\": \"*\",", "sts:AssumeRole"));
    }
}
