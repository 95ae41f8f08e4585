package lib.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import lib.exchange.ExchangeSettings;
import lib.exchange.InputValidator;
import lib.exchange.RawInputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import testkit.FaultSts;
import testkit.FaultSts.Step;
import testkit.TestIssuer;

/**
 * The waits between attempts, exactly: exponential backoff (200 ms doubling), capped at 5 s, with
 * full jitter (the random draw times the ceiling), and the retry budget measured on the injected
 * clock. A real SDK client talks to FaultSts; the sleeper records and advances the clock.
 */
class RetryTimingTest {
    @TempDir Path temp;
    private final FaultSts sts = FaultSts.start();
    private final List<Long> sleeps = new ArrayList<>();
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @AfterEach
    void stop() {
        sts.close();
    }

    /** A clock that moves only when the exchange sleeps. */
    private final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void backoffDoublesFrom200MsAndIsCappedAt5Seconds() {
        RetryPolicy top = new RetryPolicy(() -> 1.0);
        List<Long> ceilings = new ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) ceilings.add(top.backoff(attempt).toMillis());
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L), ceilings);
        assertEquals(5000L, top.backoff(64).toMillis(), "a large attempt number stays at the cap");
    }

    @Test
    void fullJitterScalesTheCeilingByTheRandomDraw() {
        assertEquals(0L, new RetryPolicy(() -> 0.0).backoff(3).toMillis());
        assertEquals(200L, new RetryPolicy(() -> 0.25).backoff(3).toMillis());
        assertEquals(799L, new RetryPolicy(() -> 0.999).backoff(3).toMillis());
    }

    @Test
    void theExchangeSleepsExactlyTheJitteredBackoffBetweenAttempts() {
        sts.script(Step.throttling().forever());
        StsFailure failure = assertThrows(StsFailure.class, () -> exchange(sequence(0.5, 0.25, 1.0, 0.1, 0.0), "5", "60"));
        assertEquals(List.of(100L, 100L, 800L, 160L), sleeps);
        assertEquals(5, sts.requests("AssumeRoleWithWebIdentity").size());
        assertTrue(failure.getMessage().contains("Throttling"), failure.getMessage());
    }

    @Test
    void waitsNeverExceedTheCap() {
        sts.script(Step.throttling().forever());
        assertThrows(StsFailure.class, () -> exchange(() -> 1.0, "8", "900"));
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L), sleeps);
    }

    @Test
    void stopsWhenTheNextWaitWouldOutlastTheBudget() {
        sts.script(Step.throttling().forever());
        StsFailure failure = assertThrows(StsFailure.class, () -> exchange(() -> 1.0, "20", "1"));
        // 1000 ms budget: 200 (800 left), 400 (400 left); the next 800 ms wait (+100 ms) no longer fits.
        assertEquals(List.of(200L, 400L), sleeps);
        assertEquals(3, sts.requests("AssumeRoleWithWebIdentity").size());
        assertTrue(failure.getMessage().contains("retry budget"), failure.getMessage());
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        sts.script(Step.error("AccessDenied").forever());
        assertThrows(StsFailure.class, () -> exchange(() -> 0.5, "5", "60"));
        assertEquals(List.of(), sleeps);
        assertEquals(1, sts.requests("AssumeRoleWithWebIdentity").size());
    }

    private SessionCredentials exchange(DoubleSupplier random, String maxAttempts, String maxTotalSeconds) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_OIDC_TOKEN", new TestIssuer().mint(),
                "AWS_OIDC_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy",
                "AWS_REGION", "eu-west-1",
                "AWS_OIDC_MAX_ATTEMPTS", maxAttempts,
                "AWS_OIDC_MAX_TOTAL_SECONDS", maxTotalSeconds,
                "AWS_OIDC_STS_ENDPOINT", sts.endpoint(),
                "AWS_CONFIG_FILE", temp.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", temp.resolve("credentials").toString(),
                "CI_JOB_ID", "1"));
        ExchangeSettings settings = new InputValidator(env, Instant.now()).validate(RawInputs.fromEnvironment(env));
        try (StsClient client = StsClients.anonymous("eu-west-1", URI.create(sts.endpoint()), Duration.ofSeconds(10))) {
            return new WebIdentityExchange(client, new RetryPolicy(random), wait -> {
                sleeps.add(wait.toMillis());
                now = now.plus(wait);
            }, message -> {}, clock).exchange(settings);
        }
    }

    private static DoubleSupplier sequence(double... draws) {
        Iterator<Double> next = java.util.Arrays.stream(draws).boxed().iterator();
        return next::next;
    }
}
