import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import testkit.AgainstFaultSts;
import testkit.FaultSts.Step;
import testkit.FileSnapshot;
import testkit.Proc;
import testkit.Tools;
import testkit.Leaks;

/**
 * The exchange against scripted STS faults: what is retried, how often, within which time, and
 * what a person reads when it fails. Writes the retry table to target/assume-role-faults.md.
 */
class AssumeRoleFaultsTest extends AgainstFaultSts {
    static final String JWKS_FETCH = "Couldn't retrieve verification key from your identity provider,"
            + "  please reference AssumeRoleWithWebIdentity documentation for requirements";
    /** JVM start, class loading and scheduling on a busy 2-core machine: generous, as a behaviour bound. */
    static final long SLACK_MILLIS = 20_000;
    static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());


    int exchanges() {
        return sts.requests("AssumeRoleWithWebIdentity").size();
    }

    void record(String fault, String outcome, Proc.Result result) {
        TABLE.add("| " + fault + " | " + outcome + " | " + exchanges() + " | " + result.exitCode() + " | " + result.millis() + " |");
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(
                Arguments.of("Throttling (400)", Step.throttling()),
                Arguments.of("HTTP 500 InternalFailure", Step.status(500)),
                Arguments.of("HTTP 503 ServiceUnavailable", Step.status(503)),
                Arguments.of("HTTP 502 HTML page (load balancer)", Step.status(502)),
                Arguments.of("IDPCommunicationError", Step.error("IDPCommunicationError")),
                Arguments.of("InvalidIdentityToken: verification key", Step.error("InvalidIdentityToken", JWKS_FETCH)),
                Arguments.of("connection dropped", Step.drop()),
                Arguments.of("connection reset", Step.reset()),
                Arguments.of("malformed XML (200)", Step.malformed()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void retriesATransientFaultThenSucceeds(String fault, Step step) {
        sts.script(step.times(3), Step.success());
        Proc.Result result = job.run("--profile", "ci");
        record(fault + " x3, then success", "written", result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(4, exchanges(), result::toString);
        assertTrue(result.stderr().contains("attempt 3 of 5 failed"), result::toString);
        assertTrue(job.files.read(job.files.credentials).contains(sts.identity().accessKeyId()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void givesUpOnATransientFaultAfterMaxAttemptsWithinTheBudget(String fault, Step step) {
        sts.script(step.forever());
        Proc.Result result = job.run("--profile", "ci");
        record(fault + " forever", "gave up", result);
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(5, exchanges(), result::toString);
        assertTrue(result.stderr().contains("after 5 attempts"), result::toString);
        assertTrue(result.millis() < 60_000 + SLACK_MILLIS, "took " + result.millis() + " ms");
        assertFalse(Files.exists(job.files.dir), "nothing may be written");
    }

    @Test
    void honoursMaxAttempts() {
        sts.script(Step.status(503).forever());
        Proc.Result result = job.run("--max-attempts", "2");
        record("HTTP 503 forever, --max-attempts 2", "gave up", result);
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(2, exchanges(), result::toString);
    }

    @Test
    void treatsAnAnswerSlowerThanTheAttemptTimeoutAsTransient() {
        sts.script(Step.delay(Duration.ofSeconds(3)).then(Step.success()).times(2), Step.success());
        Proc.Result result = job.run("--attempt-timeout-seconds", "1");
        record("answer after 3 s (attempt timeout 1 s) x2, then success", "written", result);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(3, exchanges(), result::toString);
        assertTrue(result.stderr().contains("attempt 1 of 5 failed (an attempt timed out)"), result::toString);
    }

    @Test
    void stopsWhenTheTotalBudgetIsSpent() {
        sts.script(Step.delay(Duration.ofSeconds(5)).then(Step.status(503)).forever());
        Proc.Result result = job.run("--attempt-timeout-seconds", "1", "--max-total-seconds", "3", "--max-attempts", "20");
        record("answer after 5 s forever (attempt timeout 1 s, budget 3 s, 20 attempts)", "gave up", result);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(exchanges() >= 1 && exchanges() <= 4, exchanges() + " attempts\n" + result);
        assertTrue(result.stderr().contains("--max-total-seconds"), result::toString);
        assertTrue(result.millis() < 3_000 + SLACK_MILLIS, "took " + result.millis() + " ms");
    }

    @Test
    void retriesARefusedConnection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Proc.Result result = job.run("--sts-endpoint", "http://127.0.0.1:" + closedPort);
        TABLE.add("| connection refused | gave up | (5 attempts, no server) | " + result.exitCode() + " | " + result.millis() + " |");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("connection refused"), result::toString);
        assertTrue(result.stderr().contains("after 5 attempts"), result::toString);
        assertTrue(result.stderr().contains("attempt 4 of 5 failed (connection refused)"), result::toString);
        assertTrue(result.stderr().contains("Check the endpoint"), result::toString);
    }

    static Stream<Arguments> permanentErrors() {
        return Stream.of(
                Arguments.of("AccessDenied", null, "trust policy"),
                Arguments.of("InvalidIdentityToken", "Incorrect token audience", "does not list the audience \"sts.amazonaws.com\""),
                Arguments.of("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://gitlab.example.com",
                        "has no IAM OIDC identity provider for https://gitlab.example.com"),
                Arguments.of("InvalidIdentityToken", "The signature of the token is invalid", "IAM provider URL is exactly"),
                Arguments.of("ExpiredTokenException", null, "Run the exchange early in the job"),
                Arguments.of("IDPRejectedClaim", null, "check the IAM OIDC provider's configuration"),
                Arguments.of("MalformedPolicyDocument", null, "The session policy of --session-policy (env AWS_OIDC_SESSION_POLICY) is not a valid IAM policy"),
                Arguments.of("PackedPolicyTooLarge", null, "Shorten the inline policy or pass fewer policy ARNs"),
                Arguments.of("ValidationError", null, "check --duration-seconds (env AWS_OIDC_DURATION_SECONDS)"),
                Arguments.of("RegionDisabledException", null, "Activate the region"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("permanentErrors")
    void failsAtOnceWithCodeRequestIdAndWhatToCheck(String code, String message, String advice) {
        FileSnapshot before = FileSnapshot.of(temp);
        sts.script(message == null ? Step.error(code) : Step.error(code, message));
        Proc.Result result = job.run();
        record(code + (message == null ? "" : ": " + message), "failed at once", result);
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, exchanges(), result::toString);
        String requestId = sts.requests().get(0).requestId();
        String err = result.stderr();
        assertTrue(err.contains(code + " (HTTP "), err);
        assertTrue(err.contains("request id " + requestId), err);
        assertTrue(err.contains("after 1 attempt"), err);
        assertTrue(err.contains(advice), err);
        assertFalse(err.contains("retrying"), err);
        before.assertUnchanged();
    }

    @Test
    void accessDeniedShowsTheTokensNonSecretClaimsAndTheUsualCauses() {
        sts.script(Step.error("AccessDenied"));
        Proc.Result result = job.run();
        String err = result.stderr();
        assertEquals(1, result.exitCode(), result::toString);
        for (String line : List.of(
                "iss            https://gitlab.example.com",
                "aud            sts.amazonaws.com",
                "sub            project_path:acme/webshop:ref_type:branch:ref:main",
                "project_path   acme/webshop",
                "ref            main",
                "ref_type       branch",
                "ref_protected  true",
                "environment    production")) {
            assertTrue(err.contains(line), "missing claim line '" + line + "'\n" + err);
        }
        assertTrue(err.contains("Usual causes"), err);
        assertTrue(err.contains("gitlab.example.com:sub condition"), err);
        assertTrue(err.contains("StringLike"), err);
        assertTrue(err.contains("arn:aws:iam::123456789012:oidc-provider/gitlab.example.com"), err);
        Leaks.assertNoToken(job.token, result.stdout(), result.stderr());
        assertFalse(err.contains("jdoe@example.com"), "only the telling claims are shown");
    }

    @Test
    void makesOneAttemptAndNoRetryWhenMaxAttemptsIsOne() {
        sts.script(Step.throttling().forever());
        Proc.Result result = job.run("--max-attempts", "1");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, exchanges());
        assertTrue(result.stderr().contains("Throttling"), result::toString);
        assertTrue(result.stderr().contains("--max-attempts"), result::toString);
    }

    @AfterAll
    static void writeTable() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "| fault | outcome | AssumeRoleWithWebIdentity requests | exit | wall time incl. JVM start (ms) |",
                "|---|---|---|---|---|"));
        lines.addAll(TABLE);
        Path out = Tools.ROOT.resolve("target/assume-role-faults.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }
}
