package lib.trust;

/** One problem in one statement of one input file. */
public record Finding(String file, String statement, int line, Rule rule, String message) {
    public String text() {
        return file + ":" + statement + " " + rule.id + " " + rule.severity.id() + " " + message + " Fix: " + rule.fix;
    }
}
