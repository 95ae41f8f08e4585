package lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The user:password part of a URL never survives, whatever characters the password holds. */
class RedactorTest {
    /** Passwords people really have in proxy and endpoint URLs, and a few meant to break parsers. */
    static final List<String> HOSTILE_PASSWORDS = List.of("pa/ss", "p@ss", "p@ss/w:rd", "a//b@@c", "s3cr3t:with:colons",
            "pa?ss#frag", "pa\"ss'q", "%2Fencoded%40", "ünïcødé€", "x@https://evil", "p@/@/@");

    @Test
    void freeTextKeepsTheHostButNotThePassword() {
        for (String password : HOSTILE_PASSWORDS) {
            for (String url : List.of("https://user:" + password + "@proxy.example.com:3128/path",
                    "http://user:" + password + "@10.0.0.1/", "https://" + password + "@host.example.com")) {
                String text = "STS at " + url + " could not be reached (\"" + url + "\"), check HTTPS_PROXY";
                String shown = Redactor.clean(text);
                assertFalse(shown.contains(password), password + " leaked: " + shown);
                assertFalse(shown.contains("user:"), "the user name is user info too: " + shown);
                String hidden = Redactor.hideUserInfoOfUrl(url);
                assertTrue(hidden.contains("(user info hidden)@"), hidden);
                assertEquals(text.replace(url, hidden), shown);
            }
        }
    }

    @Test
    void aSingleUrlValueIsMaskedUpToItsLastAt() {
        assertEquals("https://(user info hidden)@sts.example.com/", Redactor.hideUserInfoOfUrl("https://user:pa/ss@sts.example.com/"));
        assertEquals("https://(user info hidden)@host/", Redactor.hideUserInfoOfUrl("https://user:p@ss@host/"));
        assertEquals("http://(user info hidden)@proxy:3128", Redactor.hideUserInfoOfUrl("http://user:pa ss@proxy:3128"));
        assertEquals("(user info hidden)@proxy:3128", Redactor.hideUserInfoOfUrl("user:p@ss@proxy:3128"));
        assertEquals("//(user info hidden)@proxy:3128", Redactor.hideUserInfoOfUrl("//user:p/ss@proxy:3128"));
        assertEquals("http://proxy.example.com:3128", Redactor.hideUserInfoOfUrl("http://proxy.example.com:3128"));
        for (String password : HOSTILE_PASSWORDS) {
            assertFalse(Redactor.hideUserInfoOfUrl("http://u:" + password + "@proxy:3128").contains(password), password);
        }
    }

    @Test
    void textWithoutUserInfoIsLeftAlone() {
        for (String text : List.of("https://sts.eu-west-1.amazonaws.com/ answered 403", "session gitlab-1@x as arn:aws:iam::123456789012:role/a@b",
                "mail ops@example.com or see https://docs.example.com", "no url at all", "")) {
            assertEquals(text, Redactor.clean(text));
        }
    }

    @Test
    void registeredSecretsAreMaskedWhereverTheyAppear() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10ZXN0";
        Redactor.register(token);
        String shown = Redactor.clean("Value '" + token + "' at 'webIdentityToken' failed");
        assertEquals("Value '****' at 'webIdentityToken' failed", shown);
    }
}
