package lib.trust.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small reader for the literal part of Terraform HCL: bodies of attributes and blocks, and
 * values that are strings, heredocs, numbers, booleans, tuples, objects and jsonencode(...).
 * Anything that needs evaluation (references, other function calls, operators, for
 * expressions) becomes an opaque "${...}" string holding its source text.
 */
public final class HclParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public record Attribute(String name, JsonNode value, int offset) {}

    public record Block(String type, List<String> labels, Body body, int offset) {}

    public record Body(List<Attribute> attributes, List<Block> blocks) {
        public JsonNode attribute(String name) {
            for (Attribute a : attributes) if (a.name().equals(name)) return a.value();
            return null;
        }

        public List<Block> blocks(String type) {
            return blocks.stream().filter(b -> b.type().equals(type)).toList();
        }
    }

    final String src;
    int pos;
    private int depth;

    private HclParser(String src) {
        this.src = src;
    }

    public static Body parse(String text) {
        HclParser p = new HclParser(text);
        Body body = p.body(false);
        p.skipSpace(true);
        if (p.pos < p.src.length()) throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
        return body;
    }

    /** Parses the one block whose header starts at {@code offset} (used when the whole file does not parse). */
    public static Block parseBlockAt(String text, int offset) {
        HclParser p = new HclParser(text);
        p.pos = offset;
        p.skipSpace(true);
        int start = p.pos;
        String type = p.identifier();
        List<String> labels = new ArrayList<>();
        while (true) {
            p.skipSpace(false);
            if (p.peek('"')) labels.add(HclStrings.literal(p).asText());
            else if (p.peek('{')) break;
            else throw p.error("expected a block header");
        }
        p.pos++;
        return new Block(type, labels, p.body(true), start);
    }

    private Body body(boolean nested) {
        return nested(() -> bodyOf(nested));
    }

    private Body bodyOf(boolean nested) {
        List<Attribute> attrs = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        while (true) {
            skipSpace(true);
            if (pos >= src.length()) {
                if (nested) throw error("missing '}'");
                break;
            }
            if (src.charAt(pos) == '}') {
                if (!nested) throw error("unbalanced '}'");
                pos++;
                break;
            }
            int start = pos;
            String name = identifier();
            if (name == null) throw error("expected an attribute or block name");
            skipSpace(false);
            if (peek('=') && !src.startsWith("==", pos)) {
                pos++;
                attrs.add(new Attribute(name, expression(), start));
                continue;
            }
            List<String> labels = new ArrayList<>();
            while (true) {
                skipSpace(false);
                if (peek('"')) labels.add(HclStrings.literal(this).asText());
                else if (peek('{')) break;
                else {
                    String label = identifier();
                    if (label == null) throw error("expected '{' after block " + name);
                    labels.add(label);
                }
            }
            pos++;
            blocks.add(new Block(name, labels, body(true), start));
        }
        return new Body(attrs, blocks);
    }

    private JsonNode expression() {
        return nested(this::expressionBody);
    }

    /** Bounds recursion: a file nested deeper than {@link Json#MAX_DEPTH} is refused, never a stack overflow. */
    private <T> T nested(java.util.function.Supplier<T> body) {
        if (++depth > Json.MAX_DEPTH) throw error("nested deeper than " + Json.MAX_DEPTH + " levels");
        try {
            return body.get();
        } finally {
            depth--;
        }
    }

    private JsonNode expressionBody() {
        skipSpace(false);
        int start = pos;
        JsonNode value = primary();
        skipSpace(false);
        boolean assignment = peek('=') && !src.startsWith("==", pos);
        if (pos < src.length() && "?=!<>&|+-*/%".indexOf(src.charAt(pos)) >= 0 && !assignment) {
            skipOpaque();
            return NODES.textNode("${" + src.substring(start, pos).trim() + "}");
        }
        return value;
    }

    private JsonNode primary() {
        skipSpace(false);
        if (pos >= src.length()) throw error("missing value");
        char c = src.charAt(pos);
        if (c == '"') return HclStrings.literal(this);
        if (src.startsWith("<<", pos)) return HclStrings.heredoc(this);
        if (c == '[') return tuple();
        if (c == '{') return object();
        if (c == '(') {
            int start = pos;
            skipBalanced();
            return NODES.textNode("${" + src.substring(start, pos) + "}");
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos;
            pos++;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
            return NODES.textNode(src.substring(start, pos));
        }
        int start = pos;
        String name = identifier();
        if (name == null) {
            skipOpaque();
            if (pos == start) throw error("unexpected '" + c + "'");
            return NODES.textNode("${" + src.substring(start, pos).trim() + "}");
        }
        if (name.equals("true") || name.equals("false")) return NODES.booleanNode(name.equals("true"));
        if (name.equals("null")) return NODES.nullNode();
        skipSpace(false);
        if (peek('(')) {
            if (name.equals("jsonencode")) {
                pos++;
                skipSpace(true);
                JsonNode inner = expression();
                skipSpace(true);
                if (peek(',')) pos++;
                skipSpace(true);
                expect(')');
                return inner;
            }
            skipBalanced();
        }
        while (pos < src.length()) {
            char d = src.charAt(pos);
            if (d == '.' || d == '*' || Character.isLetterOrDigit(d) || d == '_' || d == '-') pos++;
            else if (d == '[') skipBalanced();
            else break;
        }
        return NODES.textNode("${" + src.substring(start, pos) + "}");
    }

    /** A `for` expression in brackets or braces is not evaluated: it stays an opaque reference. */
    private JsonNode forExpressionAt(int start) {
        pos = start + 1;
        skipSpace(true);
        if (!src.startsWith("for ", pos)) return null;
        pos = start;
        skipBalanced();
        return NODES.textNode("${" + src.substring(start, pos) + "}");
    }

    private JsonNode tuple() {
        JsonNode forExpression = forExpressionAt(pos);
        if (forExpression != null) return forExpression;
        ArrayNode out = NODES.arrayNode();
        while (true) {
            skipSpace(true);
            if (peek(']')) { pos++; return out; }
            out.add(expression());
            skipSpace(true);
            if (peek(',')) pos++;
        }
    }

    private JsonNode object() {
        JsonNode forExpression = forExpressionAt(pos);
        if (forExpression != null) return forExpression;
        ObjectNode out = NODES.objectNode();
        while (true) {
            skipSpace(true);
            if (peek('}')) { pos++; return out; }
            String key;
            if (peek('"')) key = HclStrings.literal(this).asText();
            else if (peek('(')) {
                int s = pos;
                skipBalanced();
                key = "${" + src.substring(s, pos) + "}";
            } else {
                key = identifier();
                if (key == null) throw error("expected an object key");
            }
            skipSpace(false);
            if (peek('=') || peek(':')) pos++;
            else throw error("expected '=' after key " + key);
            out.set(key, expression());
            skipSpace(false);
            if (peek(',')) pos++;
        }
    }

    String identifier() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                || (pos > start && src.charAt(pos) == '-'))) pos++;
        return pos == start ? null : src.substring(start, pos);
    }

    /** Skips an expression we do not evaluate, up to the end of the line or the enclosing bracket. */
    private void skipOpaque() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n' || c == ',' || c == ')' || c == ']' || c == '}') return;
            if (c == '(' || c == '[' || c == '{') skipBalanced();
            else if (c == '"') HclStrings.literal(this);
            else if (src.startsWith("<<", pos)) HclStrings.heredoc(this);
            else pos++;
        }
    }

    private void skipBalanced() {
        nested(() -> {
            skipBalancedBody();
            return null;
        });
    }

    private void skipBalancedBody() {
        char open = src.charAt(pos);
        char close = open == '(' ? ')' : open == '[' ? ']' : '}';
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == close) { pos++; return; }
            if (c == '(' || c == '[' || c == '{') skipBalanced();
            else if (c == '"') HclStrings.literal(this);
            else if (src.startsWith("<<", pos)) HclStrings.heredoc(this);
            else if (c == '#' || src.startsWith("//", pos) || src.startsWith("/*", pos)) skipSpace(true);
            else pos++;
        }
        throw error("missing '" + close + "'");
    }

    private void skipSpace(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) pos++;
            else if (c == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                pos = end < 0 ? src.length() : end + 2;
            } else if (!newlines && c == '\n') {
                return;
            } else return;
        }
    }

    boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    void expect(char c) {
        skipSpace(true);
        if (!peek(c)) throw error("expected '" + c + "'");
        pos++;
    }

    PolicyReadException error(String message) {
        int line = 1;
        for (int i = 0; i < pos && i < src.length(); i++) if (src.charAt(i) == '\n') line++;
        return new PolicyReadException("HCL line " + line + ": " + Excerpt.of(message));
    }
}
