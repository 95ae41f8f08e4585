package project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lib.exchange.CredentialMode;
import lib.exchange.ExchangeInput;
import org.junit.jupiter.api.Test;

/** The assume-role template's spec: and the ExchangeInput table state the same inputs and defaults. */
class ExchangeInputsTemplateTest {
    static final Path TEMPLATE = Path.of("templates/assume-role.yml");

    /** Inputs of the component alone: they shape the job, not the exchange, and have no variable. */
    static final Set<String> COMPONENT_ONLY = Set.of("as", "java_exchange");

    final ComponentSpec spec = ComponentSpec.read(TEMPLATE);
    final Map<String, ComponentSpec.Input> inputs = spec.inputs().stream()
            .collect(Collectors.toMap(ComponentSpec.Input::name, input -> input));

    @Test
    void everyTemplateInputIsInTheTableUnlessListedAsComponentOnly() {
        Set<String> inTable = java.util.Arrays.stream(ExchangeInput.values()).map(ExchangeInput::componentInput)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        for (String name : inputs.keySet()) {
            assertTrue(inTable.contains(name) || COMPONENT_ONLY.contains(name),
                    "template input " + name + " is neither in ExchangeInput nor listed in COMPONENT_ONLY");
        }
    }

    @Test
    void everyTableInputWithAComponentInputIsInTheTemplateAndReachesItsVariable() throws IOException {
        String body = Files.readString(TEMPLATE);
        body = body.substring(body.indexOf("\n---\n"));
        for (ExchangeInput input : ExchangeInput.values()) {
            if (input.componentInput() == null) continue;
            assertNotNull(inputs.get(input.componentInput()), input + ": the template has no input " + input.componentInput());
            assertTrue(body.contains("inputs." + input.componentInput()), input.componentInput() + " is never used in the job");
            assertTrue(body.contains(input.environmentVariable()), input.environmentVariable() + " is never set in the job");
        }
    }

    @Test
    void defaultsAgree() {
        for (ExchangeInput input : ExchangeInput.values()) {
            ComponentSpec.Input declared = inputs.get(input.componentInput());
            if (declared == null) continue;
            String templateDefault = declared.required() ? null : emptyAsNull(declared.defaultValue());
            if (input == ExchangeInput.MODE) {
                // The template may say auto (static when the Java exchange runs): compare what each means.
                assertEquals(CredentialMode.parse(input.defaultValue()), CredentialMode.parse(templateDefault), "credential_mode default");
            } else {
                assertEquals(input.defaultValue(), templateDefault, input.componentInput() + " default");
            }
        }
    }

    @Test
    void credentialModeOptionsAreModesAssumeRoleAccepts() {
        for (String option : inputs.get("credential_mode").options()) CredentialMode.parse(option);
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() || value.equals("[]") ? null : value;
    }
}
