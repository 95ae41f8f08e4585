package lib.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * What every command prints for a bad command line: the problem, the one-line synopsis and a
 * pointer to --help (exit 2), never the whole help. Token-shaped text in the message is masked,
 * in case a token was pasted as an argument.
 */
public final class UsageErrors {
    private UsageErrors() {}

    public static CommandLine install(CommandLine command) {
        return install(command, null);
    }

    /** @param hint an extra line after the problem, or null */
    public static CommandLine install(CommandLine command, String hint) {
        command.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            String name = failed.getCommandName();
            err.println(name + ": " + redactTokens(e.getMessage()));
            if (hint != null) err.println(hint);
            err.println("Usage: " + name + " [OPTIONS]");
            err.println("Try '" + name + " --help' for more information.");
            err.flush();
            return 2;
        });
        return command;
    }

    /** Anything shaped like a compact JWT, even a truncated one, becomes a placeholder. */
    public static String redactTokens(String text) {
        return text == null ? "" : text.replaceAll("[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=-]*\\.[A-Za-z0-9_=.-]*|eyJ[A-Za-z0-9_=-]*", "<token redacted>");
    }
}
