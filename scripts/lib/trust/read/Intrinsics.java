package lib.trust.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reduces CloudFormation intrinsic functions to text lint can read without evaluation:
 * Fn::Sub keeps its template (${Param} stays a placeholder), Ref and GetAtt become ${Name},
 * Fn::Join joins its parts, Fn::If takes its first branch.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Intrinsics() {}

    public static JsonNode resolve(JsonNode node) {
        if (node == null) return null;
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(resolve(n)));
            return out;
        }
        if (!node.isObject()) return node;
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            String fn = only.getKey();
            JsonNode arg = only.getValue();
            switch (fn) {
                case "Ref" -> { return NODES.textNode("${" + arg.asText() + "}"); }
                case "Fn::GetAtt" -> {
                    String name = arg.isArray() ? join(arg, ".") : arg.asText();
                    return NODES.textNode("${" + name + "}");
                }
                case "Fn::Sub" -> {
                    if (arg.isArray() && arg.size() > 0) return NODES.textNode(substitute(arg));
                    return NODES.textNode(arg.asText());
                }
                case "Fn::Join" -> {
                    if (arg.isArray() && arg.size() == 2 && arg.get(1).isArray()) {
                        List<String> parts = new ArrayList<>();
                        resolve(arg.get(1)).forEach(p -> parts.add(p.isValueNode() ? p.asText() : "${?}"));
                        return NODES.textNode(String.join(arg.get(0).asText(), parts));
                    }
                    return NODES.textNode("${Join}");
                }
                case "Fn::If" -> {
                    if (arg.isArray() && arg.size() == 3) return resolve(arg.get(1));
                    return NODES.textNode("${If}");
                }
                case "Fn::Select", "Fn::ImportValue", "Fn::FindInMap", "Fn::Base64", "Fn::Split",
                     "Fn::GetAZs", "Fn::Cidr", "Fn::Transform", "Fn::ToJsonString" -> {
                    return NODES.textNode("${" + fn.substring(4) + "}");
                }
                default -> { }
            }
        }
        ObjectNode out = NODES.objectNode();
        node.properties().forEach(e -> out.set(e.getKey(), resolve(e.getValue())));
        return out;
    }

    private static String substitute(JsonNode arg) {
        String template = arg.get(0).asText();
        if (arg.size() > 1 && arg.get(1).isObject()) {
            for (Map.Entry<String, JsonNode> e : arg.get(1).properties()) {
                JsonNode v = resolve(e.getValue());
                if (v.isValueNode()) template = template.replace("${" + e.getKey() + "}", v.asText());
            }
        }
        return template;
    }

    private static String join(JsonNode array, String sep) {
        List<String> parts = new ArrayList<>();
        array.forEach(p -> parts.add(p.asText()));
        return String.join(sep, parts);
    }
}
