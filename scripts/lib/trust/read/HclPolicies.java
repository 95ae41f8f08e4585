package lib.trust.read;

import lib.trust.model.PolicyDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust policies written literally in Terraform: aws_iam_role.assume_role_policy given as
 * jsonencode({...}) or a JSON heredoc/string, and data "aws_iam_policy_document" blocks.
 * References to other objects stay opaque; a statement with dynamic blocks is marked incomplete.
 */
public final class HclPolicies {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern HCL_START = Pattern.compile(
            "(?m)^\\s*(resource|data|module|locals|variable|provider|terraform|output)\\s+[\"{a-z]");

    private HclPolicies() {}

    public static boolean looksLikeHcl(String text) {
        return HCL_START.matcher(text).find();
    }

    public static List<PolicyDocument> read(String name, String text) {
        List<HclParser.Block> blocks;
        try {
            blocks = HclParser.parse(text).blocks();
        } catch (PolicyReadException whole) {
            blocks = policyBlocks(name, text, whole);
        }
        LineLocator lines = new LineLocator(text);
        List<PolicyDocument> out = new ArrayList<>();
        java.util.Map<String, JsonNode> known = literals(blocks);
        for (HclParser.Block block : blocks) {
            List<String> labels = block.labels();
            if (labels.size() < 2) continue;
            String label = labels.get(0) + "." + labels.get(1);
            LineLocator here = lines.from(block.offset());
            if (block.type().equals("resource") && labels.get(0).equals("aws_iam_role")) {
                JsonNode policy = block.body().attribute("assume_role_policy");
                JsonNode doc = literalPolicy(policy);
                if (doc == null) doc = renderedElsewhere(policy);
                if (doc != null) out.add(PolicySources.doc(name, label, resolve(doc, known), here));
            } else if (block.type().equals("data") && labels.get(0).equals("aws_iam_policy_document")) {
                ObjectNode doc = policyDocument(block.body());
                if (StatementReader.looksLikePolicy(doc)) out.add(PolicySources.doc(name, "data." + label, resolve(doc, known), here));
            }
        }
        return out;
    }

