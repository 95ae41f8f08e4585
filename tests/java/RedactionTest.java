import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import testkit.AgainstFaultSts;
import testkit.FaultSts.Step;
import testkit.Proc;

/**
 * What STS and the boxes in front of it echo back reaches the output only through the Redactor:
 * the ID token is masked, the rest of the message is still shown. Each answer here carries the
 * exact token of the run, as STS's validation messages and proxies' error pages do.
 */
class RedactionTest extends AgainstFaultSts {

    private void assertTokenHidden(Proc.Result result) {
        String signature = job.token.substring(job.token.lastIndexOf('.') + 1);
        assertFalse(result.all().contains(job.token), "the token was printed:\n" + result);
        assertFalse(result.all().contains(signature), "the token's signature was printed:\n" + result);
    }

    @Test
    void anStsErrorMessageQuotingTheTokenIsShownWithTheTokenMasked() {
        sts.script(Step.error("ValidationError", "1 validation error detected: Value '" + job.token
                + "' at 'webIdentityToken' failed to satisfy constraint: Member must satisfy regular expression pattern"));
        Proc.Result result = job.run("--max-attempts", "1");
        assertEquals(1, result.exitCode(), result::toString);
        assertTokenHidden(result);
        assertTrue(result.stderr().contains("ValidationError"), result::toString);
        assertTrue(result.stderr().contains("1 validation error detected: Value '****' at 'webIdentityToken' failed to satisfy constraint"),
                result::toString);
    }

    @Test
    void anAccessDeniedMessageEchoingTheRequestIsShownWithTheTokenMasked() {
        sts.script(Step.error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity with WebIdentityToken="
                + job.token + "&RoleArn=" + testkit.AssumeRoleRun.ROLE));
        Proc.Result result = job.run("--max-attempts", "1");
        assertEquals(1, result.exitCode(), result::toString);
        assertTokenHidden(result);
        assertTrue(result.stderr().contains("Not authorized to perform sts:AssumeRoleWithWebIdentity with WebIdentityToken=****&RoleArn="),
                result::toString);
    }

    @Test
    void aProxyErrorPageEchoingTheRequestIsExcerptedWithTheTokenMasked() {
        sts.script(Step.raw(403, "text/html", "<html><head><title>Request denied</title></head><body><h1>Access denied by policy</h1>"
                + "<p>Your request POST / body Action=AssumeRoleWithWebIdentity&amp;WebIdentityToken=" + job.token
                + " was blocked by rule 42.</p></body></html>"));
        Proc.Result result = job.run("--max-attempts", "1");
        assertEquals(1, result.exitCode(), result::toString);
        assertTokenHidden(result);
        assertTrue(result.stderr().contains("Access denied by policy"), result::toString);
        assertTrue(result.stderr().contains("WebIdentityToken=**** was blocked by rule 42."), result::toString);
    }
}
