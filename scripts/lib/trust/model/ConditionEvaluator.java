package lib.trust.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * IAM condition operator semantics for one clause, as documented in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html.
 * Policy values are ORed; a negated operator holds when no policy value matches.
 *
 * <p>A key missing from the request context (see {@link AwsConditionKeys}: a claim AWS does not
 * expose is missing even when the token has it):
 * <ul>
 *   <li>positive operators (StringEquals, StringLike, Bool, Numeric..., Arn...): false;</li>
 *   <li>negated operators (StringNotEquals, StringNotLike, ...): true;</li>
 *   <li>...IfExists: true ("if the key is not present, the condition evaluates to true");</li>
 *   <li>ForAllValues: true (every value of an empty set matches), ForAnyValue: false;</li>
 *   <li>Null: true when the policy value is "true", false when it is "false".</li>
 * </ul>
 * String comparisons are case-sensitive except StringEqualsIgnoreCase / StringNotEqualsIgnoreCase.
 */
public final class ConditionEvaluator {
    private ConditionEvaluator() {}

    public static boolean holds(ConditionClause clause, List<String> context) {
        ParsedOperator op = clause.parsed();
        if (!op.known()) return false;
        List<String> policy = clause.values();
        if (op.base().equals("Null")) {
            boolean absent = context == null || context.isEmpty();
            return policy.stream().anyMatch(v -> v.equalsIgnoreCase("true") == absent);
        }
        if (context == null || context.isEmpty()) {
            if (op.ifExists() || op.forAllValues()) return true;
            if (op.forAnyValue()) return false;
            return op.negated();
        }
        if (op.forAllValues()) return context.stream().allMatch(x -> single(op, x, policy));
        if (op.forAnyValue()) return context.stream().anyMatch(x -> single(op, x, policy));
        // A multi-valued key without a set operator: positive operators need one match,
        // negated ones need every value to stay clear (documented as not modelled exactly).
        return op.negated() ? context.stream().allMatch(x -> single(op, x, policy))
                : context.stream().anyMatch(x -> single(op, x, policy));
    }

    /** How the operator treats a missing key, in words, for explain's reasons. */
    public static String onMissingKey(ParsedOperator op) {
        if (!op.known()) return "an unknown operator never holds";
        if (op.base().equals("Null")) return "Null is true for a missing key only with the value \"true\"";
        if (op.ifExists()) return op.base() + "IfExists holds when the key is missing";
        if (op.forAllValues()) return "ForAllValues holds when the key is missing";
        if (op.forAnyValue()) return "ForAnyValue fails when the key is missing";
        return op.negated() ? op.base() + " holds when the key is missing" : op.base() + " fails when the key is missing";
    }

    static boolean single(ParsedOperator op, String actual, List<String> policy) {
        String positive = op.base().replace("Not", "");
        boolean any = policy.stream().anyMatch(p -> matches(positive, p, actual));
        return op.negated() ? !any : any;
    }

    private static boolean matches(String base, String policyValue, String actual) {
        return switch (base) {
            case "StringEquals" -> policyValue.equals(actual);
            case "StringEqualsIgnoreCase" -> policyValue.equalsIgnoreCase(actual);
            case "StringLike", "ArnLike", "ArnEquals" -> Glob.matches(policyValue, actual);
            case "Bool" -> policyValue.equalsIgnoreCase(actual);
            case "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
                 "NumericGreaterThanEquals" -> numeric(base, policyValue, actual);
            default -> false;
        };
    }

    private static boolean numeric(String base, String policyValue, String actual) {
        try {
            int cmp = new BigDecimal(actual.trim()).compareTo(new BigDecimal(policyValue.trim()));
            return switch (base) {
                case "NumericEquals" -> cmp == 0;
                case "NumericLessThan" -> cmp < 0;
                case "NumericLessThanEquals" -> cmp <= 0;
                case "NumericGreaterThan" -> cmp > 0;
                default -> cmp >= 0;
            };
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Operators whose semantics explain does not model (always false). */
    public static boolean modelled(ParsedOperator op) {
        String b = op.base().toLowerCase(Locale.ROOT);
        return op.known() && !b.startsWith("date") && !b.contains("ipaddress") && !b.startsWith("binary");
    }
}
