package lib.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoded token as aligned text lines: the header's alg, kid and typ, then every claim in
 * token order, NumericDate claims as epoch, ISO UTC and relative time. Claim values are the
 * issuer's or an attacker's text: control characters are escaped so they cannot drive the terminal.
 */
public final class ClaimsTable {
    public static final Set<String> TIME_CLAIMS = Set.of("exp", "nbf", "iat", "auth_time");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimsTable() {}

    public static List<String> lines(TokenClaims token, Instant now, String indent) {
        List<String> lines = new ArrayList<>();
        int width = 3;
        for (String name : token.claims().keySet()) width = Math.max(width, printable(name).length());
        lines.add("Header");
        for (String name : List.of("alg", "kid", "typ")) {
            lines.add(row(indent, name, width, token.header().containsKey(name) ? value(token.header().get(name)) : "(absent)"));
        }
        lines.add("Claims");
        for (Map.Entry<String, Object> claim : token.claims().entrySet()) {
            lines.add(row(indent, claim.getKey(), width, claimValue(token, claim.getKey(), claim.getValue(), now)));
        }
        return lines;
    }

    /** One claim as shown in the table; times get their ISO and relative forms. */
    public static String claimValue(TokenClaims token, String name, Object value, Instant now) {
        if (TIME_CLAIMS.contains(name) && value instanceof Number) {
            long epoch = token.epochSeconds(name).orElseThrow();
            return epoch + "  " + TimeText.iso(epoch) + "  (" + TimeText.relative(epoch, now) + ")";
        }
        return value(value);
    }

    public static String value(Object value) {
        if (value instanceof String s) return printable(s);
        try {
            return printable(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            return printable(String.valueOf(value));
        }
    }

    /** Escapes control and bidi characters as \\uXXXX. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean unsafe = Character.isISOControl(cp) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
            if (unsafe) out.append(String.format("\\u%04x", cp)); else out.appendCodePoint(cp);
        });
        return out.toString();
    }

    private static String row(String indent, String name, int width, String value) {
        String key = printable(name);
        return indent + key + " ".repeat(Math.max(1, width - key.length() + 2)) + value;
    }
}
