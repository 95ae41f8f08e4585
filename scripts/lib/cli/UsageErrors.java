package lib.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * What every command prints for a bad command line: the problem, then one line of usage with a
 * pointer to --help (exit 2), never the whole help. Token-shaped text in the message is masked,
 * in case a token was pasted as an argument.
 */
public final class UsageErrors {
    public static final int EXIT = 2;

    private UsageErrors() {}

    public static CommandLine install(CommandLine command) {
        return install(command, null);
    }

    /**
     * @param tokenHint a line printed after the problem when the command line held something
     *                  shaped like a token, or null
     */
    public static CommandLine install(CommandLine command, String tokenHint) {
        HelpLayout.install(command);
        command.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            String message = String.valueOf(e.getMessage());
            String shown = redactTokens(message);
            err.println(failed.getCommandSpec().qualifiedName() + ": " + shown);
            if (tokenHint != null && !shown.equals(message)) err.println(tokenHint);
            err.println(usageLine(failed));
            err.flush();
            return EXIT;
        });
        return command;
    }

    /** "Usage: trust-policy lint [OPTIONS] [FILE...] (see --help)": the whole synopsis on one line. */
    public static String usageLine(CommandLine command) {
        return "Usage: " + command.getHelp().abbreviatedSynopsis().strip() + " (see --help)";
    }

    /** Anything shaped like a compact JWT, even a truncated one, becomes a placeholder. */
    public static String redactTokens(String text) {
        return text == null ? "" : text.replaceAll("[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=.-]*|eyJ[A-Za-z0-9_=-]*", "<token redacted>");
    }
}
