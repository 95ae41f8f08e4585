package lib.cli;

import java.io.PrintWriter;

/** Prints through the Redactor. Errors and warnings go to stderr, results to stdout. */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final String name;

    public Console(String name, PrintWriter out, PrintWriter err) {
        this.name = name;
        this.out = out;
        this.err = err;
    }

    public void result(String line) {
        out.println(Redactor.clean(line));
        out.flush();
    }

    public void warn(String message) {
        err.println(name + ": warning: " + Redactor.clean(message));
        err.flush();
    }

    public void error(String message) {
        err.println(name + ": error: " + Redactor.clean(message));
        err.flush();
    }

    public void info(String message) {
        err.println(name + ": " + Redactor.clean(message));
        err.flush();
    }
}
