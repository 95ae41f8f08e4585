package lib.trust;

/** Bad usage or unreadable input: the command reports the message and exits 2. */
public class TrustPolicyInputException extends RuntimeException {
    public TrustPolicyInputException(String message) {
        super(message);
    }

    public TrustPolicyInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
