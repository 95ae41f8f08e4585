import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import testkit.AgainstFaultSts;
import testkit.FaultSts;
import testkit.FaultSts.Step;
import testkit.FileSnapshot;
import testkit.Moto;
import testkit.Proc;

/** --allowed-account-ids checks the new credentials with GetCallerIdentity; session policies reach STS. */
class AssumeRoleAccountAndPolicyTest extends AgainstFaultSts {
    static final String EXISTING_CONFIG = "[profile ci]\nregion = us-east-1\n";
    static final String EXISTING_CREDENTIALS = "[ci]\naws_access_key_id = AKIAPREVIOUS\naws_secret_access_key = previous\n";

    @BeforeEach
    void existingProfiles() {
        job.files.write(job.files.config, EXISTING_CONFIG);
        job.files.write(job.files.credentials, EXISTING_CREDENTIALS);
    }

    @Test
    void refusesCredentialsOfAnAccountNotListedAndTouchesNoFile() {
        sts.identity(sts.identity().withAccount("999999999999"));
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result result = job.run("--profile", "ci", "--allowed-account-ids", "123456789012,210987654321");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("the credentials are for account 999999999999, which is not in allowed_account_ids "
                + "[123456789012, 210987654321] (--allowed-account-ids, AWS_OIDC_ALLOWED_ACCOUNT_IDS); nothing was written"), result::toString);
        before.assertUnchanged();
        List<FaultSts.Request> identity = sts.requests("GetCallerIdentity");
        assertEquals(1, identity.size());
        assertTrue(identity.get(0).header("Authorization").contains("Credential=" + sts.identity().accessKeyId() + "/"),
                "GetCallerIdentity is signed with the new credentials");
    }

    @Test
    void writesTheProfileWhenTheAccountIsListed() {
        Proc.Result result = job.run("--profile", "ci", "--allowed-account-ids", "[\"123456789012\"]");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, sts.requests("GetCallerIdentity").size());
        assertTrue(job.files.read(job.files.credentials).contains(sts.identity().accessKeyId()));
    }

    @Test
    void skipsTheAccountCheckWithoutAnAllowList() {
        Proc.Result result = job.run("--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(0, sts.requests("GetCallerIdentity").size());
    }

    @Test
    void failsWithoutWritingWhenTheAccountCannotBeChecked() {
        sts.script(Step.success(), Step.error("AccessDenied"));
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result result = job.run("--profile", "ci", "--allowed-account-ids", "123456789012");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("could not check the account of the new credentials with GetCallerIdentity (AccessDenied, HTTP 403)"),
                result::toString);
        before.assertUnchanged();
    }

    @Test
    void refusesAnUnlistedAccountAgainstMoto() {
        Moto moto = Moto.get();
        job.env.put("AWS_OIDC_STS_ENDPOINT", moto.endpoint());
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result refused = job.run("--profile", "ci", "--allowed-account-ids", "111111111111");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("the credentials are for account 123456789012"), refused::toString);
        before.assertUnchanged();

        Proc.Result allowed = job.run("--profile", "ci", "--allowed-account-ids", "111111111111,123456789012");
        assertEquals(0, allowed.exitCode(), allowed::toString);
    }

    @Test
    void sendsTheInlineSessionPolicyAsPolicy() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        Proc.Result result = job.run("--session-policy", policy);
        assertEquals(0, result.exitCode(), result::toString);
        FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
        assertEquals(policy, exchange.param("Policy"));
        assertEquals(List.of(), exchange.policyArns());
    }

    @Test
    void sendsManagedPolicyArnsAsPolicyArnsMembers() {
        List<String> arns = List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team/deploy-s3");
        Proc.Result result = job.run(java.util.Map.of("AWS_OIDC_POLICY_ARNS", "[\"" + String.join("\", \"", arns) + "\"]"));
        assertEquals(0, result.exitCode(), result::toString);
        FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
        assertEquals(arns, exchange.policyArns());
        assertNull(exchange.param("Policy"));
    }

    @Test
    void acceptsTenPolicyArnsAndAnInlinePolicyOf2048Characters() {
        StringBuilder arns = new StringBuilder();
        for (int i = 1; i <= 10; i++) arns.append(i > 1 ? "," : "").append("arn:aws:iam::123456789012:policy/p").append(i);
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/";
        String tail = "\"}]}";
        String policy = head + "x".repeat(2048 - head.length() - tail.length()) + tail;
        assertEquals(2048, policy.length());
        Proc.Result result = job.run("--policy-arns", arns.toString(), "--session-policy", policy);
        assertEquals(0, result.exitCode(), result::toString);
        FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
        assertEquals(10, exchange.policyArns().size());
        assertEquals(policy, exchange.param("Policy"));
        assertFalse(result.stderr().contains("warning"), result::toString);
    }
}
