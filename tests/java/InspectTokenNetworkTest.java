import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.ForwardProxy;
import testkit.Proc;
import testkit.Scripts;
import testkit.TestCa;
import testkit.TestIssuer;

/**
 * InspectToken fetches the issuer's discovery document and keys the way the exchange reaches STS:
 * through the environment's proxies (credentials from the proxy URL, NO_PROXY) and trusting the
 * same --ca-bundle. The issuer here serves TLS with a throwaway CA's certificate.
 */
class InspectTokenNetworkTest {
    static final String PASSWORD = "s3cret/p@ss";
    static final String PASSWORD_IN_URL = "s3cret%2Fp@ss";

    @TempDir Path temp;
    TestCa ca;
    TestIssuer issuer;
    ForwardProxy proxy;
    String token;

    @BeforeEach
    void start() throws Exception {
        ca = TestCa.create(temp);
        issuer = new TestIssuer().startTls(ca.serverContext());
        token = issuer.mint();
        proxy = ForwardProxy.start("inspector", PASSWORD);
    }

    @AfterEach
    void stop() {
        issuer.close();
        proxy.close();
    }

    Proc.Result inspect(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("AWS_OIDC_TOKEN", token);
        Proc.Result result = Scripts.java("InspectToken", args).env(all).timeout(120).run();
        for (String secret : List.of(token, PASSWORD, PASSWORD_IN_URL, "s3cret")) {
            assertFalse(result.all().contains(secret), "printed a secret:\n" + result);
        }
        return result;
    }

    @Test
    void withoutTheBundleDiscoverySaysTheCertificateCouldNotBeVerified() {
        Proc.Result result = inspect(Map.of());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("could not be verified"), result::toString);
        assertTrue(result.stdout().contains("--ca-bundle (env AWS_OIDC_CA_BUNDLE"), result::toString);
    }

    @Test
    void withTheBundleThroughTheProxyEveryCheckPasses() {
        Proc.Result result = inspect(Map.of("HTTPS_PROXY", proxy.url("inspector:" + PASSWORD_IN_URL)), "--ca-bundle", ca.bundle.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("Result: PASS"), result::toString);
        String target = issuer.issuer().replace("https://", "");
        List<ForwardProxy.Seen> tunnels = proxy.seen().stream().filter(ForwardProxy.Seen::allowed).toList();
        assertFalse(tunnels.isEmpty(), "the fetches did not go through the proxy");
        tunnels.forEach(seen -> assertEquals("CONNECT " + target, seen.method() + " " + seen.target()));
    }

    @Test
    void noProxyListingTheIssuerBypassesTheProxy() {
        Proc.Result result = inspect(Map.of("HTTPS_PROXY", proxy.url("inspector:" + PASSWORD_IN_URL), "NO_PROXY", "localhost,127.0.0.1",
                "AWS_CA_BUNDLE", ca.bundle.toString()));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(), proxy.seen());
    }

    @Test
    void aBadProxyOrBundleIsAUsageErrorBeforeAnyFetch() {
        Proc.Result badProxy = inspect(Map.of("https_proxy", "http://inspector:" + PASSWORD + "@127.0.0.1:" + proxy.port()));
        assertEquals(2, badProxy.exitCode(), badProxy::toString);
        assertTrue(badProxy.stderr().contains("https_proxy \"http://(user info hidden)@127.0.0.1:" + proxy.port() + "\" is not a usable proxy URL"),
                badProxy::toString);
        Proc.Result badBundle = inspect(Map.of("AWS_OIDC_CA_BUNDLE", temp.resolve("missing.pem").toString()));
        assertEquals(2, badBundle.exitCode(), badBundle::toString);
        assertTrue(badBundle.stderr().contains("--ca-bundle (env AWS_OIDC_CA_BUNDLE) \"" + temp.resolve("missing.pem") + "\": does not exist"),
                badBundle::toString);
        assertEquals(List.of(), proxy.seen());
    }
}
