package lib.token.verify;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lib.token.CheckResult;
import lib.token.ClaimCheck;
import lib.token.MalformedTokenException;
import lib.token.TimeText;
import lib.token.TokenClaims;

/**
 * Checks a GitLab ID token the way AWS STS will: issuer discovery, RS256 signature by a
 * published key, validity times with a clock-skew allowance, audience and subject.
 * Every check always appears in the result, as SKIP when an earlier failure makes it moot.
 */
public final class TokenChecks {
    public static final String FORMAT = "format";
    public static final String ALGORITHM = "algorithm";
    public static final String DISCOVERY = "discovery";
    public static final String ISSUER = "issuer";
    public static final String JWKS = "jwks";
    public static final String SIGNING_KEY = "signing-key";
    public static final String SIGNATURE = "signature";
    public static final String EXPIRY = "exp";
    public static final String NOT_BEFORE = "nbf";
    public static final String ISSUED_AT = "iat";
    public static final String AUDIENCE = "audience";
    public static final String SUBJECT = "subject";
    public static final List<String> ALL = List.of(FORMAT, ALGORITHM, DISCOVERY, ISSUER, JWKS, SIGNING_KEY, SIGNATURE,
            EXPIRY, NOT_BEFORE, ISSUED_AT, AUDIENCE, SUBJECT);

    /** STS's WebIdentityToken length limits. */
    private static final int STS_MIN_LENGTH = 4, STS_MAX_LENGTH = 20000;

    /**
     * @param audienceOrigin where the expected audience came from, for the fix in a mismatch,
     *                       e.g. "--audience (env AWS_OIDC_AUDIENCE)"
     */
    public record Settings(String expectedAudience, String audienceOrigin, Duration clockSkew) {}

    private final IssuerDiscovery discovery;
    private final Settings settings;
    private final List<ClaimCheck> extraChecks;

    public TokenChecks(IssuerDiscovery discovery, Settings settings, List<ClaimCheck> extraChecks) {
        this.discovery = discovery;
        this.settings = settings;
        this.extraChecks = List.copyOf(extraChecks);
    }

