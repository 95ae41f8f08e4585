import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import lib.exchange.ExchangeInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.Proc;

/**
 * A message names a setting where the reader set it: in a job of the component (the component
 * sets AWS_OIDC_COMPONENT_SHA) by its input, on a laptop by its option and variable.
 */
class InputNamingTest {
    private static final Map<String, String> COMPONENT_JOB = Map.of("AWS_OIDC_COMPONENT_SHA", "0123456789abcdef0123456789abcdef01234567");

    @Test
    void namesTheInputInAComponentJobAndTheOptionWithItsVariableElsewhere() {
        assertEquals("input role_arn", ExchangeInput.ROLE_ARN.naming().describe(true));
        assertEquals("--role-arn (env AWS_OIDC_ROLE_ARN)", ExchangeInput.ROLE_ARN.naming().describe(false));
        assertEquals("variable AWS_OIDC_TOKEN_FILE", ExchangeInput.TOKEN_FILE.naming().describe(true), "no input for it");
    }

    @Test
    void aBadInputOfTheComponentIsNamedByItsInput(@TempDir Path temp) {
        AssumeRoleRun job = new AssumeRoleRun(temp, null);
        Map<String, String> env = new HashMap<>(COMPONENT_JOB);
        env.put("AWS_OIDC_DURATION_SECONDS", "899");
        Proc.Result component = job.run(env);
        assertEquals(2, component.exitCode(), component.toString());
        assertEquals("assume-role: error: input duration_seconds \"899\": is out of range 900-43200. Use a number of seconds from 900 to 43200, "
                + "at most the role's MaxSessionDuration", firstLine(component.stderr()), component.toString());

        Proc.Result laptop = job.run(Map.of("AWS_OIDC_DURATION_SECONDS", "899"));
        assertEquals(2, laptop.exitCode(), laptop.toString());
        assertTrue(laptop.stderr().contains("--duration-seconds (env AWS_OIDC_DURATION_SECONDS) \"899\": is out of range 900-43200"),
                laptop.toString());
        assertFalse(laptop.stderr().contains("component input"), laptop.toString());
    }

    @Test
    void aMissingTokenInAComponentJobPointsToIdTokensAndTheInputNotToAFileOption(@TempDir Path temp) {
        AssumeRoleRun job = new AssumeRoleRun(temp, null);
        Map<String, String> env = new HashMap<>(COMPONENT_JOB);
        env.put("AWS_OIDC_TOKEN", null);
        Proc.Result component = job.run(env);
        assertEquals(2, component.exitCode(), component.toString());
        assertTrue(component.stderr().contains("input token_variable: the ID token variable AWS_OIDC_TOKEN is not set. Declare it in the job: "
                + "id_tokens: { AWS_OIDC_TOKEN: { aud: sts.amazonaws.com } }"), component.toString());
        assertFalse(component.stderr().contains("--"), "no command-line option in a component job: " + component);

        Map<String, String> laptopEnv = new HashMap<>();
        laptopEnv.put("AWS_OIDC_TOKEN", null);
        Proc.Result laptop = job.run(laptopEnv);
        assertTrue(laptop.stderr().contains("or pass the token in a file with --token-file (env AWS_OIDC_TOKEN_FILE)"), laptop.toString());
    }

    @Test
    void anAudienceMismatchInAComponentJobNamesTheAudienceInput(@TempDir Path temp) {
        AssumeRoleRun job = new AssumeRoleRun(temp, null);
        Map<String, String> env = new HashMap<>(COMPONENT_JOB);
        env.put("AWS_OIDC_AUDIENCE", "other.example.com");
        Proc.Result component = job.run(env);
        assertEquals(2, component.exitCode(), component.toString());
        assertTrue(component.stderr().contains("input audience \"other.example.com\": does not match the token's aud"), component.toString());
        assertTrue(component.stderr().contains("Request the token with aud: other.example.com in the job's id_tokens entry, "
                + "or set input audience to the token's aud"), component.toString());
        assertFalse(component.stderr().contains("--") || component.stderr().contains("Set id_tokens ..."), component.toString());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
