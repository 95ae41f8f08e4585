package lib.token;

/**
 * The token is not a decodable JWT. The message only ever describes the shape of the token
 * (which part, what kind of problem), never its text, and no parser exception is attached as
 * a cause, because parser messages quote the input.
 */
public final class MalformedTokenException extends Exception {
    public MalformedTokenException(String message) {
        super(message, null, false, false);
    }
}
