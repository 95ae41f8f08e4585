import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lib.exchange.RawInputs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * AssumeRole reads its settings two ways: through picocli when given arguments, straight from the
 * environment when given none (the component's fast start). Both must read the same variables.
 */
class EnvironmentInputsTest {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-.*)?}");

    @Test
    void theNoArgumentPathReadsExactlyTheVariablesTheOptionsDocument() throws Exception {
        Map<String, String> env = new HashMap<>();
        Map<String, String> expected = new HashMap<>();
        for (RecordComponent component : RawInputs.class.getRecordComponents()) {
            Option option = AssumeRole.class.getDeclaredField(component.getName()).getAnnotation(Option.class);
            Matcher variable = ENV_DEFAULT.matcher(option.defaultValue());
            assertTrue(variable.matches(), component.getName() + " has no env-backed default: " + option.defaultValue());
            env.put(variable.group(1), "value of " + component.getName());
            expected.put(component.getName(), "value of " + component.getName());
        }
        RawInputs read = RawInputs.fromEnvironment(env);
        for (RecordComponent component : RawInputs.class.getRecordComponents()) {
            assertEquals(expected.get(component.getName()), component.getAccessor().invoke(read), component.getName());
        }
    }
}