    /**
     * When the file as a whole uses syntax this reader does not follow, the blocks that can hold a
     * trust policy are read one by one; the file is unreadable only if one of those fails too.
     */
    private static List<HclParser.Block> policyBlocks(String name, String text, PolicyReadException whole) {
        List<HclParser.Block> blocks = new ArrayList<>();
        Matcher m = POLICY_BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(HclParser.parseBlockAt(text, m.start(1)));
            } catch (PolicyReadException e) {
                throw new PolicyReadException(name + ": " + e.getMessage());
            }
        }
        if (blocks.isEmpty() && !POLICY_HINT.matcher(text).find()) return blocks;
        if (blocks.isEmpty()) throw new PolicyReadException(name + ": " + whole.getMessage());
        return blocks;
    }

    private static final Pattern POLICY_BLOCK = Pattern.compile(
            "(?m)^[ \\t]*((resource|data)\\s+\"(aws_iam_role|aws_iam_policy_document)\"\\s+\"[^\"]+\"\\s*\\{)");
    private static final Pattern POLICY_HINT = Pattern.compile("AssumeRoleWithWebIdentity");

    private static final Pattern RENDERED = Pattern.compile("^\\$\\{\\s*(templatefile|file)\\s*\\(.*", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{((?:local|var)\\.[A-Za-z_][A-Za-z0-9_-]*)}");

    /**
     * assume_role_policy = templatefile(...) or file(...): the policy is in another file and filled in
     * by Terraform, so lint cannot see it. Read as a statement whose sub is that unresolved value, so
     * lint reports it (value-unresolved) instead of finding no policy.
     */
    private static JsonNode renderedElsewhere(JsonNode value) {
        if (value == null || !value.isTextual() || !RENDERED.matcher(value.asText().trim()).matches()) return null;
        String expr = value.asText().trim();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject();
        s.put("Sid", "rendered-from-template");
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Federated", expr);
        s.put("Action", "sts:AssumeRoleWithWebIdentity");
        s.putObject("Condition").putObject("StringLike").put(expr + ":sub", expr);
        return doc;
    }

    /**
     * The literal values of locals and variable defaults: strings, or lists of strings, that hold no
     * reference themselves. A variable's default is what lint judges; a caller may pass another value.
     */
    static java.util.Map<String, JsonNode> literals(List<HclParser.Block> blocks) {
        java.util.Map<String, JsonNode> out = new java.util.HashMap<>();
        for (HclParser.Block b : blocks) {
            if (b.type().equals("locals")) {
                for (HclParser.Attribute a : b.body().attributes()) {
                    if (literal(a.value())) out.put("local." + a.name(), a.value());
                }
            } else if (b.type().equals("variable") && b.labels().size() == 1) {
                JsonNode d = b.body().attribute("default");
                if (literal(d)) out.put("var." + b.labels().get(0), d);
            }
        }
        return out;
    }

    private static boolean literal(JsonNode v) {
        if (v == null) return false;
        if (v.isTextual()) return !v.asText().contains("${");
        if (v.isArray()) {
            for (JsonNode e : v) if (!e.isTextual() || e.asText().contains("${")) return false;
            return true;
        }
        return false;
    }

    /** Replaces ${local.x} and ${var.x} with their literal values; a list in a list is spliced. */
    static JsonNode resolve(JsonNode node, java.util.Map<String, JsonNode> known) {
        if (known.isEmpty()) return node;
        if (node.isTextual()) {
            String t = node.asText();
            Matcher whole = REFERENCE.matcher(t);
            if (whole.matches() && known.containsKey(whole.group(1))) return known.get(whole.group(1)).deepCopy();
            Matcher m = REFERENCE.matcher(t);
            StringBuilder sb = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                JsonNode v = known.get(m.group(1));
                if (v != null && v.isTextual()) {
                    m.appendReplacement(sb, Matcher.quoteReplacement(v.asText()));
                    changed = true;
                } else {
                    m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
                }
            }
            m.appendTail(sb);
            return changed ? JSON.getNodeFactory().textNode(sb.toString()) : node;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode e : node) {
                JsonNode r = resolve(e, known);
                if (r.isArray() && e.isTextual()) out.addAll((ArrayNode) r); else out.add(r);
            }
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.properties().forEach(e -> {
                JsonNode key = resolve(JSON.getNodeFactory().textNode(e.getKey()), known);
                out.set(key.isTextual() ? key.asText() : e.getKey(), resolve(e.getValue(), known));
            });
            return out;
        }
        return node;
    }

    private static JsonNode literalPolicy(JsonNode value) {
        if (value == null) return null;
        if (value.isObject()) return StatementReader.looksLikePolicy(value) ? value : null;
        if (!value.isTextual()) return null;
        String text = value.asText().trim();
        if (!text.startsWith("{")) return null;
        try {
            JsonNode doc = JSON.readTree(text);
            return StatementReader.looksLikePolicy(doc) ? doc : null;
        } catch (IOException e) {
            return null;
        }
    }

    static ObjectNode policyDocument(HclParser.Body body) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        for (HclParser.Block st : body.blocks("statement")) {
            HclParser.Body b = st.body();
            ObjectNode s = statements.addObject();
            if (b.attribute("sid") != null) s.set("Sid", b.attribute("sid"));
            s.put("Effect", b.attribute("effect") == null ? "Allow" : b.attribute("effect").asText());
            if (b.attribute("actions") != null) s.set("Action", b.attribute("actions"));
            else if (b.attribute("not_actions") != null) s.set("NotAction", b.attribute("not_actions"));
            principals(s, "Principal", b.blocks("principals"));
            principals(s, "NotPrincipal", b.blocks("not_principals"));
            ObjectNode condition = JSON.createObjectNode();
            for (HclParser.Block c : b.blocks("condition")) {
                String test = text(c.body().attribute("test"));
                String variable = text(c.body().attribute("variable"));
                JsonNode values = c.body().attribute("values");
                ObjectNode byTest = condition.has(test) ? (ObjectNode) condition.get(test) : condition.putObject(test);
                ArrayNode list = byTest.has(variable) ? (ArrayNode) byTest.get(variable) : byTest.putArray(variable);
                if (values != null && values.isArray()) list.addAll((ArrayNode) values);
                else if (values != null) list.add(values);
            }
            if (!condition.isEmpty()) s.set("Condition", condition);
            if (b.blocks().stream().anyMatch(x -> x.type().equals("dynamic"))) {
                s.put(StatementReader.INCOMPLETE_MARK, true);
            }
        }
        return doc;
    }

    private static void principals(ObjectNode s, String field, List<HclParser.Block> blocks) {
        if (blocks.isEmpty()) return;
        ObjectNode principal = JSON.createObjectNode();
        for (HclParser.Block p : blocks) {
            String type = text(p.body().attribute("type"));
            JsonNode ids = p.body().attribute("identifiers");
            if (type.equals("*")) {
                s.put(field, "*");
                return;
            }
            ArrayNode list = principal.has(type) ? (ArrayNode) principal.get(type) : principal.putArray(type);
            if (ids != null && ids.isArray()) list.addAll((ArrayNode) ids);
            else if (ids != null) list.add(ids);
        }
        s.set(field, principal);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
