package lib.trust.lint;

import lib.cli.UsageException;
import java.util.Locale;

/** GitLab code-quality severities, lowest first. */
public enum Severity {
    INFO, MINOR, MAJOR, CRITICAL, BLOCKER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fail-on (TRUST_POLICY_FAIL_ON): '" + value
                    + "' is not a severity. Fix: use info, minor, major, critical or blocker.");
        }
    }
}
