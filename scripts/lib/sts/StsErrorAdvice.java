package lib.sts;

import static lib.exchange.ExchangeInput.*;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import lib.cli.Redactor;
import lib.exchange.ExchangeSettings;
import lib.http.TlsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/** Turns an STS failure into what happened, where (code, request id), and what to check. */
public final class StsErrorAdvice {
    /** Claims that say which trust-policy condition a token meets; none of them is secret. */
    public static final List<String> TELLING_CLAIMS =
            List.of("iss", "aud", "sub", "project_path", "ref", "ref_type", "ref_protected", "environment");

    private StsErrorAdvice() {}

    public static String shortReason(Throwable failure) {
        if (failure instanceof AwsServiceException service && hasErrorCode(service)) {
            return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode();
        }
        if (failure instanceof AwsServiceException service) return "HTTP " + service.statusCode() + " without an STS error";
        return transportReason(failure);
    }

    public static String explain(Throwable failure, ExchangeSettings settings, int attempts) {
        String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
        if (failure instanceof AwsServiceException service && !hasErrorCode(service)) {
            String excerpt = AnswerExcerpt.of(service);
            return "STS at " + endpointName(settings) + " answered HTTP " + service.statusCode() + " without an STS error"
                    + " (request id " + service.requestId() + ", after " + tries + "): something between the runner and STS"
                    + " (proxy, load balancer, VPC endpoint) answered instead" + (excerpt.isEmpty() ? "" : ", saying: " + excerpt)
                    + ". Check the endpoint (sts_endpoint, AWS_ENDPOINT_URL_STS),"
                    + " the proxy settings (HTTPS_PROXY, NO_PROXY) and that the region " + settings.region() + " is right";
        }
        if (TlsFailures.isUntrustedCertificate(failure)) {
            return "STS at " + endpointName(settings) + " refused after " + tries + ": "
                    + TlsFailures.untrusted(settings.stsEndpoint() == null ? "the regional STS endpoint" : settings.stsEndpoint().getAuthority(),
                            settings.caBundle());
        }
        String proxyRefusal = proxyRefusal(failure);
        if (proxyRefusal != null) {
            java.net.URI target = settings.stsEndpoint() != null ? settings.stsEndpoint()
                    : java.net.URI.create("https://sts." + settings.region() + ".amazonaws.com");
            Object proxy = settings.network().proxies().forUri(target);
            return "the proxy " + (proxy == null ? "" : proxy + " ") + "refused to carry the request to STS at " + endpointName(settings)
                    + " (" + proxyRefusal + ", after " + tries + ")" + (proxyRefusal.contains("407")
                    ? ": it wants credentials. Put them in the proxy URL, as user:password@host:port after http:// (percent-encode / ? # % in them)"
                    : ": check that the proxy allows it, and NO_PROXY for hosts that must be reached directly");
        }
        if (!(failure instanceof AwsServiceException service)) {
            return "STS at " + endpointName(settings) + " could not be reached or answered nonsense after " + tries + ": "
                    + transportReason(failure) + ". Check the endpoint (sts_endpoint, AWS_ENDPOINT_URL_STS), the network "
                    + "path from the runner (proxy, firewall, VPC endpoint), and that the region " + settings.region() + " is right";
        }
        String code = service.awsErrorDetails().errorCode();
        String message = String.valueOf(service.awsErrorDetails().errorMessage());
        StringBuilder text = new StringBuilder()
                .append("STS refused AssumeRoleWithWebIdentity for ").append(settings.roleArn())
                .append(": ").append(code).append(" (HTTP ").append(service.statusCode())
                .append(", request id ").append(service.requestId()).append(", after ").append(tries).append("): ")
                .append(Redactor.clean(message)).append('\n');
        text.append(hint(code, message, settings));
        return text.toString().stripTrailing();
    }

    private static boolean hasErrorCode(AwsServiceException service) {
        return service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null;
    }

