package testkit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The STS error codes FaultSts can answer, with the HTTP status and fault type the real service
 * uses. Statuses match the STS service model (as compiled into the AWS SDK for Java v2 2.57.8);
 * Throttling, AccessDenied, InternalFailure and ServiceUnavailable are the protocol's common errors.
 * Messages for AccessDenied, InvalidIdentityToken, ExpiredTokenException, ValidationError,
 * RegionDisabledException and Throttling follow the real service's wording as public reports show
 * it; those for IDPCommunicationError, IDPRejectedClaim, MalformedPolicyDocument,
 * PackedPolicyTooLarge, InternalFailure and ServiceUnavailable are stand-ins. A test that depends
 * on exact text passes it with Step.error(code, message).
 */
final class StsErrors {
    record Known(int status, String type, String message) {}

    private static final Map<String, Known> KNOWN = new LinkedHashMap<>();

    static {
        sender("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        sender("InvalidIdentityToken", 400, "Couldn't retrieve verification key from your identity provider,"
                + "  please reference AssumeRoleWithWebIdentity documentation for requirements");
        sender("IDPCommunicationError", 400, "Couldn't connect to your identity provider, please try again later");
        sender("IDPRejectedClaim", 403, "The identity provider rejected the claims in the web identity token");
        sender("ExpiredTokenException", 400, null); // computed: it carries the current time
        sender("MalformedPolicyDocument", 400, "Syntax errors in policy.");
        sender("PackedPolicyTooLarge", 400, "Packed policy consumes 112% of allotted space, please use smaller policy.");
        sender("ValidationError", 400, "1 validation error detected: Value '43201' at 'durationSeconds' failed to"
                + " satisfy constraint: Member must have value less than or equal to 43200");
        sender("RegionDisabledException", 403, "STS is not activated in this region for account:123456789012."
                + " Your account administrator can activate STS in this region using the IAM Console.");
        sender("Throttling", 400, "Rate exceeded");
        KNOWN.put("InternalFailure", new Known(500, "Receiver", "An internal error has occurred"));
        KNOWN.put("ServiceUnavailable", new Known(503, "Receiver", "Service is unavailable, please try again later"));
    }

    private StsErrors() {}

    private static void sender(String code, int status, String message) {
        KNOWN.put(code, new Known(status, "Sender", message));
    }

    static Known lookup(String code) {
        Known known = KNOWN.get(code);
        if (known == null) {
            throw new IllegalArgumentException("FaultSts knows no error code " + code + "; known: " + KNOWN.keySet()
                    + ". For another code use Step.error(status, type, code, message).");
        }
        return known;
    }

    /** The code the real service answers with for a bare HTTP status, or null when it sends no XML. */
    static String codeForStatus(int status) {
        return switch (status) {
            case 500 -> "InternalFailure";
            case 503 -> "ServiceUnavailable";
            default -> null;
        };
    }

    static String defaultMessage(String code, Instant now) {
        if (code.equals("ExpiredTokenException")) {
            long current = now.getEpochSecond();
            return "Token expired: current date/time " + current + " must be before the expiration date/time "
                    + (current - 120);
        }
        return lookup(code).message();
    }
}
