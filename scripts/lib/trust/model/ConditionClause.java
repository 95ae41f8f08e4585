package lib.trust.model;

import java.util.List;
import java.util.Locale;

/**
 * One operator/key pair of a statement's Condition block; its values are ORed.
 *
 * @param variables IAM evaluates policy variables in the values ({@code ${*}}, {@code ${aws:...}},
 *                  {@code ${host:claim}}): the policy says {@code Version 2012-10-17} and the
 *                  operator is a string or ARN operator ({@link PolicyVariables})
 */
public record ConditionClause(String operator, String key, List<String> values, boolean variables) {

    public ConditionClause(String operator, String key, List<String> values) {
        this(operator, key, values, false);
    }

    /** The key's prefix before the last ':' (a provider host for OIDC keys), lower case. */
    public String keyHost() {
        int colon = key.lastIndexOf(':');
        return colon < 0 ? "" : key.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** The claim name after the last ':', lower case. */
    public String claim() {
        int colon = key.lastIndexOf(':');
        return (colon < 0 ? key : key.substring(colon + 1)).toLowerCase(Locale.ROOT);
    }

    public ParsedOperator parsed() {
        return ParsedOperator.parse(operator);
    }

    /** The same clause with other values (and the same operator, key and variable handling). */
    public ConditionClause withValues(List<String> other) {
        return new ConditionClause(operator, key, other, variables);
    }
}
