package lib.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens no honest issuer makes: unsigned, HMAC-signed, or not JWTs at all. */
public final class CraftedTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private CraftedTokens() {}

    public static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (kid != null) header.put("kid", kid);
        header.put("typ", "JWT");
        return header;
    }

    /** {@code header.payload.} with {@code alg: none} and no signature. */
    public static String unsigned(Map<String, Object> claims) {
        return b64(json(header("none", null))) + "." + b64(json(claims)) + ".";
    }

    /** A real HS256 token, signed with a shared secret. */
    public static String hs256(Map<String, Object> claims, String kid) {
        try {
            String signingInput = b64(json(header("HS256", kid))) + "." + b64(json(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("a-shared-secret-of-32-bytes-len!".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Three base64url parts whose header is not JSON. */
    public static String threePartsNotJson() {
        return b64("this header is not json") + "." + b64(json(Map.of("sub", "x"))) + "." + b64("signature-bytes");
    }
}
