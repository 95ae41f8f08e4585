import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-managed GitLab whose host does not contain "gitlab" (git.acme.io): with --gitlab-url it
 * gets every GitLab rule; without it an open sub on the unknown provider still fails the gate.
 */
class TrustPolicyLintSelfManagedHostTest {
    static final String OPEN_SUB = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "Acme", "Effect": "Allow",
              "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/git.acme.io"},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringLike": {"git.acme.io:sub": "*"}, "StringEquals": {"git.acme.io:aud": "sts.amazonaws.com"}}}]}
            """;

    @Test
    void withTheInstanceUrlAnOpenSubIsAWildcardSub(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("trust.json"), OPEN_SUB);
        TrustPolicyCommandTest.Run r = TrustPolicyCommandTest.run("lint", "--gitlab-url", "https://git.acme.io",
                "--fail-on", "minor", policy.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("sub-wildcard-instance critical"), r.out());
        assertTrue(r.out().contains("ref-wildcard-unprotected major"), r.out());
        assertFalse(r.out().contains("provider-sub-open"), "judged as GitLab, not as an unknown provider: " + r.out());
    }

    @Test
    void withoutItTheOpenSubOnAnUnknownProviderStillFailsTheGate(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("trust.json"), OPEN_SUB);
        TrustPolicyCommandTest.Run r = TrustPolicyCommandTest.run("lint", "--fail-on", "minor", policy.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("provider-sub-open major"), r.out());
        assertTrue(r.out().contains("TRUST_POLICY_GITLAB_URL"), "says how to get the GitLab rules: " + r.out());
    }

    @Test
    void aPinnedSubOnAnUnknownProviderIsNotReported(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("trust.json"), OPEN_SUB.replace("\"git.acme.io:sub\": \"*\"",
                "\"git.acme.io:sub\": \"repo:acme/webshop:ref:refs/heads/main\""));
        TrustPolicyCommandTest.Run r = TrustPolicyCommandTest.run("lint", "--fail-on", "minor", policy.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void aUrlWithoutAHostIsRefused(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("trust.json"), OPEN_SUB);
        TrustPolicyCommandTest.Run r = TrustPolicyCommandTest.run("lint", "--gitlab-url", "https://", policy.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--gitlab-url"), r.err());
    }
}
