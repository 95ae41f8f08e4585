package lib.trust.model;

import java.util.Locale;
import java.util.Set;

/**
 * A condition operator split into its parts: optional set qualifier (ForAnyValue/ForAllValues),
 * base operator, and the IfExists suffix. Operator names are matched case-sensitively by IAM;
 * we accept any case but report unknown names.
 */
public record ParsedOperator(String qualifier, String base, boolean ifExists, boolean known) {
    static final Set<String> STRING = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike");
    static final Set<String> NUMERIC = Set.of("NumericEquals", "NumericNotEquals", "NumericLessThan",
            "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals");
    static final Set<String> ARN = Set.of("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike");
    static final Set<String> OTHER = Set.of("Bool", "Null", "DateEquals", "DateNotEquals", "DateLessThan",
            "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "IpAddress", "NotIpAddress",
            "BinaryEquals");

    public static ParsedOperator parse(String operator) {
        String rest = operator;
        String qualifier = "";
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            qualifier = canonical(rest.substring(0, colon), Set.of("ForAnyValue", "ForAllValues"));
            rest = rest.substring(colon + 1);
        }
        boolean ifExists = rest.toLowerCase(Locale.ROOT).endsWith("ifexists") && rest.length() > 8;
        if (ifExists) rest = rest.substring(0, rest.length() - 8);
        String base = canonical(rest, STRING);
        if (base == null) base = canonical(rest, NUMERIC);
        if (base == null) base = canonical(rest, ARN);
        if (base == null) base = canonical(rest, OTHER);
        boolean known = base != null && qualifier != null && !(ifExists && "Null".equals(base));
        return new ParsedOperator(qualifier == null ? "" : qualifier, base == null ? rest : base, ifExists, known);
    }

    private static String canonical(String name, Set<String> names) {
        for (String candidate : names) if (candidate.equalsIgnoreCase(name)) return candidate;
        return null;
    }

    public boolean negated() {
        return base.contains("Not") && !"Null".equals(base);
    }

    public boolean forAllValues() {
        return "ForAllValues".equals(qualifier);
    }

    public boolean forAnyValue() {
        return "ForAnyValue".equals(qualifier);
    }

    public boolean isStringEquality() {
        return base.startsWith("StringEquals") || base.startsWith("StringNotEquals");
    }

    public boolean isLike() {
        return base.endsWith("Like");
    }
}
