import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import testkit.AgainstFaultSts;
import testkit.FaultSts;
import testkit.Proc;

/** Variables in the job that would shadow the written profile: named with the fix, never shown. */
class AssumeRoleEnvironmentTest extends AgainstFaultSts {

    @Test
    void warnsAboutEachShadowingVariableByNameWithoutItsValue() {
        Map<String, String> shadows = new LinkedHashMap<>();
        shadows.put("AWS_ACCESS_KEY_ID", "AKIASHADOWKEY1234567");
        shadows.put("AWS_SECRET_ACCESS_KEY", "shadowSecretValue/abcdefghijklmnopqrstuvw");
        shadows.put("AWS_SESSION_TOKEN", "IQoJshadowSessionTokenValue0123456789");
        shadows.put("AWS_ROLE_ARN", "arn:aws:iam::999999999999:role/shadow-role-value");
        shadows.put("AWS_WEB_IDENTITY_TOKEN_FILE", temp.resolve("shadow-token-file-value").toString());
        Proc.Result result = job.run(shadows, "--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        for (Map.Entry<String, String> shadow : shadows.entrySet()) {
            assertTrue(result.stderr().contains("warning: " + shadow.getKey() + " is set in this job and takes precedence over the profile"),
                    shadow.getKey() + "\n" + result);
            assertFalse(result.all().contains(shadow.getValue()), shadow.getKey() + "'s value was printed\n" + result);
        }
        assertEquals(5, result.stderr().split("Remove it from the project's or group's CI/CD variables", -1).length - 1, result::toString);
        FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
        assertNull(exchange.header("Authorization"), "the ambient keys must not sign the exchange");
        assertFalse(String.valueOf(exchange.header("X-Amz-Security-Token")).contains("shadow"));
    }

    @Test
    void staysQuietWhenNoVariableShadowsTheProfile() {
        Proc.Result result = job.run(Map.of("AWS_ACCESS_KEY_ID", ""), "--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.stderr().contains("warning"), result::toString);
    }

    @Test
    void warnsWhenAwsProfileSelectsAnotherProfile() {
        Proc.Result result = job.run(Map.of("AWS_PROFILE", "legacy"), "--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("AWS_PROFILE is legacy but the profile written is ci"), result::toString);
        assertTrue(result.stderr().contains("set AWS_PROFILE to it"), result::toString);
    }
}
