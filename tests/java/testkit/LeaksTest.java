package testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The shared no-leak check finds the token in every form a careless message could show it. */
class LeaksTest {
    private final String token = new TestIssuer().mint();
    private final String[] parts = token.split("\\.");

    @Test
    void findsTheWholeTokenAndEachOfItsThreeParts() {
        for (String shown : new String[] {token, parts[0], parts[1], parts[2]}) {
            assertThrows(AssertionError.class, () -> Leaks.assertNoToken(token, "clean", "error: " + shown + " was here"), shown);
        }
    }

    @Test
    void findsThePayloadInPlainBase64() {
        String plain = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(parts[1]));
        assertTrue(Leaks.forms(token).contains(plain) || Leaks.forms(token).contains(plain.replaceAll("=+$", "")), plain);
        assertThrows(AssertionError.class, () -> Leaks.assertNoToken(token, "payload " + plain));
    }

    @Test
    void passesOutputWithoutTheToken() {
        Leaks.assertNoToken(token, "", "no token here: " + parts[1].substring(0, 7), null);
        Leaks.assertNoToken("a.b.c", "a b c: parts this short are ordinary text");
    }
}
