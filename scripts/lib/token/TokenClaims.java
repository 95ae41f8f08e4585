package lib.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lib.json.JsonValues;

/**
 * The decoded header and claims of a JWT, without any signature check and without the JOSE
 * library, so that every script can read a token's claims. Holds no copy of the token itself.
 */
public final class TokenClaims {
    /** Allowance for clocks that disagree when exp, nbf and iat are checked (AssumeRole; InspectToken's --clock-skew default). */
    public static final int CLOCK_SKEW_SECONDS = 60;

    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    private final Map<String, Object> header;
    private final Map<String, Object> claims;
    private final int tokenLength;
    private final boolean signed;

    private TokenClaims(Map<String, Object> header, Map<String, Object> claims, int tokenLength, boolean signed) {
        this.header = Collections.unmodifiableMap(header);
        this.claims = Collections.unmodifiableMap(claims);
        this.tokenLength = tokenLength;
        this.signed = signed;
    }

    /** Decodes {@code header.payload.signature}; an empty signature part (an unsecured JWT) decodes too. */
    public static TokenClaims decode(String token) throws MalformedTokenException {
        if (token == null || token.isBlank()) throw new MalformedTokenException("the token is empty");
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length == 5) {
            throw new MalformedTokenException("the token has 5 dot-separated parts: that is an encrypted JWE, not a signed ID token");
        }
        if (parts.length != 3) {
            throw new MalformedTokenException("the token has " + parts.length + " dot-separated part" + (parts.length == 1 ? "" : "s")
                    + ", a JWT has 3 (header.payload.signature) of base64url text");
        }
        Map<String, Object> header = jsonObject(parts, 0);
        Map<String, Object> claims = jsonObject(parts, 1);
        if (!parts[2].isEmpty()) base64url(parts, 2);
        return new TokenClaims(header, claims, token.trim().length(), !parts[2].isEmpty());
    }

    public Map<String, Object> header() {
        return header;
    }

    public Map<String, Object> claims() {
        return claims;
    }

    public Optional<String> algorithm() {
        return text(header.get("alg"));
    }

    public Optional<String> keyId() {
        return text(header.get("kid"));
    }

    public Optional<String> type() {
        return text(header.get("typ"));
    }

    /** Whether the token carries a signature part at all (an {@code alg: none} token has none). */
    public boolean hasSignature() {
        return signed;
    }

    /** Length of the compact token in characters (STS accepts 4 to 20000). */
    public int tokenLength() {
        return tokenLength;
    }

    public boolean has(String claim) {
        return claims.containsKey(claim);
    }

    /** A claim as text: strings as they are, numbers and booleans printed; arrays and objects are not text. */
    public Optional<String> string(String claim) {
        return text(claims.get(claim));
    }

    public Optional<String> issuer() {
        return string("iss");
    }

    public Optional<String> subject() {
        return string("sub");
    }

    /** {@code aud} as a list, whether the token carries a single string or an array. */
    public List<String> audiences() {
        Object aud = claims.get("aud");
        List<String> result = new ArrayList<>();
        if (aud instanceof String s) {
            result.add(s);
        } else if (aud instanceof List<?> list) {
            for (Object item : list) text(item).ifPresent(result::add);
        }
        return result;
    }

    /** A NumericDate claim ({@code exp nbf iat}) in epoch seconds; empty when absent or not a number. */
    public Optional<Long> epochSeconds(String claim) {
        Object value = claims.get(claim);
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "TokenClaims{alg=" + algorithm().orElse("?") + ", kid=" + keyId().orElse("?")
                + ", iss=" + issuer().orElse("?") + ", sub=" + subject().orElse("?") + "}";
    }

    private static Optional<String> text(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        return Optional.empty();
    }

    private static byte[] base64url(String[] parts, int index) throws MalformedTokenException {
        String part = parts[index];
        String name = "part " + (index + 1) + " (" + PART_NAMES[index] + ")";
        if (part.isEmpty()) throw new MalformedTokenException(name + " is empty");
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
            if (!ok) throw new MalformedTokenException(name + " is not base64url text (a character at position " + (i + 1) + " is not allowed)");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new MalformedTokenException(name + " is not valid base64url (wrong length or padding)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String[] parts, int index) throws MalformedTokenException {
        byte[] bytes = base64url(parts, index);
        String name = "part " + (index + 1) + " (" + PART_NAMES[index] + ")";
        Object value;
        try {
            value = JsonValues.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The parser's message quotes the input: report only that it is not JSON.
            throw new MalformedTokenException(name + " decodes to text that is not JSON");
        }
        if (!(value instanceof Map)) throw new MalformedTokenException(name + " is JSON but not a JSON object");
        return (Map<String, Object>) value;
    }
}
