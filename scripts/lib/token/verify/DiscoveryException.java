package lib.token.verify;

/** The issuer's discovery document or key set could not be had; the message says why and where. */
public final class DiscoveryException extends Exception {
    public DiscoveryException(String message) {
        super(message, null, false, false);
    }
}
