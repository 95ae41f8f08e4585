package lib.trust.cli;

import java.util.List;

/** Option values as the commands use them: trimmed, blank meaning unset. */
public final class Values {
    private Values() {}

    public static List<String> clean(List<String> values) {
        if (values == null) return List.of();
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The value trimmed, or null when it is blank. */
    public static String trimmed(String s) {
        return blank(s) ? null : s.trim();
    }
}
