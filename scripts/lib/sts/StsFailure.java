package lib.sts;

/** The exchange failed for good; the message is already explained for a person. */
public final class StsFailure extends RuntimeException {
    private final int attempts;

    public StsFailure(String message, int attempts) {
        super(message, null, false, false);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
