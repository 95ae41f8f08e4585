package lib.trust.eval;

import lib.trust.model.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says which component (project_path, ref_type, ref, ...) of a token's sub misses the closest
 * policy value, so a denied explain points at the branch or project, not at a long string.
 */
public final class SubDiff {
    private SubDiff() {}

    public static String describe(List<String> policyValues, String tokenSub) {
        Map<String, String> token = components(tokenSub);
        if (token == null) return null;
        String best = null;
        int bestCount = Integer.MAX_VALUE;
        for (String value : policyValues) {
            Map<String, String> policy = components(value);
            if (policy == null || !policy.keySet().equals(token.keySet())) continue;
            List<String> diffs = new ArrayList<>();
            policy.forEach((k, v) -> {
                String actual = token.get(k);
                if (!Glob.matches(v, actual)) diffs.add(k + " (policy '" + v + "', token '" + actual + "')");
            });
            if (!diffs.isEmpty() && diffs.size() < bestCount) {
                bestCount = diffs.size();
                best = "differs in " + String.join(", ", diffs);
            }
        }
        return best;
    }

    /** component -> value, or null when the text is not name:value pairs. */
    static Map<String, String> components(String sub) {
        String[] parts = sub.split(":", -1);
        if (parts.length < 2 || parts.length % 2 != 0) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i += 2) {
            if (!parts[i].matches("[a-z_]+") || out.put(parts[i], parts[i + 1]) != null) return null;
        }
        return out;
    }
}
