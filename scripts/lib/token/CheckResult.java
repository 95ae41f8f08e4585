package lib.token;

/** The outcome of one check on a token, with a reason a person can act on (never the token). */
public record CheckResult(String name, Status status, String reason) {
    public enum Status { PASS, FAIL, SKIP }

    public static CheckResult pass(String name, String reason) {
        return new CheckResult(name, Status.PASS, reason);
    }

    public static CheckResult fail(String name, String reason) {
        return new CheckResult(name, Status.FAIL, reason);
    }

    public static CheckResult skip(String name, String reason) {
        return new CheckResult(name, Status.SKIP, reason);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
