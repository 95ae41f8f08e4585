package lib.cli;

/** A failure at run time that has been explained to the user: the command exits 1. */
public class RuntimeFailure extends RuntimeException {
    public RuntimeFailure(String message) {
        super(message, null, false, false);
    }
}
