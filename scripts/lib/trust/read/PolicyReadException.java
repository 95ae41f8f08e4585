package lib.trust.read;

/**
 * A file that cannot be read as a trust policy source (not JSON, YAML or HCL; too deep; a broken
 * escape). Lint reports it, goes on with the other files and exits 3; the message carries at most a
 * short redacted excerpt of the input ({@link Excerpt}).
 */
public class PolicyReadException extends RuntimeException {
    public PolicyReadException(String message) {
        super(message, null, false, false);
    }
}
