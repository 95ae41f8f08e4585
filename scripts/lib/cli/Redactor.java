package lib.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Last line of defence for output: every message a command prints passes through here, and any
 * secret registered (the ID token, its signature, a secret key, a session token) is masked.
 */
public final class Redactor {
    private static final int SHORTEST_SECRET = 8;
    private static final List<String> SECRETS = new ArrayList<>();

    private Redactor() {}

    public static synchronized void register(String secret) {
        if (secret != null && secret.length() >= SHORTEST_SECRET) SECRETS.add(secret);
    }

    public static synchronized String clean(String text) {
        if (text == null) return null;
        String result = text;
        for (String secret : SECRETS) result = result.replace(secret, "****");
        return result;
    }
}
