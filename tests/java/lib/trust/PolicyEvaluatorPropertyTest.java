package lib.trust;

import lib.trust.model.ClaimSet;
import lib.trust.read.LineLocator;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.read.StatementReader;
import lib.trust.model.TrustStatement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link PolicyEvaluator} with a second, independently written reading of the IAM rules
 * (regex globbing, brute-force statement scan) on seeded random policies and claim sets.
 */
class PolicyEvaluatorPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACTIONS = {"sts:AssumeRoleWithWebIdentity", "sts:AssumeRole*", "sts:*", "*",
            "sts:AssumeRole", "STS:assumerolewithwebidentity", "sts:AssumeRoleWith?ebIdentity", "iam:*"};
    private static final String[] BASES = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Bool", "Null"};
    private static final String[] KEYS = {"gitlab.com:sub", "gitlab.com:aud", "GITLAB.COM:Ref_Protected",
            "gitlab.com:project_id", "gitlab.com:environment", "gitlab.example.com:sub", "gitlab.com:SUB"};
    private static final String[] VALUES = {"project_path:acme/webshop:ref_type:branch:ref:main",
            "project_path:acme/webshop:ref_type:branch:ref:*", "project_path:acme/*", "project_path:acme/webshop*",
            "*", "?", "project_path:ACME/webshop:ref_type:branch:ref:main", "sts.amazonaws.com", "STS.amazonaws.com",
            "sts.amazonaws.co?", "true", "false", "TRUE", "42", "4*", "production", "prod*",
            "project_path:acme/webshop:ref_type:tag:ref:v?"};
    private static final String[] SUBS = {"project_path:acme/webshop:ref_type:branch:ref:main",
            "project_path:acme/webshop-old:ref_type:branch:ref:main", "project_path:acme/webshop:ref_type:tag:ref:v1",
            "project_path:acme/webshop:ref_type:branch:ref:feature", "project_path:ACME/webshop:ref_type:branch:ref:main"};

    @Test
    void evaluatorAgreesWithBruteForceReadingOnRandomPolicies() {
        Random random = new Random(20260415L);
        int allowed = 0;
        for (int i = 0; i < 4000; i++) {
            ObjectNode policy = randomPolicy(random);
            ObjectNode claims = randomClaims(random);
            List<TrustStatement> statements = StatementReader.read("", policy, LineLocator.none());
            boolean actual = PolicyEvaluator.evaluate(statements, new ClaimSet(claims, "gitlab.com")).allowed();
            boolean expected = Oracle.allows(policy, claims, "gitlab.com");
            assertEquals(expected, actual, "case " + i + "\npolicy " + policy + "\nclaims " + claims);
            if (actual) allowed++;
        }
        // The generator must exercise both outcomes, or the comparison proves little.
        assertEquals(true, allowed > 400 && allowed < 3600, "allowed " + allowed + " of 4000");
    }

    private static ObjectNode randomPolicy(Random r) {
        ObjectNode policy = JSON.createObjectNode();
        ArrayNode statements = policy.putArray("Statement");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            ObjectNode s = statements.addObject();
            s.put("Effect", r.nextInt(4) == 0 ? "Deny" : "Allow");
            switch (r.nextInt(5)) {
                case 0 -> s.put("Principal", "*");
                case 1 -> s.putObject("Principal").put("Federated", "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com");
                case 2 -> s.putObject("Principal").putArray("Federated")
                        .add("arn:aws:iam::123456789012:oidc-provider/other.example")
                        .add("arn:aws:iam::123456789012:oidc-provider/gitlab.com");
                default -> s.putObject("Principal").put("Federated", "arn:aws:iam::123456789012:oidc-provider/gitlab.com");
            }
            if (r.nextInt(8) == 0) s.putArray("NotAction").add(pick(r, ACTIONS));
            else if (r.nextBoolean()) s.put("Action", pick(r, ACTIONS));
            else s.putArray("Action").add(pick(r, ACTIONS)).add(pick(r, ACTIONS));
            int clauses = r.nextInt(4);
            if (clauses > 0) {
                ObjectNode condition = s.putObject("Condition");
                for (int c = 0; c < clauses; c++) {
                    String base = pick(r, BASES);
                    String op = base;
                    if (!base.equals("Null") && r.nextInt(4) == 0) op += "IfExists";
                    int q = r.nextInt(6);
                    if (!base.equals("Null") && q == 0) op = "ForAnyValue:" + op;
                    if (!base.equals("Null") && q == 1) op = "ForAllValues:" + op;
                    ObjectNode byOp = condition.has(op) ? (ObjectNode) condition.get(op) : condition.putObject(op);
                    String key = pick(r, KEYS);
                    if (r.nextBoolean()) byOp.put(key, pick(r, VALUES));
                    else byOp.putArray(key).add(pick(r, VALUES)).add(pick(r, VALUES));
                }
            }
        }
        return policy;
    }

    private static ObjectNode randomClaims(Random r) {
        ObjectNode c = JSON.createObjectNode();
        c.put("iss", "https://gitlab.com");
        if (r.nextInt(10) > 0) c.put("sub", pick(r, SUBS));
        switch (r.nextInt(4)) {
            case 0 -> c.putArray("aud").add("sts.amazonaws.com").add("https://gitlab.com");
            case 1 -> c.put("aud", "https://gitlab.com");
            default -> c.put("aud", "sts.amazonaws.com");
        }
        if (r.nextInt(5) > 0) c.put("ref_protected", r.nextBoolean() ? "true" : "false");
        if (r.nextInt(3) > 0) c.put("project_id", r.nextBoolean() ? "42" : "4242");
        if (r.nextBoolean()) c.put("environment", r.nextBoolean() ? "production" : "staging");
        return c;
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    /** The second reading: written from the IAM documentation, sharing no code with lib.trust. */
    static final class Oracle {
        static boolean allows(JsonNode policy, JsonNode claims, String host) {
            boolean anyAllow = false;
            for (JsonNode s : policy.get("Statement")) {
                if (!applies(s, claims, host)) continue;
                if (s.get("Effect").asText().equals("Deny")) return false;
                anyAllow = true;
            }
            return anyAllow;
        }

        static boolean applies(JsonNode s, JsonNode claims, String host) {
            JsonNode p = s.get("Principal");
            boolean principal = p.isTextual() ? p.asText().equals("*")
                    : list(p.get("Federated")).contains("arn:aws:iam::123456789012:oidc-provider/" + host);
            if (!principal) return false;
            boolean not = s.has("NotAction");
            boolean listed = false;
            for (String a : list(not ? s.get("NotAction") : s.get("Action"))) {
                if (regex(a.toLowerCase(Locale.ROOT)).matcher("sts:assumerolewithwebidentity").matches()) listed = true;
            }
            if (listed == not) return false;
            JsonNode condition = s.get("Condition");
            if (condition == null) return true;
            for (var op : condition.properties()) {
                for (var kv : op.getValue().properties()) {
                    if (!clause(op.getKey(), kv.getKey(), list(kv.getValue()), claims, host)) return false;
                }
            }
            return true;
        }

        static boolean clause(String operator, String key, List<String> wanted, JsonNode claims, String host) {
            String set = operator.contains(":") ? operator.substring(0, operator.indexOf(':')) : "";
            String op = operator.substring(operator.indexOf(':') + 1);
            boolean ifExists = op.endsWith("IfExists");
            if (ifExists) op = op.substring(0, op.length() - "IfExists".length());
            List<String> have = lookup(key, claims, host);
            if (op.equals("Null")) {
                for (String w : wanted) if (Boolean.parseBoolean(w) == (have == null)) return true;
                return false;
            }
            boolean negated = op.contains("Not");
            if (have == null) {
                if (ifExists) return true;
                if (set.equals("ForAllValues")) return true;
                if (set.equals("ForAnyValue")) return false;
                return negated;
            }
            String positive = op.replace("Not", "");
            int good = 0;
            for (String h : have) {
                boolean hit = false;
                for (String w : wanted) hit |= compare(positive, w, h);
                if (hit != negated) good++;
            }
            if (set.equals("ForAllValues")) return good == have.size();
            if (set.equals("ForAnyValue")) return good > 0;
            return negated ? good == have.size() : good > 0;
        }

        static boolean compare(String op, String wanted, String have) {
            return switch (op) {
                case "StringEquals" -> wanted.equals(have);
                case "StringEqualsIgnoreCase" -> wanted.toLowerCase(Locale.ROOT).equals(have.toLowerCase(Locale.ROOT));
                case "StringLike" -> regex(wanted).matcher(have).matches();
                case "Bool" -> wanted.toLowerCase(Locale.ROOT).equals(have.toLowerCase(Locale.ROOT));
                default -> throw new IllegalArgumentException(op);
            };
        }

        /**
         * Keys AWS puts in the request context for a GitLab token, from the IAM condition-keys page
         * (condition-keys-wif): sub and aud for every provider, these more for gitlab.com only.
         */
        static final List<String> GITLAB_COM_KEYS = List.of("sub", "aud", "project_id", "namespace_id", "user_id",
                "user_login", "user_email", "user_access_level", "ref_protected", "pipeline_source", "runner_environment");

        static List<String> lookup(String key, JsonNode claims, String host) {
            int i = key.lastIndexOf(':');
            if (!key.substring(0, i).equalsIgnoreCase(host)) return null;
            String name = key.substring(i + 1).toLowerCase(Locale.ROOT);
            boolean exposed = host.equals("gitlab.com") ? GITLAB_COM_KEYS.contains(name) : name.equals("sub") || name.equals("aud");
            if (!exposed) return null;
            JsonNode v = claims.get(name);
            return v == null ? null : list(v);
        }

        static Pattern regex(String glob) {
            StringBuilder re = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*') re.append(".*");
                else if (c == '?') re.append('.');
                else re.append(Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        }

        static List<String> list(JsonNode n) {
            List<String> out = new ArrayList<>();
            if (n == null) return out;
            if (n.isArray()) n.forEach(x -> out.add(x.asText())); else out.add(n.asText());
            return out;
        }
    }
}