    public Inspection inspect(String token, Instant now) {
        TokenClaims claims;
        try {
            claims = TokenClaims.decode(token);
        } catch (MalformedTokenException e) {
            List<CheckResult> results = new ArrayList<>();
            results.add(CheckResult.fail(FORMAT, "garbage token: " + e.getMessage()));
            for (String name : ALL.subList(1, ALL.size())) results.add(CheckResult.skip(name, "the token could not be decoded"));
            return new Inspection(Optional.empty(), results);
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(format(claims));
        CheckResult algorithm = algorithm(claims);
        results.add(algorithm);
        results.addAll(issuerAndSignature(token, claims, !algorithm.failed()));
        results.add(expiry(claims, now));
        results.add(notBefore(claims, now));
        results.add(issuedAt(claims, now));
        results.add(audience(claims));
        results.add(subject(claims));
        for (ClaimCheck extra : extraChecks) results.add(extra.check(claims));
        return new Inspection(Optional.of(claims), results);
    }

    private static CheckResult format(TokenClaims claims) {
        int length = claims.tokenLength();
        if (length < STS_MIN_LENGTH || length > STS_MAX_LENGTH) {
            return CheckResult.fail(FORMAT, "the token is " + length + " characters long; STS accepts " + STS_MIN_LENGTH + " to " + STS_MAX_LENGTH);
        }
        return CheckResult.pass(FORMAT, "three base64url parts with a JSON header and payload (" + length + " characters)");
    }

    private static CheckResult algorithm(TokenClaims claims) {
        String alg = claims.algorithm().orElse(null);
        if (alg == null) return CheckResult.fail(ALGORITHM, "the header has no alg; GitLab signs ID tokens with RS256");
        if (alg.equals("RS256")) {
            return claims.hasSignature()
                    ? CheckResult.pass(ALGORITHM, "RS256")
                    : CheckResult.fail(ALGORITHM, "alg is RS256 but the signature part is empty");
        }
        if (alg.equalsIgnoreCase("none")) {
            return CheckResult.fail(ALGORITHM, "alg none is refused: the token is unsigned, so anyone could have written it; GitLab signs ID tokens with RS256");
        }
        if (alg.startsWith("HS")) {
            return CheckResult.fail(ALGORITHM, "alg " + alg + " is refused: it needs a shared secret, which an issuer cannot publish; GitLab signs ID tokens with RS256");
        }
        return CheckResult.fail(ALGORITHM, "alg " + alg + " is refused: only RS256 is accepted, the algorithm GitLab signs ID tokens with");
    }

    private List<CheckResult> issuerAndSignature(String token, TokenClaims claims, boolean algorithmOk) {
        List<CheckResult> results = new ArrayList<>();
        String iss = claims.issuer().orElse(null);
        IssuerDiscovery.Document document = null;
        if (iss == null || iss.isBlank()) {
            results.add(CheckResult.fail(DISCOVERY, "the token has no iss claim, so its issuer cannot be asked for keys"));
        } else {
            try {
                document = discovery.fetch(iss);
                results.add(document.jwksUri() == null
                        ? CheckResult.fail(DISCOVERY, "discovery document invalid: " + document.url() + " has no jwks_uri, so the signing keys cannot be found")
                        : CheckResult.pass(DISCOVERY, document.url().toString()));
            } catch (DiscoveryException e) {
                results.add(CheckResult.fail(DISCOVERY, e.getMessage()));
            }
        }
        results.add(issuerMatch(iss, document));

        String skipReason = document == null ? "no discovery document" : document.jwksUri() == null ? "the discovery document has no jwks_uri" : null;
        JwksKeys keys = null;
        if (skipReason == null) {
            try {
                keys = JwksKeys.parse(discovery.fetchKeys(document.jwksUri()), document.jwksUri());
                results.add(CheckResult.pass(JWKS, keys.keyIds().size() + " key(s) at " + document.jwksUri()));
            } catch (DiscoveryException e) {
                results.add(CheckResult.fail(JWKS, e.getMessage()));
                skipReason = "no key set";
            }
        } else {
            results.add(CheckResult.skip(JWKS, skipReason));
        }
        if (!algorithmOk) skipReason = "the algorithm is refused";
        if (skipReason != null) {
            results.add(CheckResult.skip(SIGNING_KEY, skipReason));
            results.add(CheckResult.skip(SIGNATURE, skipReason));
            return results;
        }

        String kid = claims.keyId().orElse(null);
        if (kid == null) {
            results.add(CheckResult.fail(SIGNING_KEY, "the header has no kid, so no published key can be chosen; published kids: " + String.join(", ", keys.keyIds())));
            results.add(CheckResult.skip(SIGNATURE, "no signing key"));
            return results;
        }
        Optional<JWK> key = keys.key(kid);
        if (key.isEmpty()) {
            results.add(CheckResult.fail(SIGNING_KEY, "key not found in JWKS: kid " + kid + " is not published at " + document.jwksUri()
                    + "; published kids: " + (keys.keyIds().isEmpty() ? "none" : String.join(", ", keys.keyIds()))
                    + ". The token was signed by another issuer or by a key the issuer no longer publishes"));
            results.add(CheckResult.skip(SIGNATURE, "no signing key"));
            return results;
        }
        if (!(key.get() instanceof RSAKey rsa)) {
            results.add(CheckResult.fail(SIGNING_KEY, "kid " + kid + " is a " + key.get().getKeyType() + " key, not an RSA key, so it cannot verify RS256"));
            results.add(CheckResult.skip(SIGNATURE, "no RSA signing key"));
            return results;
        }
        results.add(CheckResult.pass(SIGNING_KEY, "kid " + kid + " is published (" + keys.keyIds().size() + " key(s) in the JWKS)"));
        try {
            results.add(JwksKeys.verifyRs256(token, rsa)
                    ? CheckResult.pass(SIGNATURE, "valid RS256 signature by kid " + kid)
                    : CheckResult.fail(SIGNATURE, "signature invalid: the published key " + kid
                            + " did not sign this token (it was altered, or signed by another key under the same kid)"));
        } catch (IllegalArgumentException e) {
            results.add(CheckResult.fail(SIGNATURE, "signature invalid: " + e.getMessage()));
        }
        return results;
    }

    private static CheckResult issuerMatch(String iss, IssuerDiscovery.Document document) {
        if (iss == null || iss.isBlank()) return CheckResult.fail(ISSUER, "the token has no iss claim");
        if (document == null) return CheckResult.skip(ISSUER, "no discovery document");
        if (document.issuer() == null) {
            return CheckResult.fail(ISSUER, "discovery document invalid: " + document.url() + " has no issuer");
        }
        if (!document.issuer().equals(iss)) {
            return CheckResult.fail(ISSUER, "issuer mismatch: the discovery document says " + document.issuer() + " but the token's iss is " + iss
                    + "; they must be identical, character for character (check the scheme, a trailing slash, and the instance's external_url)");
        }
        return CheckResult.pass(ISSUER, "the discovery document's issuer equals iss " + iss);
    }

    private CheckResult expiry(TokenClaims claims, Instant now) {
        Optional<Long> exp = claims.epochSeconds(EXPIRY);
        if (exp.isEmpty()) return CheckResult.fail(EXPIRY, claims.has(EXPIRY) ? "exp is not a number of seconds" : "the token has no exp claim; AWS refuses tokens without one");
        long skew = settings.clockSkew().getSeconds();
        long left = exp.get() - now.getEpochSecond();
        String when = " (" + TimeText.iso(exp.get()) + ")";
        if (left >= 0) return CheckResult.pass(EXPIRY, "expires " + TimeText.relative(exp.get(), now) + when);
        if (-left <= skew) {
            return CheckResult.pass(EXPIRY, "expired " + TimeText.span(Duration.ofSeconds(-left)) + " ago" + when
                    + ", within the " + skew + " s clock-skew allowance; AWS may already refuse it");
        }
        return CheckResult.fail(EXPIRY, "expired " + TimeText.span(Duration.ofSeconds(-left)) + " ago" + when
                + "; an ID token lives as long as the job's timeout: exchange it earlier in the job, or fetch a fresh one");
    }

    private CheckResult notBefore(TokenClaims claims, Instant now) {
        Optional<Long> nbf = claims.epochSeconds(NOT_BEFORE);
        if (nbf.isEmpty()) {
            return claims.has(NOT_BEFORE) ? CheckResult.fail(NOT_BEFORE, "nbf is not a number of seconds") : CheckResult.skip(NOT_BEFORE, "the token has no nbf claim");
        }
        long skew = settings.clockSkew().getSeconds();
        long early = nbf.get() - now.getEpochSecond();
        String when = " (" + TimeText.iso(nbf.get()) + ")";
        if (early <= 0) return CheckResult.pass(NOT_BEFORE, "valid since " + TimeText.relative(nbf.get(), now) + when);
        if (early <= skew) return CheckResult.pass(NOT_BEFORE, "valid " + TimeText.relative(nbf.get(), now) + when + ", within the " + skew + " s clock-skew allowance");
        return CheckResult.fail(NOT_BEFORE, "not yet valid: becomes valid " + TimeText.relative(nbf.get(), now) + when
                + "; if the token is fresh, this machine's clock is behind the issuer's (clock skew)");
    }

    private CheckResult issuedAt(TokenClaims claims, Instant now) {
        Optional<Long> iat = claims.epochSeconds(ISSUED_AT);
        if (iat.isEmpty()) {
            return claims.has(ISSUED_AT) ? CheckResult.fail(ISSUED_AT, "iat is not a number of seconds") : CheckResult.skip(ISSUED_AT, "the token has no iat claim");
        }
        long skew = settings.clockSkew().getSeconds();
        long ahead = iat.get() - now.getEpochSecond();
        String when = " (" + TimeText.iso(iat.get()) + ")";
        if (ahead <= 0) return CheckResult.pass(ISSUED_AT, "issued " + TimeText.relative(iat.get(), now) + when);
        if (ahead <= skew) {
            return CheckResult.pass(ISSUED_AT, "issued " + TimeText.span(Duration.ofSeconds(ahead)) + " in the future" + when + ", within the " + skew + " s clock-skew allowance");
        }
        return CheckResult.fail(ISSUED_AT, "clock skew: iat is " + TimeText.span(Duration.ofSeconds(ahead)) + " in the future" + when
                + ", more than the " + skew + " s allowance. The issuer's clock and this machine's clock disagree: a token cannot be issued"
                + " in the future, so one of the two clocks is wrong (check NTP on the GitLab instance and here; AWS compares with its own clock)");
    }

    private CheckResult audience(TokenClaims claims) {
        List<String> audiences = claims.audiences();
        String expected = settings.expectedAudience();
        if (audiences.isEmpty()) return CheckResult.fail(AUDIENCE, "audience mismatch: expected " + expected + ", found no aud claim");
        if (audiences.contains(expected)) {
            return CheckResult.pass(AUDIENCE, audiences.size() == 1 ? expected : expected + " (one of " + String.join(", ", audiences) + ")");
        }
        return CheckResult.fail(AUDIENCE, "audience mismatch: expected " + expected + ", found " + String.join(", ", audiences)
                + "; set the job's id_tokens aud to " + expected + " (the client id of the IAM OIDC provider), or change "
                + settings.audienceOrigin() + " if the provider lists another client id");
    }

    private static CheckResult subject(TokenClaims claims) {
        Optional<String> sub = claims.subject();
        if (sub.isEmpty() || sub.get().isBlank()) return CheckResult.fail(SUBJECT, "the token has no sub claim; trust policies match on it");
        return CheckResult.pass(SUBJECT, sub.get());
    }
}
