package lib.sts;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;
import lib.http.TlsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which STS failures are worth another attempt, and how long to wait: exponential backoff with
 * full jitter (a random wait between zero and base * 2^attempt, capped), so that 200 jobs
 * throttled together do not come back together.
 */
public final class RetryPolicy {
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
            "IDPCommunicationError", "ServiceUnavailable", "InternalFailure", "InternalError");
    private static final Duration BASE = Duration.ofMillis(200);
    private static final Duration CAP = Duration.ofSeconds(5);

    private final DoubleSupplier random;

    public RetryPolicy(DoubleSupplier random) {
        this.random = random;
    }

    public static boolean isTransient(Throwable failure) {
        if (failure instanceof ApiCallTimeoutException) return false;
        if (failure instanceof AwsServiceException service) {
            // A proxy's HTML error page has no STS error code: null here.
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                    ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorMessage());
            if (TRANSIENT_CODES.contains(code) || service.statusCode() >= 500) return true;
            return "InvalidIdentityToken".equals(code)
                    && message.toLowerCase(Locale.ROOT).contains("retrieve verification key");
        }
        // A certificate nobody vouches for, or a proxy that wants credentials, stays so on the next attempt.
        if (TlsFailures.isUntrustedCertificate(failure)) return false;
        String refusal = StsErrorAdvice.proxyRefusal(failure);
        if (refusal != null && refusal.contains(" 407")) return false;
        return failure instanceof SdkClientException;
    }

    /** The wait before attempt number {@code attempt + 1} (attempts count from 1). */
    public Duration backoff(int attempt) {
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }
}
