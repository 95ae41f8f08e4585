package lib.cli;

import java.util.ArrayList;
import java.util.List;

/** How every command treats option values: blank means unset, list items are trimmed and empty ones dropped. */
public final class Values {
    private Values() {}

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The trimmed value, or null when blank. */
    public static String trimmedOrNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    /** The non-blank items, trimmed; an empty list for null. */
    public static List<String> trimmed(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) values.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(out::add);
        return out;
    }
}
