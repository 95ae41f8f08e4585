package lib.trust.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM policy variables in condition values, as IAM evaluates them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * <ul>
 *   <li>only in a policy with {@code "Version": "2012-10-17"} and only under string and ARN
 *       operators; elsewhere {@code ${...}} is literal text;</li>
 *   <li>{@code ${*}}, {@code ${?}}, {@code ${$}} stand for a literal '*', '?', '$' (not wildcards);</li>
 *   <li>{@code ${prefix:key}} is replaced with the value of that key in the request context, e.g.
 *       {@code ${gitlab.com:project_id}}; {@code ${key, 'default'}} gives a value for a missing key;</li>
 *   <li>a key that is not in the request context (or is multivalued) cannot be resolved: "any
 *       attempt to match it fails and causes the statement to be invalid", so the statement never
 *       applies.</li>
 * </ul>
 * Any other {@code ${...}} (a Terraform reference, a CloudFormation parameter, a shell variable) is
 * not an IAM variable and stays an unevaluated placeholder.
 */
public final class PolicyVariables {
    public static final String VERSION = "2012-10-17";
    /** Lint's stand-ins for {@code ${*}} and {@code ${?}}: one character each, never a wildcard. */
    public static final char STAR = '\uE001', QUESTION = '\uE002';
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^{}]*)}");
    private static final Pattern CONTEXT = Pattern.compile(
            "\\s*([^\\s:{},']+):([A-Za-z0-9_\\-/.]+)\\s*(?:,\\s*'([^']*)')?\\s*");

    /** A {@code ${prefix:key}} variable and its default, if any. */
    public record ContextVariable(String text, String key, String defaultValue) {}

    private PolicyVariables() {}

    /** True when IAM would evaluate variables for this operator in a policy of this Version. */
    public static boolean evaluated(String version, ParsedOperator op) {
        return VERSION.equals(version) && op.known() && (op.base().startsWith("String") || op.base().startsWith("Arn"));
    }

    public static boolean hasVariable(String value) {
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) if (special(m.group(1)) != 0 || CONTEXT.matcher(m.group(1)).matches()) return true;
        return false;
    }

    /**
     * True when the value holds a {@code ${...}} that is not an IAM policy variable: a Terraform
     * reference or function ({@code ${var.sub}}, {@code ${local.sub}}, {@code ${templatefile(...)}}),
     * a CloudFormation parameter: text lint cannot see.
     */
    public static boolean hasPlaceholder(String value) {
        if (!value.contains("${")) return false;
        Matcher m = VARIABLE.matcher(value);
        StringBuilder rest = new StringBuilder();
        int at = 0;
        while (m.find()) {
            if (special(m.group(1)) != 0 || CONTEXT.matcher(m.group(1)).matches()) {
                rest.append(value, at, m.start());
                at = m.end();
            }
        }
        rest.append(value, at, value.length());
        return rest.indexOf("${") >= 0;
    }

    /** The {@code ${prefix:key}} variables of a value. */
    public static List<ContextVariable> contextVariables(String value) {
        List<ContextVariable> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
            Matcher c = CONTEXT.matcher(m.group(1));
            if (special(m.group(1)) == 0 && c.matches()) out.add(new ContextVariable(m.group(), c.group(1) + ":" + c.group(2), c.group(3)));
        }
        return out;
    }

    /**
     * The value as lint reads it: {@code ${*}} and {@code ${?}} become {@link #STAR} and
     * {@link #QUESTION} (literal characters, never wildcards), {@code ${$}} becomes '$'; context
     * variables and other placeholders stay as written.
     */
    public static String forLint(String value) {
        return value.replace("${*}", String.valueOf(STAR)).replace("${?}", String.valueOf(QUESTION)).replace("${$}", "$");
    }

    /** Lint's form back to what the policy says, for messages. */
    public static String show(String lintForm) {
        return lintForm.replace(String.valueOf(STAR), "${*}").replace(String.valueOf(QUESTION), "${?}");
    }

    /**
     * The value with every IAM variable replaced as IAM does for one request, or empty when a
     * variable cannot be resolved (the statement is then invalid). {@code glob}: the result is a
     * {@link Glob} pattern (StringLike, Arn operators), so substituted characters are escaped
     * with {@link Glob#LITERAL}; otherwise it is the plain string.
     */
    public static Optional<String> resolve(String value, boolean glob, Function<String, List<String>> context) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(value, at, m.start());
            at = m.end();
            String inner = m.group(1);
            char special = special(inner);
            Matcher c = CONTEXT.matcher(inner);
            String literal;
            if (special != 0) {
                literal = String.valueOf(special);
            } else if (c.matches()) {
                List<String> values = context.apply(c.group(1) + ":" + c.group(2));
                if (values != null && values.size() == 1) literal = values.get(0);
                else if (c.group(3) != null) literal = c.group(3);
                else return Optional.empty();
            } else {
                out.append(m.group());
                continue;
            }
            if (!glob) {
                out.append(literal);
            } else {
                for (int i = 0; i < literal.length(); i++) out.append(Glob.LITERAL).append(literal.charAt(i));
            }
        }
        out.append(value, at, value.length());
        return Optional.of(out.toString());
    }

    private static char special(String inner) {
        return switch (inner) {
            case "*" -> '*';
            case "?" -> '?';
            case "$" -> '$';
            default -> 0;
        };
    }
}
