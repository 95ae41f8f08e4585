package lib.aws;

import lib.cli.RuntimeFailure;

/** An AWS call that failed, explained: which IAM/STS action, what AWS said, what to do. */
public final class AwsCallFailure extends RuntimeFailure {
    private final String action;
    private final String errorCode;

    public AwsCallFailure(String action, String errorCode, String message) {
        super(message);
        this.action = action;
        this.errorCode = errorCode;
    }

    public String action() {
        return action;
    }

    public String errorCode() {
        return errorCode;
    }
}
