package lib.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JWT's header and claims, decoded without verifying the signature: enough to check shape,
 * audience and lifetime before a network call. Never keeps or prints the token text.
 */
public final class IdToken {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode header;
    private final JsonNode claims;

    private IdToken(JsonNode header, JsonNode claims) {
        this.header = header;
        this.claims = claims;
    }

    /** Decodes a compact JWS; the message of any failure says what is wrong without the token. */
    public static IdToken decode(String token) throws MalformedTokenException {
        String trimmed = token.strip();
        if (!SHAPE.matcher(trimmed).matches()) {
            throw new MalformedTokenException("it is not a JWT (expected three base64url parts separated by dots, got "
                    + trimmed.split("\\.", -1).length + " part(s) of " + trimmed.length() + " characters)");
        }
        String[] parts = trimmed.split("\\.", -1);
        JsonNode header = json(parts[0], "header");
        JsonNode claims = json(parts[1], "payload");
        if (!claims.isObject() || !header.isObject()) {
            throw new MalformedTokenException("its header and payload must be JSON objects");
        }
        return new IdToken(header, claims);
    }

    /** The signature part, so that callers can register it as a secret too. */
    public static String signaturePart(String token) {
        String trimmed = token.strip();
        int dot = trimmed.lastIndexOf('.');
        return dot < 0 ? "" : trimmed.substring(dot + 1);
    }

    public Optional<String> claim(String name) {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        return Optional.of(value.isTextual() ? value.asText() : value.toString());
    }

    public String algorithm() {
        return header.path("alg").asText("");
    }

    /** `aud` as a list: GitLab sends a string, the JWT spec also allows an array. */
    public List<String> audiences() {
        JsonNode aud = claims.get("aud");
        List<String> result = new ArrayList<>();
        if (aud == null) return result;
        if (aud.isArray()) aud.forEach(a -> result.add(a.asText()));
        else result.add(aud.asText());
        return result;
    }

    public Optional<Instant> time(String claim) {
        JsonNode value = claims.get(claim);
        if (value == null || !value.canConvertToLong()) return Optional.empty();
        return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }

    public Optional<Instant> expiresAt() {
        return time("exp");
    }

    private static JsonNode json(String part, String what) throws MalformedTokenException {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new MalformedTokenException("its " + what + " is not base64url-encoded JSON");
        }
    }

    public static final class MalformedTokenException extends Exception {
        public MalformedTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
