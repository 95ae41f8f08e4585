package lib.token;

/** The token could not be obtained from where the user pointed (bad usage: exit 2). Never carries the token. */
public final class TokenSourceException extends Exception {
    public TokenSourceException(String message) {
        super(message, null, false, false);
    }
}
