package lib.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes a JWT's payload locally (no signature check); the token itself is never echoed. */
public final class TokenClaims {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenClaims() {}

    public static ObjectNode decode(String token, String source) {
        String[] parts = token.trim().split("\\.");
        if (parts.length < 2) {
            throw new TrustPolicyInputException(source + ": not a JWT (expected header.payload.signature). "
                    + "Fix: pass the ID token GitLab put in the job's id_tokens variable.");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('=', ' ').trim());
            JsonNode claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
            if (!claims.isObject()) throw new IOException("payload is not a JSON object");
            return (ObjectNode) claims;
        } catch (IllegalArgumentException | IOException e) {
            throw new TrustPolicyInputException(source + ": the token's payload cannot be decoded. "
                    + "Fix: pass the ID token GitLab put in the job's id_tokens variable.");
        }
    }
}
