import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lib.token.CraftedTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import testkit.Moto;
import testkit.TestIssuer;
import testkit.Leaks;

/** The whole command, in process, against a GitLab-shaped issuer on 127.0.0.1. */
class InspectTokenTest {
    private static final List<String> CHECKS = List.of("format", "algorithm", "discovery", "issuer", "jwks", "signing-key",
            "signature", "exp", "nbf", "iat", "audience", "subject");

    private TestIssuer issuer;

    @TempDir
    Path dir;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = new TestIssuer().start();
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        /** The line of the Checks table for one check. */
        String check(String name) {
            return stdout.lines().filter(line -> line.matches("  (PASS|FAIL|SKIP)  " + name + " .*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in:\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = InspectToken.commandLine(new InspectToken(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs with the token in AWS_OIDC_TOKEN and checks that nothing printed contains it. */
    static Run inspect(String token, String... args) {
        Run result = run(Map.of("AWS_OIDC_TOKEN", token), args);
        Leaks.assertNoToken(token, result.all());
        return result;
    }

    private static void assertFails(Run result, String check, String reason) {
        assertEquals(1, result.exitCode(), result.toString());
        String line = result.check(check);
        assertTrue(line.startsWith("  FAIL  " + check), line);
        assertTrue(line.contains(reason), "expected '" + reason + "' in: " + line + "\n" + result);
    }

    private static void assertStatus(Run result, String check, String status) {
        assertTrue(result.check(check).startsWith("  " + status + "  "), result.check(check) + "\n" + result);
    }

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static TestIssuer.SigningKey foreignKey(String kid) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new TestIssuer.SigningKey(kid, generator.generateKeyPair());
    }

    // --- the happy path

    @Test
    void validTokenPassesEveryCheck() {
        Run result = inspect(issuer.mint());
        assertEquals(0, result.exitCode(), result.toString());
        for (String check : CHECKS) assertStatus(result, check, "PASS");
        assertTrue(result.stdout().contains("Result: PASS (12 of 12 checks passed)"), result.toString());
        assertTrue(result.check("signature").contains("valid RS256 signature by kid " + issuer.currentKey().kid()));
        assertTrue(result.check("discovery").contains(issuer.issuer() + "/.well-known/openid-configuration"));
        assertEquals("", result.stderr());
    }

    @Test
    void printsHeaderEveryClaimAndTimesWithRelativeForm() {
        Run result = inspect(issuer.mint());
        String out = result.stdout();
        assertTrue(out.contains("Token from environment variable AWS_OIDC_TOKEN"), out);
        assertTrue(out.matches("(?s).*\\n  alg +RS256\\n  kid +" + issuer.currentKey().kid() + "\\n  typ +JWT\\n.*"), out);
        for (String claim : issuer.defaultClaims().keySet()) assertTrue(out.matches("(?s).*\\n  " + claim + " +\\S.*"), claim + " missing:\n" + out);
        assertTrue(out.matches("(?s).*\\n  exp +\\d{10}  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  \\(in [45]m( \\d+s)?\\)\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n  nbf +\\d{10}  \\S+Z  \\((\\d+m )?\\d+s ago\\)\\n.*"), out);
    }

    @Test
    void showsWhatAwsWouldSee() {
        Run result = inspect(issuer.mint());
        String provider = issuer.issuer().substring("http://".length());
        String out = result.stdout();
        assertTrue(out.contains("What AWS would see"), out);
        assertTrue(out.contains("  OIDC provider URL  " + provider + "  (IAM needs the provider arn:aws:iam::<account>:oidc-provider/" + provider + ")"), out);
        assertTrue(out.contains("  client id (aud)    sts.amazonaws.com  (must be in the provider's client-id list)"), out);
        assertTrue(out.contains("    " + provider + ":sub  project_path:acme/webshop:ref_type:branch:ref:main"), out);
        assertTrue(out.contains("    " + provider + ":aud  sts.amazonaws.com"), out);
        assertFalse(out.contains(provider + ":project_id"), "extra keys are for gitlab.com only");
        assertTrue(out.contains("note: IAM accepts only https:// issuers"), out);
    }

    @Test
    void jsonFormatCarriesChecksClaimsAndAwsView() throws Exception {
        String token = issuer.mint();
        Run result = inspect(token, "--format", "json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertEquals("PASS", report.get("result").asText());
        List<String> names = new ArrayList<>();
        report.get("checks").forEach(check -> {
            names.add(check.get("name").asText());
            assertEquals("PASS", check.get("status").asText(), check.toString());
        });
        assertEquals(CHECKS, names);
        assertEquals("RS256", report.get("header").get("alg").asText());
        assertEquals("acme/webshop", report.get("claims").get("project_path").asText());
        assertTrue(report.get("times").get("exp").get("relative").asText().matches("in [45]m( \\d+s)?"));
        assertEquals("sts.amazonaws.com", report.get("aws").get("clientIds").get(0).asText());
    }

    @Test
    void readsTheTokenFromTheVariableNamedByTokenEnv() {
        String token = issuer.mint();
        Run result = run(Map.of("MY_ID_TOKEN", token), "--token-env", "MY_ID_TOKEN");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("Token from environment variable MY_ID_TOKEN"));
        Leaks.assertNoToken(token, result.all());
    }

    @Test
    void readsTheTokenFromAFile() throws Exception {
        String token = issuer.mint();
        Path file = Files.writeString(dir.resolve("token"), token + "\n");
        Run result = run(Map.of(), "--token-file", file.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("Token from file " + file));
        Leaks.assertNoToken(token, result.all());
    }

    // --- keys and signatures

    @Test
    void tokenSignedByAnUnpublishedKeyFailsWithKeyNotFoundAndThePublishedKids() throws Exception {
        String token = issuer.sign(issuer.defaultClaims(), foreignKey("stranger"), "RS256");
        Run result = inspect(token);
        assertFails(result, "signing-key", "key not found in JWKS: kid stranger is not published at " + issuer.issuer() + "/oauth/discovery/keys");
        assertTrue(result.check("signing-key").contains("published kids: " + issuer.currentKey().kid()), result.toString());
        assertStatus(result, "signature", "SKIP");
    }

    @Test
    void sameKidSignedByAnotherKeyFailsWithSignatureInvalid() throws Exception {
        String token = issuer.sign(issuer.defaultClaims(), foreignKey(issuer.currentKey().kid()), "RS256");
        Run result = inspect(token);
        assertStatus(result, "signing-key", "PASS");
        assertFails(result, "signature", "signature invalid: the published key " + issuer.currentKey().kid() + " did not sign this token");
    }

    @Test
    void alteredPayloadFailsWithSignatureInvalid() {
        String[] parts = issuer.mint().split("\\.");
        Map<String, Object> forged = issuer.defaultClaims();
        forged.put("ref", "evil");
        String token = parts[0] + "." + CraftedTokens.b64(CraftedTokens.json(forged)) + "." + parts[2];
        assertFails(inspect(token), "signature", "signature invalid");
    }

    @Test
    void duringRotationTokensOfTheOldAndTheNewKeyVerify() {
        String oldToken = issuer.mint();
        String oldKid = issuer.currentKey().kid();
        issuer.rotate();
        String newToken = issuer.mint();
        Run old = inspect(oldToken);
        assertEquals(0, old.exitCode(), old.toString());
        assertTrue(old.check("signature").contains("by kid " + oldKid));
        Run fresh = inspect(newToken);
        assertEquals(0, fresh.exitCode(), fresh.toString());
        assertTrue(fresh.check("signature").contains("by kid " + issuer.currentKey().kid()));
        assertTrue(fresh.check("jwks").contains("2 key(s)"), fresh.toString());
    }

    @Test
    void afterTheOldKeyIsRetiredItsTokensFail() {
        String oldToken = issuer.mint();
        String oldKid = issuer.currentKey().kid();
        issuer.rotate();
        issuer.retireOldKeys();
        Run result = inspect(oldToken);
        assertFails(result, "signing-key", "kid " + oldKid + " is not published");
        assertTrue(result.check("signing-key").contains("published kids: " + issuer.currentKey().kid() + "."), result.toString());
        assertEquals(0, inspect(issuer.mint()).exitCode());
    }

    // --- times

    @Test
    void expiredTokenFailsSayingHowLongAgo() {
        long now = now();
        Run result = inspect(issuer.mint(claims("iat", now - 900, "nbf", now - 905, "exp", now - 600)));
        assertFails(result, "exp", "expired 10m");
        assertTrue(result.check("exp").contains(" ago ("), result.check("exp"));
        assertTrue(result.stdout().contains("Result: FAIL (1 of 12 checks failed: exp)"), result.toString());
    }

    @Test
    void expiryWithinTheClockSkewAllowancePassesWithANote() {
        long now = now();
        Run result = inspect(issuer.mint(claims("iat", now - 330, "nbf", now - 335, "exp", now - 30)));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.check("exp").contains("within the 60 s clock-skew allowance"), result.check("exp"));
    }

    @Test
    void tokenNotYetValidFails() {
        long now = now();
        Run result = inspect(issuer.mint(claims("nbf", now + 600, "exp", now + 900)));
        assertFails(result, "nbf", "not yet valid: becomes valid in ");
    }

    @Test
    void issuedAtInTheFutureFailsAndExplainsClockSkew() {
        Run result = inspect(issuer.mint(claims("iat", now() + 600)));
        assertFails(result, "iat", "clock skew: iat is ");
        String line = result.check("iat");
        assertTrue(line.contains("in the future") && line.contains("more than the 60 s allowance") && line.contains("NTP"), line);
    }

    @Test
    void clockSkewOptionWidensTheAllowance() {
        String token = issuer.mint(claims("iat", now() + 120));
        assertEquals(1, inspect(token).exitCode());
        Run result = inspect(token, "--clock-skew", "300");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.check("iat").contains("within the 300 s clock-skew allowance"), result.check("iat"));
    }

