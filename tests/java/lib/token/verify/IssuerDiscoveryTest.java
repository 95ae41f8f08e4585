package lib.token.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    void anIssuerThatStallsAfterTheHeadersTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread stall = new Thread(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (Exception ignored) {
                    // the client gave up, as it should
                }
            });
            stall.setDaemon(true);
            stall.start();
            String issuer = "http://127.0.0.1:" + server.getLocalPort();
            String message = assertThrows(DiscoveryException.class, () -> new IssuerDiscovery(Duration.ofSeconds(1)).fetch(issuer)).getMessage();
            assertEquals("issuer unreachable: " + issuer + "/.well-known/openid-configuration did not answer within 1 s", message);
        }
    }

    @Test
    void anIssuerThatIsNotAnHttpUrlIsNotFetched() {
        assertEquals("the token's iss 'gitlab.com' is not an https URL, so there is no discovery document to fetch",
                assertThrows(DiscoveryException.class, () -> discovery.fetch("gitlab.com")).getMessage());
        assertTrue(assertThrows(DiscoveryException.class, () -> discovery.fetch("file:///etc/passwd")).getMessage().contains("is not an https URL"));
    }
}
