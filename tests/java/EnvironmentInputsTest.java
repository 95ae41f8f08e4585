import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lib.exchange.CredentialMode;
import lib.exchange.ExchangeInput;
import lib.exchange.ExchangeSettings;
import lib.exchange.InputOptions;
import lib.exchange.InputValidator;
import lib.exchange.RawInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import testkit.TestIssuer;

/**
 * AssumeRole reads its settings two ways: through picocli when given arguments, straight from the
 * environment when given none (the component's fast start). Both take names, variables and defaults
 * from the ExchangeInput table, and must end in the same settings.
 */
class EnvironmentInputsTest {
    @TempDir Path temp;

    @Test
    void everyInputIsAnOptionWithItsVariableAndDefaultInTheHelp() {
        CommandLine command = AssumeRole.commandLine();
        for (ExchangeInput input : ExchangeInput.values()) {
            OptionSpec option = command.getCommandSpec().findOption(input.option());
            assertNotNull(option, input + " has no option " + input.option());
            String help = String.join(" ", option.description());
            assertTrue(help.contains("Env: " + input.environmentVariable() + "."), help);
            if (input.defaultValue() != null) assertTrue(help.contains("Default: " + input.defaultValue() + "."), help);
        }
    }

    @Test
    void theNoArgumentPathReadsExactlyTheVariablesOfTheTable() {
        Map<String, String> env = new HashMap<>();
        for (ExchangeInput input : ExchangeInput.values()) env.put(input.environmentVariable(), "value of " + input);
        RawInputs read = RawInputs.fromEnvironment(env);
        for (ExchangeInput input : ExchangeInput.values()) assertEquals("value of " + input, read.get(input), input.toString());
        assertEquals(ExchangeInput.values().length, read.values().size());
    }

    @Test
    void picocliFallsBackToTheTablesDefaults() {
        for (ExchangeInput input : ExchangeInput.values()) {
            assertNull(System.getenv(input.environmentVariable()), "this test needs " + input.environmentVariable() + " unset");
        }
        CommandLine command = AssumeRole.commandLine();
        command.parseArgs();
        RawInputs read = InputOptions.read(command.getCommandSpec());
        for (ExchangeInput input : ExchangeInput.values()) assertEquals(input.defaultValue(), read.get(input), input.toString());
    }

    @Test
    void bothPathsEndInTheSameSettingsWhenOnlyTheRequiredInputsAreGiven() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_OIDC_TOKEN", new TestIssuer().mint(),
                "AWS_CONFIG_FILE", temp.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", temp.resolve("credentials").toString(),
                "CI_PROJECT_ID", "1", "CI_PIPELINE_ID", "2", "CI_JOB_ID", "3"));
        String role = "arn:aws:iam::123456789012:role/deploy";
        CommandLine command = AssumeRole.commandLine();
        command.parseArgs("--role-arn", role, "--region", "eu-west-1");
        RawInputs fromOptions = InputOptions.read(command.getCommandSpec());
        Map<String, String> jobEnv = new HashMap<>(env);
        jobEnv.put("AWS_OIDC_ROLE_ARN", role);
        jobEnv.put("AWS_REGION", "eu-west-1");
        RawInputs fromEnvironment = RawInputs.fromEnvironment(jobEnv);

        Instant now = Instant.now();
        ExchangeSettings a = new InputValidator(env, now).validate(fromOptions);
        ExchangeSettings b = new InputValidator(env, now).validate(fromEnvironment);
        for (RecordComponent component : ExchangeSettings.class.getRecordComponents()) {
            if (List.of("token", "claims").contains(component.getName())) continue;
            assertEquals(String.valueOf(component.getAccessor().invoke(a)), String.valueOf(component.getAccessor().invoke(b)), component.getName());
        }
        assertEquals(Integer.parseInt(ExchangeInput.DURATION.defaultValue()), b.durationSeconds());
        assertEquals(Integer.parseInt(ExchangeInput.MAX_ATTEMPTS.defaultValue()), b.maxAttempts());
        assertEquals(Long.parseLong(ExchangeInput.MAX_TOTAL_SECONDS.defaultValue()), b.maxTotalTime().toSeconds());
        assertEquals(Long.parseLong(ExchangeInput.ATTEMPT_TIMEOUT.defaultValue()), b.attemptTimeout().toSeconds());
        assertEquals(ExchangeInput.AUDIENCE.defaultValue(), b.audience());
        assertEquals(ExchangeInput.PROFILE.defaultValue(), b.profile());
        assertEquals(CredentialMode.parse(ExchangeInput.MODE.defaultValue()), b.mode());
    }

    @Test
    void autoCredentialModeMeansStatic() {
        assertEquals(CredentialMode.STATIC, CredentialMode.parse(CredentialMode.AUTO));
    }
}
