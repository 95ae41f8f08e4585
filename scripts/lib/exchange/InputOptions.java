package lib.exchange;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli options of exchange inputs, built from {@link ExchangeInput}: the shared options of
 * every command that takes them (AssumeRole all, InspectToken the token and audience ones).
 */
public final class InputOptions {
    private InputOptions() {}

    /** Adds an option per input, listed in the table's order. */
    public static void add(CommandSpec spec, ExchangeInput... inputs) {
        for (ExchangeInput input : inputs) {
            spec.addOption(OptionSpec.builder(input.option())
                    .type(String.class)
                    .paramLabel(input.paramLabel())
                    .defaultValue(input.picocliDefault())
                    .description(input.help())
                    .order(input.ordinal())
                    .build());
        }
    }

    /** The value picocli holds for an input (argument, else variable, else the table's default); null when absent. */
    public static String value(CommandSpec spec, ExchangeInput input) {
        OptionSpec option = spec.findOption(input.option());
        return option == null ? null : option.getValue();
    }

    /** True when the option was given on the command line (not taken from its variable). */
    public static boolean onCommandLine(CommandSpec spec, ExchangeInput input) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(input.option());
    }

    /** Every input of the table as picocli holds it. */
    public static RawInputs read(CommandSpec spec) {
        return RawInputs.of(input -> value(spec, input));
    }
}
