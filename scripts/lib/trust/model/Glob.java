package lib.trust.model;

/**
 * IAM's StringLike matching: '*' matches any run of characters (including '/' and ':'),
 * '?' exactly one character. Everything else, case included, must match literally. A character
 * after {@link #LITERAL} is literal even when it is '*' or '?': that is how a resolved policy
 * variable {@code ${*}} or {@code ${?}} reaches the matcher ({@link PolicyVariables}).
 */
public final class Glob {
    /** Marks the next pattern character as literal (a private-use code point, never in a claim). */
    public static final char LITERAL = '\uE000';

    private Glob() {}

    public static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == LITERAL) i++;
            else if (c == '*' || c == '?') return true;
        }
        return false;
    }

    public static boolean matches(String pattern, String value) {
        int p = 0, v = 0, starP = -1, starV = -1;
        while (v < value.length()) {
            if (p < pattern.length()) {
                char pc = pattern.charAt(p);
                if (pc == LITERAL && p + 1 < pattern.length()) {
                    if (pattern.charAt(p + 1) == value.charAt(v)) {
                        p += 2;
                        v++;
                        continue;
                    }
                } else if (pc == '*') {
                    starP = p++;
                    starV = v;
                    continue;
                } else if (pc == '?' || pc == value.charAt(v)) {
                    p++;
                    v++;
                    continue;
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            v = ++starV;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}
