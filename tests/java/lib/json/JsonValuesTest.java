package lib.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our strict reader against Jackson's (strict settings) on seeded random documents and their mutations. */
class JsonValuesTest {
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final String[] PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u00e9", "\\ud83d\\ude00",
            "\\x", "-", "0", "01", "1.", ".5", "1e", "1E+2", "-0", "tru", "true", "nul", "null", "false", " ", "\t",
            "\u0001", "\u00a0", "\n", "é", "/*c*/", "'a'", "NaN", "Infinity", "9223372036854775808", "1e400"};

    @Test
    void agreesWithJacksonOnRandomDocumentsAndTheirMutations() throws IOException {
        Random random = new Random(20261126L);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 6000; i++) {
            String document = JACKSON.writeValueAsString(JACKSON.valueToTree(randomValue(random, 0)));
            if (random.nextBoolean()) document = pretty(document, random);
            if (i % 2 == 1) document = mutate(document, random);
            JsonNode expected = jackson(document);
            if (expected == null) {
                String doc = document;
                assertThrows(IOException.class, () -> JsonValues.parse(doc), "case " + i + ": " + document);
                rejected++;
            } else {
                assertEquals(JACKSON.writeValueAsString(expected),
                        JACKSON.writeValueAsString(JsonValues.parse(document)), "case " + i + ": " + document);
                accepted++;
            }
        }
        // Both outcomes must be exercised, or the comparison proves little.
        assertTrue(accepted > 3500 && rejected > 1000, accepted + " accepted, " + rejected + " rejected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "[1,]", "{\"a\":1,\"a\":2}", "01", "1.", "-", "+1", "NaN",
        "\"a\u0001\"", "\"\\u12\"", "{} {}", "[1] x", "tru", "{'a':1}", "{\"a\" 1}", "[1 2]"})
    void refusesWhatRfc8259Refuses(String text) {
        assertThrows(IOException.class, () -> JsonValues.parse(text));
    }

    @Test
    void readsNumbersAsLongBigIntegerOrDouble() throws IOException {
        Map<String, Object> object = JsonValues.parseObject("{\"i\":42,\"big\":123456789012345678901234,\"d\":-1.5e1}");
        assertEquals(42L, object.get("i"));
        assertEquals(new BigInteger("123456789012345678901234"), object.get("big"));
        assertEquals(-15.0, object.get("d"));
    }

    @Test
    void errorsNameAPositionNeverTheText() {
        IOException error = assertThrows(IOException.class, () -> JsonValues.parse("{\"secret-claim-value\" 1}"));
        assertFalse(error.getMessage().contains("secret"), error.getMessage());
        assertTrue(error.getMessage().contains("at character 23"), error.getMessage());
    }

    @Test
    void writtenObjectsReadBackThroughJackson() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Version", 1);
        fields.put("AccessKeyId", "ASIA\"quoted\"\\ and \u0001 control\n");
        fields.put("Expiration", "2026-11-26T05:00:00Z");
        String written = JsonValues.writeObject(fields);
        JsonNode read = JACKSON.readTree(written);
        assertEquals(1, read.get("Version").intValue());
        assertEquals(fields.get("AccessKeyId"), read.get("AccessKeyId").textValue());
        assertEquals(List.of("Version", "AccessKeyId", "Expiration"), names(read));
    }

    private static JsonNode jackson(String document) {
        try (JsonParser parser = JACKSON.createParser(document)) {
            if (parser.nextToken() == null) return null;
            JsonNode node = JACKSON.readTree(parser);
            return parser.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Object randomValue(Random r, int depth) {
        int kind = depth > 3 ? 3 + r.nextInt(5) : r.nextInt(8);
        switch (kind) {
            case 0, 1: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) object.put(randomString(r), randomValue(r, depth + 1));
                return object;
            }
            case 2: {
                List<Object> array = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) array.add(randomValue(r, depth + 1));
                return array;
            }
            case 3:
                return randomString(r);
            case 4:
                return r.nextInt(3) == 0 ? new BigInteger(80, r).negate() : (Object) (r.nextLong() >> r.nextInt(64));
            case 5:
                return r.nextInt(3) == 0 ? r.nextDouble() * 1e-5 : (r.nextDouble() - 0.5) * 1e6;
            case 6:
                return r.nextBoolean();
            default:
                return null;
        }
    }

    private static String randomString(Random r) {
        String alphabet = "ab:/_-\"\\\u0000\u001f\u00e9\u20ac\ud83d\ude00 ";
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int at = r.nextInt(alphabet.length());
            if (Character.isHighSurrogate(alphabet.charAt(at))) s.append(alphabet, at, at + 2);
            else if (!Character.isLowSurrogate(alphabet.charAt(at))) s.append(alphabet.charAt(at));
        }
        return s.toString();
    }

    private static String pretty(String document, Random r) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < document.length(); i++) {
            char c = document.charAt(i);
            out.append(c);
            if (inString && c == '\\') {
                out.append(document.charAt(++i));
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && ",:[]{}".indexOf(c) >= 0) {
                out.append(" \t\n\r".charAt(r.nextInt(4)));
            }
        }
        return out.toString();
    }

    private static String mutate(String document, Random r) {
        StringBuilder out = new StringBuilder(document);
        int at = r.nextInt(document.length() + 1);
        switch (r.nextInt(3)) {
            case 0 -> out.insert(at, PIECES[r.nextInt(PIECES.length)]);
            case 1 -> {
                if (at < out.length()) out.deleteCharAt(at);
            }
            default -> {
                if (at < out.length()) out.setCharAt(at, PIECES[r.nextInt(PIECES.length)].charAt(0));
            }
        }
        return out.toString();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}
