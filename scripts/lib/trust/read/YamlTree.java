package lib.trust.read;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Reads YAML into a JSON tree, turning CloudFormation short-form tags (!Sub, !Ref, !GetAtt, ...)
 * into their long form ({"Fn::Sub": ...}, {"Ref": ...}) so one resolver handles both.
 */
public final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory FACTORY = YAMLFactory.builder().streamReadConstraints(Json.LIMITS).build();

    private YamlTree() {}

    public static JsonNode read(String text) throws IOException {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return null;
            return value(p, 0);
        }
    }

    private static JsonNode value(YAMLParser p, int depth) throws IOException {
        if (depth > Json.MAX_DEPTH) throw new PolicyReadException("YAML nested deeper than " + Json.MAX_DEPTH + " levels");
        Object tag = p.getTypeId();
        JsonNode node;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, value(p, depth + 1));
                }
                node = o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(value(p, depth + 1));
                node = a;
            }
            case VALUE_NULL -> node = NODES.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> node = NODES.booleanNode(p.getBooleanValue());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> node = NODES.textNode(p.getText());
            default -> node = NODES.textNode(p.getText());
        }
        if (tag instanceof String t && !t.isEmpty() && Character.isUpperCase(t.charAt(0))) {
            String name = t.equals("Ref") || t.equals("Condition") ? t : "Fn::" + t;
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set(name, node);
            return wrapped;
        }
        return node;
    }
}
