package lib.trust.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft-04) validator for the keywords the SARIF 2.1.0 schema and our code-quality
 * schema use: $ref (local #/definitions/...), type, enum, properties, required,
 * additionalProperties, items, minItems, uniqueItems, minimum, maximum, pattern, anyOf, oneOf.
 * Written for the tests so no new dependency is needed; an unknown keyword fails loudly.
 */
public final class MiniJsonSchema {
    private static final Set<String> KNOWN = Set.of("$schema", "id", "title", "description", "default", "format",
            "definitions", "$ref", "type", "enum", "properties", "required", "additionalProperties", "items",
            "minItems", "uniqueItems", "minimum", "maximum", "pattern", "anyOf", "oneOf");
    private final JsonNode root;

    public MiniJsonSchema(JsonNode root) {
        this.root = root;
    }

    /** Every violation, as "path: problem"; empty when the document is valid. */
    public List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN.contains(k)) throw new IllegalStateException("keyword not supported: " + k + " at " + path);
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(path + ": expected " + schema.get("type") + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean any = false;
            for (JsonNode e : schema.get("enum")) any |= e.equals(value);
            if (!any) errors.add(path + ": " + value + " not in " + schema.get("enum"));
        }
        if (value.isObject()) object(schema, value, path, errors);
        if (value.isArray()) array(schema, value, path, errors);
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) errors.add(path + ": below minimum");
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) errors.add(path + ": above maximum");
        }
        if (value.isTextual() && schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode alt : schema.get("anyOf")) any |= validAgainst(alt, value, path);
            if (!any) errors.add(path + ": matches none of anyOf");
        }
        if (schema.has("oneOf")) {
            int count = 0;
            for (JsonNode alt : schema.get("oneOf")) if (validAgainst(alt, value, path)) count++;
            if (count != 1) errors.add(path + ": matches " + count + " of oneOf");
        }
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) errors.add(path + ": missing required " + r.asText());
        }
        JsonNode props = schema.path("properties");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String child = path + "." + e.getKey();
            if (props.has(e.getKey())) {
                check(props.get(e.getKey()), e.getValue(), child, errors);
            } else if (schema.has("additionalProperties")) {
                JsonNode extra = schema.get("additionalProperties");
                if (extra.isBoolean() && !extra.asBoolean()) errors.add(child + ": additional property not allowed");
                else if (extra.isObject()) check(extra, e.getValue(), child, errors);
            }
        }
    }

    private void array(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) errors.add(path + ": too few items");
        if (schema.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode item : value) if (!seen.add(item)) errors.add(path + ": duplicate item " + item);
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
        }
    }

    private boolean validAgainst(JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        check(schema, value, path, errors);
        return errors.isEmpty();
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) throw new IllegalStateException("only local $ref supported: " + ref);
        JsonNode node = root.at(ref.substring(1));
        if (node.isMissingNode()) throw new IllegalStateException("dangling $ref " + ref);
        return node;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(t, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
