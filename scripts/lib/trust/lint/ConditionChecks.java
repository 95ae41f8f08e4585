package lib.trust.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lib.trust.model.ConditionClause;
import lib.trust.model.Glob;
import lib.trust.model.ParsedOperator;
import lib.trust.model.TrustStatement;

/**
 * Conditions no GitLab token can satisfy: a key AWS never sets under an operator that needs the
 * key, and clauses of one statement that contradict each other. Semantics as in
 * {@link lib.trust.model.ConditionEvaluator}.
 */
final class ConditionChecks {
    private ConditionChecks() {}

    /**
     * True when the clause fails for a missing key: a positive operator without IfExists, any
     * ForAnyValue, or Null with only "false". (Negated operators, IfExists, ForAllValues and
     * Null "true" hold for a missing key: they check nothing instead.)
     */
    static boolean requiresKey(ParsedOperator op, List<String> values) {
        if (!op.known()) return false;
        if (op.base().equals("Null")) return !values.isEmpty() && values.stream().allMatch(v -> v.equalsIgnoreCase("false"));
        if (op.forAnyValue()) return true;
        if (op.forAllValues() || op.ifExists()) return false;
        return !op.negated();
    }

    static String neverMatches(TrustStatement s, ConditionClause c, String why) {
        return deadClause(s, c, "the key is always absent (" + why + ")");
    }

    /** The message of a clause no GitLab token satisfies, for the given reason. */
    static String deadClause(TrustStatement s, ConditionClause c, String reason) {
        return c.operator() + " " + c.key() + ": " + reason + ", so "
                + (s.isAllow() ? "this statement never matches and no token can assume the role through it."
                : "this Deny never applies.");
    }

    /** Pairs of clauses on one key that no single value can satisfy together. */
    static List<String> contradictions(TrustStatement s) {
        List<String> out = new ArrayList<>();
        List<ConditionClause> clauses = s.conditions();
        for (int i = 0; i < clauses.size(); i++) {
            ConditionClause exact = clauses.get(i);
            ParsedOperator eop = exact.parsed();
            if (!plain(eop) || !eop.base().equals("StringEquals") || exact.values().isEmpty()) continue;
            if (exact.values().stream().anyMatch(v -> v.contains("${") || v.contains("*"))) continue;
            for (int j = 0; j < clauses.size(); j++) {
                ConditionClause other = clauses.get(j);
                if (i == j || !other.key().equalsIgnoreCase(exact.key())) continue;
                ParsedOperator oop = other.parsed();
                if (!plain(oop) || other.values().isEmpty() || other.values().stream().anyMatch(v -> v.contains("${"))) continue;
                if (j < i && oop.base().equals("StringEquals")) continue;
                boolean someValuePasses = exact.values().stream().anyMatch(v -> holds(oop, other.values(), v));
                if (!someValuePasses) {
                    out.add(exact.operator() + " " + exact.key() + " " + exact.values() + " and " + other.operator() + " "
                            + other.key() + " " + other.values() + " cannot both hold, so "
                            + (s.isAllow() ? "this statement never matches." : "this Deny never applies."));
                }
            }
        }
        return out;
    }

    /** No qualifier, no IfExists, a string operator we can compare exactly. */
    private static boolean plain(ParsedOperator op) {
        return op.known() && op.qualifier().isEmpty() && !op.ifExists() && op.base().startsWith("String");
    }

    private static boolean holds(ParsedOperator op, List<String> policy, String actual) {
        String base = op.base().replace("Not", "");
        boolean any = policy.stream().anyMatch(p -> switch (base) {
            case "StringEquals" -> p.equals(actual);
            case "StringEqualsIgnoreCase" -> p.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT));
            case "StringLike" -> Glob.matches(p, actual);
            default -> true;
        });
        return op.negated() != any;
    }
}
