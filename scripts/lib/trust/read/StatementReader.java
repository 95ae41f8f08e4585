package lib.trust.read;

import lib.trust.model.ConditionClause;
import lib.trust.model.ParsedOperator;
import lib.trust.model.PolicyVariables;
import lib.trust.model.TrustStatement;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Turns an IAM policy JSON document into {@link TrustStatement}s. */
public final class StatementReader {
    private StatementReader() {}

    public static boolean looksLikePolicy(JsonNode node) {
        return node != null && node.isObject() && node.has("Statement")
                && (node.get("Statement").isArray() || node.get("Statement").isObject());
    }

    public static List<TrustStatement> read(String prefix, JsonNode document, LineLocator lines) {
        List<TrustStatement> out = new ArrayList<>();
        JsonNode statements = document.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) statements.forEach(list::add); else list.add(statements);
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                throw new PolicyReadException(prefix + ": Statement[" + i + "] is not an object");
            }
            String sid = text(s.get("Sid"));
            String name = sid != null && !sid.isBlank() ? sid : "Statement[" + i + "]";
            String label = prefix.isEmpty() ? name : prefix + "/" + name;
            out.add(readStatement(label, s, lines.lineOf(sid, i), text(document.get("Version"))));
        }
        return out;
    }

    /** {@code version}: the policy's Version element; IAM evaluates policy variables only in 2012-10-17. */
    static TrustStatement readStatement(String label, JsonNode s, int line, String version) {
        String effect = s.has("Effect") ? text(s.get("Effect")) : "Allow";
        boolean notAction = !s.has("Action") && s.has("NotAction");
        List<String> actions = strings(notAction ? s.get("NotAction") : s.get("Action"));
        boolean notPrincipal = !s.has("Principal") && s.has("NotPrincipal");
        JsonNode principal = notPrincipal ? s.get("NotPrincipal") : s.get("Principal");
        boolean any = false;
        List<String> federated = new ArrayList<>();
        List<String> others = new ArrayList<>();
        if (principal != null) {
            if (principal.isTextual()) {
                any = "*".equals(principal.asText());
            } else if (principal.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = principal.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<String> values = strings(e.getValue());
                    if ("Federated".equalsIgnoreCase(e.getKey())) {
                        federated.addAll(values);
                    } else {
                        if ("AWS".equalsIgnoreCase(e.getKey()) && values.contains("*")) any = true;
                        values.forEach(v -> others.add(e.getKey() + ":" + v));
                    }
                }
            }
        }
        List<ConditionClause> conditions = new ArrayList<>();
        JsonNode condition = s.get("Condition");
        if (condition != null && condition.isObject()) {
            condition.properties().forEach(op -> {
                if (op.getValue().isObject()) {
                    boolean variables = PolicyVariables.evaluated(version, ParsedOperator.parse(op.getKey()));
                    op.getValue().properties().forEach(kv ->
                            conditions.add(new ConditionClause(op.getKey(), kv.getKey(), strings(kv.getValue()), variables)));
                }
            });
        }
        return new TrustStatement(label, effect, actions, notAction, any, federated, others, notPrincipal,
                conditions, s.has(INCOMPLETE_MARK), line);
    }

    /** Readers put this field on a statement they could only read in part. */
    public static final String INCOMPLETE_MARK = "x-trust-policy-incomplete";

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (node.isArray()) {
            node.forEach(n -> { if (!n.isNull()) out.add(n.isValueNode() ? n.asText() : n.toString()); });
        } else {
            out.add(node.isValueNode() ? node.asText() : node.toString());
        }
        return out;
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
