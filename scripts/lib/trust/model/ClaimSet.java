package lib.trust.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A token's claims as IAM sees them in AssumeRoleWithWebIdentity: condition key
 * {@code <host>:<claim>} is in the request context only when {@code <host>} is the token issuer's
 * provider (host and path of iss) and AWS exposes that claim for the provider
 * ({@link AwsConditionKeys}). Any other key is missing, even when the token has the claim. Key names
 * compare case-insensitively, values case-sensitively.
 */
public final class ClaimSet {
    private final ObjectNode claims;
    private final String issuerHost;

    public ClaimSet(ObjectNode claims, String issuerHost) {
        this.claims = claims;
        this.issuerHost = issuerHost == null ? null : issuerHost.toLowerCase(Locale.ROOT);
    }

    public String issuerHost() {
        return issuerHost;
    }

    public ObjectNode claims() {
        return claims;
    }

    /** The values of a condition key, or null when the request context lacks the key. */
    public List<String> valuesOf(String key) {
        if (missingBecause(key) != null) return null;
        JsonNode value = claim(claimOf(key));
        List<String> out = new ArrayList<>();
        if (value.isArray()) value.forEach(v -> out.add(v.asText())); else out.add(value.asText());
        return out;
    }

    /** Why the key is not in the request context, or null when it is. */
    public String missingBecause(String key) {
        int colon = key.lastIndexOf(':');
        if (colon < 0 || issuerHost == null) return "'" + key + "' is not a key of this token's provider";
        String host = key.substring(0, colon).toLowerCase(Locale.ROOT);
        String claim = claimOf(key);
        if (!host.equals(issuerHost)) {
            return "'" + key + "' is missing: keys of this token start with " + issuerHost + ":";
        }
        if (!AwsConditionKeys.awsExposes(host, claim)) {
            boolean has = claim(claim) != null;
            return "'" + key + "' is missing: AWS does not expose the " + claim + " claim as a condition key for "
                    + (AwsConditionKeys.isGitLabCom(host) ? "gitlab.com" : "a self-managed provider (" + host + ")")
                    + (has ? ", although the token has it" : "");
        }
        JsonNode value = claim(claim);
        if (value == null || value.isNull()) return "'" + key + "' is missing: the token has no " + claim + " claim";
        return null;
    }

    private static String claimOf(String key) {
        return key.substring(key.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
    }

    private JsonNode claim(String name) {
        JsonNode value = claims.get(name);
        if (value != null) return value;
        for (Map.Entry<String, JsonNode> e : claims.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }
}
