package testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one check that output holds no ID token: not the whole token, not any of its three parts
 * (header, payload, signature), and not the payload in plain base64 either. Use it for every
 * output a test sees (stdout, stderr, files).
 */
public final class Leaks {
    /** A part shorter than this ("e30", "x") is not searched for: ordinary text holds it. */
    static final int SHORTEST_PART = 8;

    private Leaks() {}

    /** Every form of the token that must never be shown. */
    public static Set<String> forms(String token) {
        Set<String> forms = new LinkedHashSet<>();
        String whole = token.strip();
        forms.add(whole);
        String[] parts = whole.split("\\.", -1);
        for (String part : parts) {
            if (part.length() >= SHORTEST_PART) forms.add(part);
        }
        if (parts.length == 3 && parts[1].length() >= SHORTEST_PART) {
            String payload = parts[1].replace('-', '+').replace('_', '/');
            forms.add(payload);
            forms.add(payload + "=".repeat((4 - payload.length() % 4) % 4));
        }
        return forms;
    }

    /** Fails naming which form of the token appears in which output. */
    public static void assertNoToken(String token, String... outputs) {
        for (String form : forms(token)) {
            for (int i = 0; i < outputs.length; i++) {
                String output = outputs[i] == null ? "" : outputs[i];
                assertFalse(output.contains(form), "the token (or its part " + form.substring(0, Math.min(12, form.length()))
                        + "...) appears in output " + (i + 1) + ":\n" + output);
            }
        }
    }
}