    private static String hint(String code, String message, ExchangeSettings settings) {
        String lower = message.toLowerCase(Locale.ROOT);
        String issuer = settings.claims().string("iss").orElse("(no iss claim)");
        String host = issuer.replaceFirst("^https?://", "");
        return switch (code) {
            case "AccessDenied" -> "The role's trust policy does not allow this token. The token says:\n"
                    + claimTable(settings)
                    + "Usual causes:\n"
                    + "  - the trust policy's " + host + ":sub condition does not match the sub above (another project path, branch or tag, or a customised sub format);\n"
                    + "  - the policy requires ref_protected or a protected environment and this ref is not protected;\n"
                    + "  - a wildcard (*) inside StringEquals: it never matches; use StringLike for patterns;\n"
                    + "  - " + host + ":aud in the policy differs from the token's aud (" + settings.audience() + ");\n"
                    + "  - the Principal names another identity provider than arn:aws:iam::" + settings.accountId() + ":oidc-provider/" + host + ".\n"
                    + "Check with: trust-policy explain --policy trust.json --token-env <variable>";
            case "InvalidIdentityToken" -> {
                if (lower.contains("audience")) {
                    yield "The IAM OIDC provider for " + issuer + " does not list the audience \"" + settings.audience()
                            + "\" as a client id. Add it (IAM > Identity providers > " + host + " > Audiences) or set " + AUDIENCE.describe() + " to a listed one.";
                }
                if (lower.contains("no openidconnect provider")) {
                    yield "Account " + settings.accountId() + " has no IAM OIDC identity provider for " + issuer
                            + ". Create it with provider URL " + issuer + " and audience " + settings.audience() + " (setup-aws does this).";
                }
                if (lower.contains("retrieve verification key")) {
                    yield "STS could not fetch the signing keys of " + issuer + " (its /.well-known/openid-configuration and jwks_uri "
                            + "must be reachable from the internet). Self-managed GitLab behind a firewall needs a public issuer.";
                }
                yield "STS did not accept the token. Check that the IAM provider URL is exactly " + issuer + " and that the token comes from id_tokens.";
            }
            case "IDPCommunicationError" -> "STS could not talk to " + issuer + ". It must be reachable from the internet over HTTPS.";
            case "IDPRejectedClaim" -> "The identity provider rejected a claim; check the IAM OIDC provider's configuration for " + issuer + ".";
            case "ExpiredTokenException", "ExpiredToken" -> "The ID token expired before STS saw it. Run the exchange early in the job, or raise the job's timeout (the token lives as long as the job's timeout).";
            case "MalformedPolicyDocument" -> "The session policy of " + SESSION_POLICY.describe() + " is not a valid IAM policy. Validate it in the IAM policy editor.";
            case "PackedPolicyTooLarge" -> "The session policies of " + SESSION_POLICY.describe() + " and " + POLICY_ARNS.describe()
                    + " are too large once packed. Shorten the inline policy or pass fewer policy ARNs.";
            case "ValidationError" -> "STS rejected a parameter: check " + DURATION.describe() + " (at most the role's MaxSessionDuration), "
                    + SESSION_NAME.describe() + " and " + ROLE_ARN.describe() + ".";
            case "RegionDisabledException" -> "STS is not activated in " + settings.region() + " for account " + settings.accountId()
                    + ". Activate the region (IAM > Account settings > STS endpoints) or use another region (" + REGION.describe() + ").";
            case "Throttling", "ThrottlingException", "RequestLimitExceeded" -> "STS kept throttling. Raise " + MAX_TOTAL_SECONDS.describe() + " or " + MAX_ATTEMPTS.describe()
                    + ", or stagger jobs that start at once.";
            default -> "See the STS error code above in the AssumeRoleWithWebIdentity documentation.";
        };
    }

    private static String claimTable(ExchangeSettings settings) {
        StringBuilder table = new StringBuilder();
        for (String claim : TELLING_CLAIMS) {
            String value = "aud".equals(claim) ? String.join(", ", settings.claims().audiences())
                    : settings.claims().string(claim).orElse("(absent)");
            table.append(String.format("  %-14s %s%n", claim, value));
        }
        return table.toString();
    }

    /** The proxy's answer when a proxy refused to open a tunnel ("HTTP/1.1 407 Proxy Authentication Required"), else null. */
    static String proxyRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            int at = message.indexOf("Unable to tunnel through proxy. Proxy returns \"");
            if (at < 0) continue;
            int end = message.indexOf('"', at + 47);
            return Redactor.clean(message.substring(at + 47, end < 0 ? message.length() : end).strip());
        }
        return null;
    }

    private static String transportReason(Throwable failure) {
        if (TlsFailures.isUntrustedCertificate(failure)) return "TLS certificate not trusted";
        String proxyRefusal = proxyRefusal(failure);
        if (proxyRefusal != null) return "proxy answered " + proxyRefusal;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallAttemptTimeoutException) return "an attempt timed out";
            if (cause instanceof ApiCallTimeoutException) return "the call timed out";
            if (cause instanceof ConnectException) return "connection refused";
            if (cause instanceof SocketTimeoutException) return "timed out waiting for an answer";
            if (cause instanceof UnknownHostException) return "unknown host";
            if (cause instanceof SSLException) return "TLS failed";
            if (cause instanceof java.net.SocketException) return "connection dropped";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        message = Redactor.clean(message);
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private static String endpointName(ExchangeSettings settings) {
        return settings.stsEndpoint() != null ? settings.stsEndpoint().toString() : "the regional endpoint of " + settings.region();
    }
}
