package lib.token.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import testkit.TestIssuer;

class IssuerDiscoveryTest {
    private final IssuerDiscovery discovery = new IssuerDiscovery(Duration.ofSeconds(5));

    @Test
    void readsIssuerAndJwksUriFromTheWellKnownPath() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            IssuerDiscovery.Document document = discovery.fetch(issuer.issuer() + "/");
            assertEquals(issuer.issuer() + "/.well-known/openid-configuration", document.url().toString());
            assertEquals(issuer.issuer(), document.issuer());
            assertEquals(issuer.issuer() + "/oauth/discovery/keys", document.jwksUri());
            assertTrue(discovery.fetchKeys(document.jwksUri()).contains(issuer.currentKey().kid()));
        }
    }

    @Test
    void anHttpErrorStatusIsReportedWithTheUrl() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            String message = assertThrows(DiscoveryException.class, () -> discovery.fetch(issuer.issuer() + "/gitlab")).getMessage();
            assertEquals("issuer unreachable: " + issuer.issuer() + "/gitlab/.well-known/openid-configuration answered HTTP 404", message);
        }
    }

    @Test
    void anIssuerThatIsNotAnHttpUrlIsNotFetched() {
        assertEquals("the token's iss 'gitlab.com' is not an https URL, so there is no discovery document to fetch",
                assertThrows(DiscoveryException.class, () -> discovery.fetch("gitlab.com")).getMessage());
        assertTrue(assertThrows(DiscoveryException.class, () -> discovery.fetch("file:///etc/passwd")).getMessage().contains("is not an https URL"));
    }
}
