package lib.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Policy documents as IAM stores them (URL-encoded in GetRole and GetRolePolicy answers) and in
 * a normal form for comparing: keys sorted, a one-element array written as its element (IAM
 * reads both the same), pretty-printed so that a line diff shows what differs.
 */
public final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyJson() {}

    /** IAM percent-encodes documents in its answers; '+' stays literal, so it must not become a space. */
    public static String decode(String document) {
        if (document == null) return null;
        String trimmed = document.trim();
        if (trimmed.startsWith("{")) return trimmed;
        return URLDecoder.decode(trimmed.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static JsonNode parse(String document) {
        try {
            return JSON.readTree(decode(document));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode normalise(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), normalise(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            if (node.size() == 1) return normalise(node.get(0));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(normalise(element)));
            return out;
        }
        return node;
    }

    public static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(normalise(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String compact(JsonNode node) {
        try {
            return new ObjectMapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean sameDocument(JsonNode a, JsonNode b) {
        return normalise(a).equals(normalise(b));
    }

    public static List<String> lines(JsonNode node) {
        return new ArrayList<>(pretty(node).lines().toList());
    }
}
