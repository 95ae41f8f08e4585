package lib.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A token's claims as IAM sees them: condition key {@code <host>:<claim>} reads claim {@code <claim>}
 * when {@code <host>} is the token issuer's host (host and path of iss). Key names compare
 * case-insensitively, values case-sensitively.
 */
public final class ClaimSet {
    private final ObjectNode claims;
    private final String issuerHost;
    private final boolean awsKeysOnly;

    public ClaimSet(ObjectNode claims, String issuerHost, boolean awsKeysOnly) {
        this.claims = claims;
        this.issuerHost = issuerHost == null ? null : issuerHost.toLowerCase(Locale.ROOT);
        this.awsKeysOnly = awsKeysOnly;
    }

    public String issuerHost() {
        return issuerHost;
    }

    public ObjectNode claims() {
        return claims;
    }

    /** The values of a condition key, or null when the request context lacks the key. */
    public List<String> valuesOf(String key) {
        int colon = key.lastIndexOf(':');
        if (colon < 0 || issuerHost == null) return null;
        String host = key.substring(0, colon).toLowerCase(Locale.ROOT);
        String claim = key.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!host.equals(issuerHost)) return null;
        if (awsKeysOnly && !GitLabKeys.awsExposes(host, claim)) return null;
        JsonNode value = claims.get(claim);
        if (value == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = claims.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(claim)) value = e.getValue();
            }
        }
        if (value == null || value.isNull()) return null;
        List<String> out = new ArrayList<>();
        if (value.isArray()) value.forEach(v -> out.add(v.asText())); else out.add(value.asText());
        return out;
    }

    /** True when AWS would not set this key for a GitLab token (explain mentions it). */
    public boolean notExposedByAws(String key) {
        int colon = key.lastIndexOf(':');
        if (colon < 0) return true;
        return !GitLabKeys.awsExposes(key.substring(0, colon), key.substring(colon + 1));
    }
}
