package lib.exchange;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The settings as given on the command line or in the environment, before validation; null when unset. */
public record RawInputs(Map<ExchangeInput, String> values) {
    public RawInputs {
        Map<ExchangeInput, String> copy = new EnumMap<>(ExchangeInput.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public String get(ExchangeInput input) {
        return values.get(input);
    }

    /** Each input's value from {@code source}; null values stay unset. */
    public static RawInputs of(Function<ExchangeInput, String> source) {
        Map<ExchangeInput, String> values = new EnumMap<>(ExchangeInput.class);
        for (ExchangeInput input : ExchangeInput.values()) {
            String value = source.apply(input);
            if (value != null) values.put(input, value);
        }
        return new RawInputs(values);
    }

    /** Every setting from its environment variable, as the component passes them (no arguments). */
    public static RawInputs fromEnvironment(Map<String, String> env) {
        return of(input -> env.get(input.environmentVariable()));
    }
}
