package lib.sts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import lib.cli.Redactor;
import lib.exchange.ExchangeSettings;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/** AssumeRoleWithWebIdentity with bounded retries; failures come back explained. */
public final class WebIdentityExchange {
    private final StsClient sts;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Consumer<String> progress;
    private final Clock clock;

    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public WebIdentityExchange(StsClient sts, RetryPolicy retry, Sleeper sleeper, Consumer<String> progress) {
        this(sts, retry, sleeper, progress, Clock.systemUTC());
    }

    /** With the clock that measures the retry budget (a test's clock advances with its sleeper). */
    public WebIdentityExchange(StsClient sts, RetryPolicy retry, Sleeper sleeper, Consumer<String> progress, Clock clock) {
        this.clock = clock;
        this.sts = sts;
        this.retry = retry;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    public SessionCredentials exchange(ExchangeSettings settings) {
        Instant deadline = clock.instant().plus(settings.maxTotalTime());
        for (int attempt = 1; ; attempt++) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            try {
                return call(settings, remaining);
            } catch (SdkException failure) {
                boolean again = RetryPolicy.isTransient(failure) && attempt < settings.maxAttempts();
                Duration wait = retry.backoff(attempt);
                if (again && Duration.between(clock.instant(), deadline).compareTo(wait.plusMillis(100)) > 0) {
                    progress.accept("attempt " + attempt + " of " + settings.maxAttempts() + " failed ("
                            + StsErrorAdvice.shortReason(failure) + "); retrying in " + wait.toMillis() + " ms");
                    pause(wait);
                    continue;
                }
                // A call cut short by the overall deadline (ApiCallTimeoutException) also means the budget is spent.
                boolean budgetSpent = again || failure instanceof ApiCallTimeoutException;
                String budget = budgetSpent ? " (stopped: the " + settings.maxTotalTime().toSeconds()
                        + " s retry budget, --max-total-seconds, is spent)" : "";
                throw new StsFailure(StsErrorAdvice.explain(failure, settings, attempt) + budget, attempt);
            }
        }
    }

    private SessionCredentials call(ExchangeSettings settings, Duration remaining) {
        if (remaining.isNegative() || remaining.isZero()) remaining = Duration.ofMillis(1);
        Duration callTimeout = remaining;
        AssumeRoleWithWebIdentityRequest.Builder request = AssumeRoleWithWebIdentityRequest.builder()
                .roleArn(settings.roleArn())
                .roleSessionName(settings.sessionName())
                .webIdentityToken(settings.token().value())
                .durationSeconds(settings.durationSeconds())
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout));
        if (settings.sessionPolicy() != null) request.policy(settings.sessionPolicy());
        if (!settings.policyArns().isEmpty()) {
            request.policyArns(settings.policyArns().stream()
                    .map(arn -> PolicyDescriptorType.builder().arn(arn).build()).toList());
        }
        AssumeRoleWithWebIdentityResponse response = sts.assumeRoleWithWebIdentity(request.build());
        Credentials credentials = response.credentials();
        Redactor.register(credentials.secretAccessKey());
        Redactor.register(credentials.sessionToken());
        return new SessionCredentials(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration(),
                response.assumedRoleUser() == null ? settings.roleArn() : response.assumedRoleUser().arn(),
                response.subjectFromWebIdentityToken());
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StsFailure("interrupted while waiting to retry", 0);
        }
    }
}
