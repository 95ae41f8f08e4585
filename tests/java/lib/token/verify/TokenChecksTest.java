package lib.token.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lib.token.CheckResult;
import lib.token.ClaimCheck;
import org.junit.jupiter.api.Test;
import testkit.TestIssuer;

class TokenChecksTest {
    private static final TokenChecks.Settings SETTINGS = new TokenChecks.Settings("sts.amazonaws.com", "the expected audience", Duration.ofSeconds(60));

    @Test
    void contributedClaimChecksRunAfterTheBuiltInOnesAndCount() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            ClaimCheck refuseMain = claims -> claims.string("ref").filter("main"::equals).isPresent()
                    ? CheckResult.fail("trust-policy", "ref main is not allowed")
                    : CheckResult.pass("trust-policy", "allowed");
            Inspection inspection = new TokenChecks(new IssuerDiscovery(Duration.ofSeconds(5)), SETTINGS, List.of(refuseMain))
                    .inspect(issuer.mint(), Instant.now());
            List<String> names = inspection.checks().stream().map(CheckResult::name).toList();
            assertEquals(TokenChecks.ALL.size() + 1, names.size());
            assertEquals("trust-policy", names.get(names.size() - 1));
            assertEquals(1, inspection.failures());
            assertFalse(inspection.passed());
        }
    }

    @Test
    void checksTimesAgainstTheGivenInstant() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            String token = issuer.mint();
            TokenChecks checks = new TokenChecks(new IssuerDiscovery(Duration.ofSeconds(5)), SETTINGS, List.of());
            Inspection later = checks.inspect(token, Instant.now().plusSeconds(3600));
            CheckResult exp = later.checks().stream().filter(c -> c.name().equals(TokenChecks.EXPIRY)).findFirst().orElseThrow();
            assertEquals(CheckResult.Status.FAIL, exp.status());
            assertTrue(exp.reason().startsWith("expired 55m"), exp.reason());
        }
    }
}
