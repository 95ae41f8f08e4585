package lib.aws;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs one AWS call under the name of the IAM action it needs (iam:CreateRole), so that a
 * refusal or fault says which permission or which step failed instead of a stack trace.
 */
public final class AwsCall {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken");

    private AwsCall() {}

    public static <T> T run(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw explain(action, e);
        } catch (SdkClientException e) {
            throw clientSide(action, e);
        }
    }

    /** The call's result, or empty when AWS says the entity does not exist (NoSuchEntity). */
    public static <T> Optional<T> ifExists(String action, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (AwsServiceException e) {
            if (isNotFound(e)) return Optional.empty();
            throw explain(action, e);
        } catch (SdkClientException e) {
            throw clientSide(action, e);
        }
    }

    /** No answer from AWS: no credentials found, endpoint unreachable, timeout. */
    static AwsCallFailure clientSide(String action, SdkClientException e) {
        return new AwsCallFailure(action, null, action + " could not be called: " + firstLine(e.getMessage())
                + ". Fix: check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, aws sso login) and the endpoint "
                + "(--endpoint-url, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL).");
    }

    static boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "NoSuchEntity".equals(code) || "NoSuchEntityException".equals(code) || e.statusCode() == 404 && code == null;
    }

    static AwsCallFailure explain(String action, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String said = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? "the answer carried no error message" : firstLine(e.awsErrorDetails().errorMessage());
        String request = e.requestId() == null ? "" : " (request id " + e.requestId() + ")";
        if (code != null && DENIED.contains(code)) {
            String fix = code.startsWith("Access") || code.equals("UnauthorizedOperation")
                    ? "Fix: run with credentials whose policy allows " + action + " (an administrator role, or add "
                            + action + " to your policy)."
                    : "Fix: the credentials are not valid for this account: refresh them (aws sso login, new keys) or pick "
                            + "another profile (AWS_PROFILE).";
            return new AwsCallFailure(action, code, action + " was refused (" + code + "): " + said + request + ". " + fix);
        }
        String what = code != null ? code : "HTTP " + e.statusCode();
        String hint = e.statusCode() >= 500
                ? " The service failed on its side (after the SDK's retries)."
                : "";
        return new AwsCallFailure(action, code, action + " failed (" + what + "): " + said + request + "." + hint);
    }

    private static String firstLine(String text) {
        if (text == null) return "no message";
        String line = text.lines().findFirst().orElse("").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
