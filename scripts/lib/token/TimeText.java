package lib.token;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How times in tokens are shown: ISO UTC and "in 4m 12s" / "5m ago" relative to now. */
public final class TimeText {
    private TimeText() {}

    public static String iso(long epochSeconds) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** "in 4m 12s", "5m ago" or "now". */
    public static String relative(long epochSeconds, Instant now) {
        long delta = epochSeconds - now.getEpochSecond();
        if (delta == 0) return "now";
        return delta > 0 ? "in " + span(Duration.ofSeconds(delta)) : span(Duration.ofSeconds(-delta)) + " ago";
    }

    /** "1d 2h 3m 4s" without the zero units; "0s" for nothing. */
    public static String span(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        long days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60, rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) text.append(days).append("d ");
        if (hours > 0) text.append(hours).append("h ");
        if (minutes > 0) text.append(minutes).append("m ");
        if (rest > 0 || text.length() == 0) text.append(rest).append("s ");
        return text.toString().trim();
    }
}
