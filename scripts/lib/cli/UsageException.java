package lib.cli;

/** Bad usage or input: the command prints the message and exits 2 before any network call. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