    // --- audience and subject

    @Test
    void wrongAudienceFailsSayingExpectedAndFound() {
        Run result = inspect(issuer.mint(claims("aud", "https://gitlab.example.com")));
        assertFails(result, "audience", "audience mismatch: expected sts.amazonaws.com, found https://gitlab.example.com");
    }

    @Test
    void audienceArrayContainingTheExpectedAudiencePasses() {
        Run result = inspect(issuer.mint(claims("aud", List.of("https://vault.example.com", "sts.amazonaws.com"))));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.check("audience").contains("sts.amazonaws.com (one of https://vault.example.com, sts.amazonaws.com)"), result.toString());
        assertTrue(result.stdout().contains("note: aud has 2 values"), result.toString());
    }

    @Test
    void audienceArrayWithoutTheExpectedAudienceFails() {
        Run result = inspect(issuer.mint(claims("aud", List.of("a.example", "b.example"))));
        assertFails(result, "audience", "expected sts.amazonaws.com, found a.example, b.example");
    }

    @Test
    void audienceOptionChangesTheExpectedAudience() {
        String token = issuer.mint(claims("aud", "https://vault.example.com"));
        assertEquals(0, inspect(token, "--audience", "https://vault.example.com").exitCode());
    }

    @Test
    void missingSubjectFails() {
        assertFails(inspect(issuer.mint(claims("sub", null))), "subject", "the token has no sub claim");
    }

    // --- the issuer

    @Test
    void unusedPortMeansIssuerUnreachable() throws Exception {
        String iss = "http://127.0.0.1:" + Moto.freePort();
        Run result = inspect(new TestIssuer(iss).mint());
        assertFails(result, "discovery", "issuer unreachable: connection refused by 127.0.0.1:");
        assertTrue(result.check("discovery").contains(iss + "/.well-known/openid-configuration"), result.toString());
        for (String check : List.of("issuer", "jwks", "signing-key", "signature")) assertStatus(result, check, "SKIP");
        for (String check : List.of("exp", "nbf", "iat", "audience", "subject")) assertStatus(result, check, "PASS");
    }

    @Test
    void stoppedIssuerIsUnreachable() {
        String token = issuer.mint();
        issuer.close();
        assertFails(inspect(token), "discovery", "issuer unreachable");
    }

    @Test
    void issuerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String token = new TestIssuer("http://127.0.0.1:" + silent.getLocalPort()).mint();
            Run result = inspect(token, "--timeout", "1");
            assertFails(result, "discovery", "issuer unreachable: " + "http://127.0.0.1:" + silent.getLocalPort() + "/.well-known/openid-configuration did not answer within 1 s");
        }
    }

    @Test
    void discoveryThatIsNotJsonIsInvalid() {
        issuer.overrideDiscovery("<html>Sign in</html>");
        Run result = inspect(issuer.mint());
        assertFails(result, "discovery", "discovery document invalid: " + issuer.issuer() + "/.well-known/openid-configuration did not return JSON");
        assertStatus(result, "signature", "SKIP");
    }

    @Test
    void discoveryWithoutJwksUriFails() {
        issuer.overrideDiscovery(CraftedTokens.json(Map.of("issuer", issuer.issuer())));
        Run result = inspect(issuer.mint());
        assertFails(result, "discovery", "has no jwks_uri");
        assertStatus(result, "issuer", "PASS");
        assertStatus(result, "jwks", "SKIP");
        assertStatus(result, "signature", "SKIP");
    }

    @Test
    void discoveryIssuerDifferentFromIssFails() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.issuer() + "/");
        doc.put("jwks_uri", issuer.issuer() + "/oauth/discovery/keys");
        issuer.overrideDiscovery(CraftedTokens.json(doc));
        Run result = inspect(issuer.mint());
        assertFails(result, "issuer", "issuer mismatch: the discovery document says " + issuer.issuer() + "/ but the token's iss is " + issuer.issuer() + ";");
        assertStatus(result, "signature", "PASS");
    }

    @Test
    void jwksUriThatIsNotAKeySetFails() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.issuer());
        doc.put("jwks_uri", issuer.issuer() + "/.well-known/openid-configuration");
        issuer.overrideDiscovery(CraftedTokens.json(doc));
        assertFails(inspect(issuer.mint()), "jwks", "JWKS invalid: " + issuer.issuer() + "/.well-known/openid-configuration is not a JSON Web Key Set");
    }

    // --- algorithms

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        Run result = inspect(CraftedTokens.unsigned(issuer.defaultClaims()));
        assertFails(result, "algorithm", "alg none is refused: the token is unsigned");
        assertStatus(result, "signature", "SKIP");
        assertTrue(result.check("signature").contains("the algorithm is refused"));
    }

    @Test
    void hs256TokenIsRefused() {
        Run result = inspect(CraftedTokens.hs256(issuer.defaultClaims(), issuer.currentKey().kid()));
        assertFails(result, "algorithm", "alg HS256 is refused: it needs a shared secret");
        assertStatus(result, "signature", "SKIP");
    }

    @Test
    void otherRsaAlgorithmsAreRefusedToo() {
        Run result = inspect(issuer.sign(issuer.defaultClaims(), issuer.currentKey(), "RS512"));
        assertFails(result, "algorithm", "alg RS512 is refused: only RS256 is accepted");
    }

    // --- garbage

    @Test
    void textWithoutDotsIsAGarbageToken() {
        Run result = inspect("abc");
        assertFails(result, "format", "garbage token: the token has 1 dot-separated part, a JWT has 3");
        for (String check : CHECKS.subList(1, CHECKS.size())) assertStatus(result, check, "SKIP");
        assertFalse(result.stdout().contains("What AWS would see"));
    }

    @Test
    void threePartsThatAreNotBase64AreAGarbageToken() {
        assertFails(inspect("a.b.c"), "format", "garbage token: part 1 (header) is not valid base64url");
        assertFails(inspect("a*b.c?d.e!f"), "format", "garbage token: part 1 (header) is not base64url text");
    }

    @Test
    void threePartsThatAreNotJsonAreAGarbageToken() {
        Run result = inspect(CraftedTokens.threePartsNotJson());
        assertFails(result, "format", "garbage token: part 1 (header) decodes to text that is not JSON");
        assertFalse(result.all().contains("this header is not json"));
    }

    @Test
    void garbageTokenInJsonFormatHasNoClaims() throws Exception {
        Run result = inspect("abc", "--format", "json");
        assertEquals(1, result.exitCode());
        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertEquals("FAIL", report.get("result").asText());
        assertTrue(report.get("claims").isNull());
        assertEquals("FAIL", report.get("checks").get(0).get("status").asText());
    }

    // --- bad usage: exit 2, the option and its variable named, never the token

    @Test
    void noTokenSourceIsBadUsage() {
        Run result = run(Map.of());
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("", result.stdout());
        String message = result.stderr();
        for (String word : new String[] {"AWS_OIDC_TOKEN is not set", "--token-env", "AWS_OIDC_TOKEN_VARIABLE", "--token-file", "AWS_OIDC_TOKEN_FILE", "id_tokens"}) {
            assertTrue(message.contains(word), word + " missing in: " + message);
        }
    }

    @Test
    void emptyTokenVariableIsBadUsage() {
        Run result = run(Map.of("AWS_OIDC_TOKEN", ""));
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("the environment variable AWS_OIDC_TOKEN, named by --token-env (env AWS_OIDC_TOKEN_VARIABLE), is empty"), result.toString());
    }

    @Test
    void bothSourcesAreBadUsage() throws Exception {
        String token = issuer.mint();
        Path file = Files.writeString(dir.resolve("token"), token);
        Run result = run(Map.of("AWS_OIDC_TOKEN", token), "--token-env", "AWS_OIDC_TOKEN", "--token-file", file.toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("give the token through --token-env (env AWS_OIDC_TOKEN_VARIABLE) or --token-file (env AWS_OIDC_TOKEN_FILE), not both"), result.toString());
        Leaks.assertNoToken(token, result.all());
    }

    @Test
    void unreadableTokenFileIsBadUsage() {
        Path missing = dir.resolve("no-such-token");
        Run result = run(Map.of(), "--token-file", missing.toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("cannot read --token-file (env AWS_OIDC_TOKEN_FILE) " + missing + ": no such file"), result.toString());
    }

    @Test
    void badNumbersAndFormatAreBadUsageNamingOptionAndVariable() {
        String token = issuer.mint();
        Run skew = inspect(token, "--clock-skew", "soon");
        assertEquals(2, skew.exitCode());
        assertTrue(skew.stderr().contains("--clock-skew (env AWS_OIDC_CLOCK_SKEW) is 'soon'. Fix: give whole seconds from 0 to 3600"), skew.toString());
        Run timeout = inspect(token, "--timeout", "0");
        assertEquals(2, timeout.exitCode());
        assertTrue(timeout.stderr().contains("--timeout (env AWS_OIDC_HTTP_TIMEOUT) is '0'"), timeout.toString());
        Run format = inspect(token, "--format", "yaml");
        assertEquals(2, format.exitCode());
        assertTrue(format.stderr().contains("--format (env AWS_OIDC_INSPECT_FORMAT) is 'yaml'. Fix: use text or json"), format.toString());
    }

    @Test
    void aTokenPastedOnTheCommandLineIsRefusedWithoutEchoingIt() {
        String token = issuer.mint();
        Run result = run(Map.of(), "--token", token);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("A token is never taken from the command line"), result.toString());
        Leaks.assertNoToken(token, result.all());
        Run positional = run(Map.of(), token);
        assertEquals(2, positional.exitCode(), positional.toString());
        Leaks.assertNoToken(token, positional.all());
    }
}
