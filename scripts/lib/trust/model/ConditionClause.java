package lib.trust.model;

import java.util.List;
import java.util.Locale;

/** One operator/key pair of a statement's Condition block; its values are ORed. */
public record ConditionClause(String operator, String key, List<String> values) {

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
}
