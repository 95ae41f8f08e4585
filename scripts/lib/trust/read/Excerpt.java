package lib.trust.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Keeps input out of error messages: at most a short excerpt, with anything shaped like a token,
 * key or other long opaque value replaced by {@code <redacted>}.
 */
public final class Excerpt {
    static final int LONGEST = 40;
    /** Long runs of base64url / base64 / hex characters, and JWT-like dotted runs. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_\\-+/=]{16,}(\\.[A-Za-z0-9_\\-+/=]*)*");

    private Excerpt() {}

    /** The text made safe for a message: long opaque runs redacted, then cut to a short excerpt. */
    public static String of(String text) {
        if (text == null) return "";
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        String redacted = OPAQUE.matcher(oneLine).replaceAll("<redacted>");
        return redacted.length() <= LONGEST ? redacted : redacted.substring(0, LONGEST) + "...";
    }

    /** A parser's complaint without the input it quotes: the reason's first clause, redacted, and where. */
    public static String of(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        reason = reason.lines().findFirst().orElse("syntax error");
        int colon = reason.indexOf(": ");
        if (colon > 0) reason = reason.substring(0, colon);
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return of(reason) + where;
    }
}
