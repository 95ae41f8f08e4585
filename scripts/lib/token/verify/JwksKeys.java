package lib.token.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A published JWK set and RS256 signature verification against it, through nimbus-jose-jwt. */
public final class JwksKeys {
    private final JWKSet set;

    private JwksKeys(JWKSet set) {
        this.set = set;
    }

    public static JwksKeys parse(String json, String from) throws DiscoveryException {
        try {
            return new JwksKeys(JWKSet.parse(json));
        } catch (ParseException e) {
            throw new DiscoveryException("JWKS invalid: " + from + " is not a JSON Web Key Set");
        }
    }

    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        for (JWK key : set.getKeys()) ids.add(key.getKeyID() == null ? "(no kid)" : key.getKeyID());
        return ids;
    }

    public Optional<JWK> key(String kid) {
        return Optional.ofNullable(set.getKeyByKeyId(kid));
    }

    /**
     * Whether {@code token} carries a valid RS256 signature by {@code key}.
     *
     * @throws IllegalArgumentException with a message free of token text when the JOSE library cannot read the token
     */
    public static boolean verifyRs256(String token, RSAKey key) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the JOSE library cannot read the token as a JWS object");
        }
        try {
            return jws.verify(new RSASSAVerifier(key));
        } catch (JOSEException | IllegalStateException e) {
            throw new IllegalArgumentException("the JOSE library cannot verify with key " + key.getKeyID() + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
