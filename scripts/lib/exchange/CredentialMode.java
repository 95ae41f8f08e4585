package lib.exchange;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the written profile delivers credentials to the tools in the job. */
public enum CredentialMode {
    /** Keys in the credentials file: works with every tool, no refresh. */
    STATIC("static"),
    /** role_arn + web_identity_token_file: SDKs and the CLI exchange and refresh by themselves. */
    WEB_IDENTITY("web_identity"),
    /** credential_process pointing back at this toolkit, with a cache. */
    PROCESS("process");

    /** The component's default: static when the Java exchange runs (the shell-only path writes web_identity). */
    public static final String AUTO = "auto";

    private final String inputName;

    CredentialMode(String inputName) {
        this.inputName = inputName;
    }

    public String inputName() {
        return inputName;
    }

    public static CredentialMode parse(String value) {
        if (AUTO.equals(value)) return STATIC;
        for (CredentialMode mode : values()) {
            if (mode.inputName.equals(value)) return mode;
        }
        throw new IllegalArgumentException(value);
    }

    public static String choices() {
        return AUTO + " (= static), " + Arrays.stream(values()).map(CredentialMode::inputName).collect(Collectors.joining(", "));
    }
}
