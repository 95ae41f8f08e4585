package lib.trust.lint;

/**
 * One problem in one statement of one input file.
 *
 * @param occurrence how many earlier statements of the same document carry the same label (two
 *                   statements with one Sid): keeps their fingerprints apart
 */
public record Finding(String file, String statement, int line, Rule rule, String message, int occurrence) {
    public Finding(String file, String statement, int line, Rule rule, String message) {
        this(file, statement, line, rule, message, 0);
    }

    public String text() {
        return file + ":" + statement + " " + rule.id + " " + rule.severity.id() + " " + message + " Fix: " + rule.fix;
    }
}
