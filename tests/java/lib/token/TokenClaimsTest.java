package lib.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import testkit.TestIssuer;
import testkit.Tools;
import testkit.Leaks;

class TokenClaimsTest {
    private final TestIssuer issuer = new TestIssuer();

    @Test
    void decodesHeaderAndEveryClaimInTokenOrder() throws Exception {
        String token = issuer.mint();
        TokenClaims claims = TokenClaims.decode(token);
        assertEquals(Optional.of("RS256"), claims.algorithm());
        assertEquals(Optional.of(issuer.currentKey().kid()), claims.keyId());
        assertEquals(Optional.of("JWT"), claims.type());
        assertEquals(List.copyOf(issuer.defaultClaims().keySet()), List.copyOf(claims.claims().keySet()));
        assertEquals(Optional.of("https://gitlab.example.com"), claims.issuer());
        assertEquals(Optional.of("project_path:acme/webshop:ref_type:branch:ref:main"), claims.subject());
        assertEquals(Optional.of("12"), claims.string("runner_id"));
        assertTrue(claims.hasSignature());
        assertEquals(token.length(), claims.tokenLength());
    }

    @Test
    void readsAudienceAsStringOrArray() throws Exception {
        assertEquals(List.of("sts.amazonaws.com"), TokenClaims.decode(issuer.mint()).audiences());
        assertEquals(List.of("sts.amazonaws.com", "https://vault.example.com"),
                TokenClaims.decode(issuer.mint(Map.of("aud", List.of("sts.amazonaws.com", "https://vault.example.com")))).audiences());
        Map<String, Object> noAud = new java.util.HashMap<>();
        noAud.put("aud", null);
        assertEquals(List.of(), TokenClaims.decode(issuer.mint(noAud)).audiences());
    }

    @Test
    void readsTimesAsEpochSecondsOnlyWhenNumeric() throws Exception {
        TokenClaims claims = TokenClaims.decode(issuer.mint(Map.of("exp", 1732590000L, "nbf", "1732589000")));
        assertEquals(Optional.of(1732590000L), claims.epochSeconds("exp"));
        assertEquals(Optional.empty(), claims.epochSeconds("nbf"));
        assertTrue(claims.has("nbf"));
    }

    @Test
    void decodesAnUnsignedTokenSoItsAlgorithmCanBeRefusedLater() throws Exception {
        TokenClaims claims = TokenClaims.decode(CraftedTokens.unsigned(issuer.defaultClaims()));
        assertEquals(Optional.of("none"), claims.algorithm());
        assertFalse(claims.hasSignature());
    }

    @Test
    void decodesTheGitlabComFixture() throws Exception {
        String payload = Files.readString(Tools.FIXTURES.resolve("token/gitlab-com-claims.json"));
        TokenClaims claims = TokenClaims.decode(CraftedTokens.b64(CraftedTokens.json(CraftedTokens.header("RS256", "kid1")))
                + "." + CraftedTokens.b64(payload) + "." + CraftedTokens.b64("sig"));
        assertEquals(Optional.of("https://gitlab.com"), claims.issuer());
        assertEquals(Optional.of("false"), claims.string("ref_protected"));
    }

    @Test
    void rejectsTextWithoutThreeParts() {
        assertEquals("the token has 1 dot-separated part, a JWT has 3 (header.payload.signature) of base64url text", failure("abc"));
        assertTrue(failure("a.b").startsWith("the token has 2 dot-separated parts"));
        assertTrue(failure("a.b.c.d.e").contains("encrypted JWE"));
        assertEquals("the token is empty", failure("   "));
    }

    @Test
    void rejectsPartsThatAreNotBase64url() {
        assertEquals("part 1 (header) is not valid base64url (wrong length or padding)", failure("a.b.c"));
        assertEquals("part 1 (header) is not base64url text (a character at position 1 is not allowed)", failure("%%%.$$$.###"));
        assertEquals("part 1 (header) is empty", failure(".e30.sig"));
    }

    @Test
    void rejectsPartsThatAreNotJsonObjectsWithoutQuotingThem() {
        String notJson = CraftedTokens.threePartsNotJson();
        String message = failure(notJson);
        assertEquals("part 1 (header) decodes to text that is not JSON", message);
        assertFalse(message.contains("this header"));
        assertEquals("part 2 (payload) is JSON but not a JSON object",
                failure(CraftedTokens.b64("{\"alg\":\"RS256\"}") + "." + CraftedTokens.b64("[1,2]") + ".sig"));
        assertEquals("part 2 (payload) decodes to text that is not JSON",
                failure(CraftedTokens.b64("{\"alg\":\"RS256\"}") + "." + CraftedTokens.b64("{\"sub\":\"a\",\"sub\":\"b\"}") + ".sig"));
    }

    @Test
    void keepsNoTokenTextInItsStringForm() throws Exception {
        String token = issuer.mint();
        String text = TokenClaims.decode(token).toString();
        Leaks.assertNoToken(token, text);
    }

    @Test
    void malformedTokenExceptionHasNoCause() {
        MalformedTokenException e = assertThrows(MalformedTokenException.class, () -> TokenClaims.decode(CraftedTokens.threePartsNotJson()));
        assertNull(e.getCause());
    }

    private static String failure(String token) {
        return assertThrows(MalformedTokenException.class, () -> TokenClaims.decode(token)).getMessage();
    }
}
