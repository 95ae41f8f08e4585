package lib.json;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) as plain Java values: Map (insertion order), List, String, Long or
 * BigInteger, Double, Boolean, null. Duplicate names, trailing content and anything outside the
 * grammar are errors. The exchange reads a token's claims in every job, in a fresh JVM.
 *
 * <p>Kept instead of the SDK's json-utils ({@code JsonNodeParser}, already on AssumeRole's class
 * path through sts) because that parser is far slower to start: parsing a typical GitLab token
 * payload (28 claims) in a fresh JVM with the fast path's flags (C1 only, SerialGC), medians of
 * 21 alternating runs on a busy 2-core machine: Java 17, this class 21 ms, json-utils 351 ms
 * (whole JVM 417 ms vs 768 ms); Java 25, 23 ms vs 792 ms (400 ms vs 1180 ms). The SDK parser loads
 * and initialises its shaded Jackson core on first use; the exchange itself sends XML and never
 * needs it. The limit for replacing this class was 5 ms.
 */
public final class JsonValues {
    private final String text;
    private int at;

    private JsonValues(String text) {
        this.text = text;
    }

    /** One JSON value; IOException when the text is not exactly one (trailing content included). */
    public static Object parse(String text) throws IOException {
        JsonValues reader = new JsonValues(text);
        reader.skipSpace();
        if (reader.at == text.length()) throw new IOException("no JSON value");
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) throw reader.error("content after the JSON value");
        return value;
    }

    /** A JSON object; IOException for anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws IOException {
        if (parse(text) instanceof Map<?, ?> object) return (Map<String, Object>) object;
        throw new IOException("not a JSON object");
    }

    /** A flat object of strings and numbers (as integers), in the given order. */
    public static String writeObject(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (out.length() > 1) out.append(',');
            quote(field.getKey(), out).append(':');
            if (field.getValue() instanceof Number number) out.append(number.longValue());
            else quote(String.valueOf(field.getValue()), out);
        }
        return out.append('}').toString();
    }

    private static StringBuilder quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    private static final int MAX_DEPTH = 500;

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH);
        if (at == text.length()) throw error("unexpected end");
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a member name");
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object member = value(depth + 1);
            if (object.containsKey(name)) throw error("duplicate member name");
            object.put(name, member);
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> array(int depth) throws IOException {
        List<Object> array = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            skipSpace();
            array.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String string() throws IOException {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at == text.length()) throw error("unterminated string");
            char c = text.charAt(at++);
            if (c == '"') return out.toString();
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at == text.length()) throw error("unterminated escape");
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw error("unknown escape");
            }
        }
    }

    private char hex4() throws IOException {
        if (at + 4 > text.length()) throw error("short \\u escape");
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) throw error("bad \\u escape");
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private Object number() throws IOException {
        int start = at;
        if (peek() == '-') at++;
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("bad number");
        }
        boolean integer = true;
        if (peek() == '.') {
            at++;
            integer = false;
            if (!digits()) throw error("bad number");
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integer = false;
            if (peek() == '+' || peek() == '-') at++;
            if (!digits()) throw error("bad number");
        }
        String literal = text.substring(start, at);
        if (!integer) return Double.parseDouble(literal);
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException tooLong) {
            return new BigInteger(literal);
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
        return at > start;
    }

    private Object literal(String word, Object value) throws IOException {
        if (!text.startsWith(word, at)) throw error("unexpected word");
        at += word.length();
        return value;
    }

    private void expect(char c) throws IOException {
        if (peek() != c) throw error("expected '" + c + "'");
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            at++;
        }
    }

    /** Position only, never the text: it may be a token's claims. */
    private IOException error(String what) {
        return new IOException(what + " at character " + (at + 1));
    }
}
