package lib.trust.report;

/** A file lint could not read fully (too deep, too big, unparsable, refused), and why: lint fails closed on it. */
public record Unreadable(String file, String reason) {
    /** The check name of its code-quality entry. */
    public static final String CHECK = "file-unreadable";

    public String text() {
        return reason.startsWith(file + ":") ? reason : file + ": " + reason;
    }
}
