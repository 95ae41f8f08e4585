package lib.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values (Map, List, String, Number, Boolean, null) on jackson-core's streaming
 * parser alone: the exchange starts in every job, and jackson-databind's ObjectMapper costs it
 * tens of milliseconds more than this.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonValues() {}

    /** One JSON value; IOException when the text is not exactly one (trailing content included). */
    public static Object parse(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) throw new IOException("no JSON value");
            Object value = value(parser);
            if (parser.nextToken() != null) throw new IOException("content after the JSON value");
            return value;
        }
    }

    /** A JSON object; IOException for anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws IOException {
        if (parse(text) instanceof Map<?, ?> object) return (Map<String, Object>) object;
        throw new IOException("not a JSON object");
    }

    /** A flat object of strings and numbers, in the given order. */
    public static String writeObject(Map<String, ?> fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.writeStartObject();
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Number number) generator.writeNumberField(field.getKey(), number.longValue());
                else generator.writeStringField(field.getKey(), String.valueOf(value));
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return text.toString();
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) array.add(value(parser));
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }
}
