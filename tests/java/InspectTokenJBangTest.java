import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;
import testkit.Leaks;

/** The script as users run it: through JBang, with its //DEPS and //SOURCES. */
class InspectTokenJBangTest {

    @Test
    void verifiesAValidTokenFromTheEnvironmentThroughJbang() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            issuer.rotate();
            String token = issuer.mint();
            Proc.Result result = Proc.of(Tools.jbang(), "scripts/InspectToken.java")
                    .dir(Tools.ROOT)
                    .env("AWS_OIDC_TOKEN_VARIABLE", "GITLAB_OIDC_TOKEN")
                    .env("GITLAB_OIDC_TOKEN", token)
                    .run();
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("Token from environment variable GITLAB_OIDC_TOKEN"), result.toString());
            assertTrue(result.stdout().contains("Result: PASS (12 of 12 checks passed)"), result.toString());
            Leaks.assertNoToken(token, result.all());
        }
    }

    @Test
    void refusesAnExpiredTokenAndAMissingSourceThroughJbang() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            long now = java.time.Instant.now().getEpochSecond();
            String token = issuer.mint(Map.of("iat", now - 900, "nbf", now - 905, "exp", now - 600));
            Proc.Result expired = Proc.of(Tools.jbang(), "scripts/InspectToken.java", "--format", "json")
                    .dir(Tools.ROOT).env("AWS_OIDC_TOKEN", token).run();
            assertEquals(1, expired.exitCode(), expired.toString());
            assertTrue(expired.stdout().contains("\"result\" : \"FAIL\""), expired.toString());
            assertTrue(expired.stdout().contains("expired 10m"), expired.toString());
            Leaks.assertNoToken(token, expired.all());

            Proc.Result missing = Proc.of(Tools.jbang(), "scripts/InspectToken.java").dir(Tools.ROOT).run();
            assertEquals(2, missing.exitCode(), missing.toString());
            assertTrue(missing.stderr().contains("no token: the environment variable AWS_OIDC_TOKEN is not set"), missing.toString());
        }
    }

}
