import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.FaultSts;
import testkit.FileSnapshot;
import testkit.ForwardProxy;
import testkit.Proc;
import testkit.TestCa;

/**
 * The exchange behind a corporate proxy, through a real forwarding proxy on 127.0.0.1: CONNECT
 * tunnels for https (here to an STS whose certificate a throwaway CA signed), plain forwarding for
 * http, Basic credentials from the proxy URL, NO_PROXY bypass. The proxy's password never shows.
 */
class AssumeRoleProxyTest {
    static final String USER = "deploy";
    /** Percent-encoded in the URL as users must; '@' and ':' may stay as they are, as botocore reads them. */
    static final String PASSWORD = "p@ss:w/rd%1";
    static final String PASSWORD_IN_URL = "p@ss:w%2Frd%251";

    @TempDir Path temp;
    TestCa ca;
    FaultSts tlsSts;
    ForwardProxy proxy;

    @BeforeEach
    void start() {
        ca = TestCa.create(temp);
        tlsSts = FaultSts.startTls(ca.serverContext());
        proxy = ForwardProxy.start(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        tlsSts.close();
        proxy.close();
    }

    AssumeRoleRun job(String endpoint) {
        AssumeRoleRun job = new AssumeRoleRun(temp.resolve("job"), endpoint);
        job.env.put("AWS_OIDC_CA_BUNDLE", ca.bundle.toString());
        return job;
    }

    static void assertNoSecret(Proc.Result result, AssumeRoleRun job) {
        for (String secret : List.of(PASSWORD, PASSWORD_IN_URL, "w/rd", "w%2Frd", job.token)) {
            assertFalse(result.all().contains(secret), "printed a secret (" + secret + "):\n" + result);
        }
    }

    @Test
    void httpsGoesThroughTheProxysTunnelWithItsCredentials() {
        AssumeRoleRun job = job(tlsSts.endpoint());
        Proc.Result result = job.run(Map.of("HTTPS_PROXY", proxy.url(USER + ":" + PASSWORD_IN_URL)), "--allowed-account-ids", "123456789012");
        assertEquals(0, result.exitCode(), result::toString);
        assertNoSecret(result, job);
        String target = tlsSts.endpoint().replace("https://", "");
        List<ForwardProxy.Seen> tunnels = proxy.seen().stream().filter(s -> s.allowed()).toList();
        assertEquals(2, tunnels.size(), "one tunnel for AssumeRoleWithWebIdentity, one for GetCallerIdentity: " + proxy.seen());
        tunnels.forEach(seen -> assertEquals("CONNECT " + target, seen.method() + " " + seen.target()));
        assertEquals(2, tlsSts.requests().size());
        // The proxy's credentials go to the proxy only, never through the tunnel to the server.
        tlsSts.requests().forEach(request -> assertNull(request.header("Proxy-Authorization"), request.toString()));
    }

    @Test
    void httpIsForwardedWithItsCredentialsAndLowerCaseWins() {
        try (FaultSts sts = FaultSts.start()) {
            AssumeRoleRun job = job(sts.endpoint());
            Map<String, String> env = new HashMap<>();
            env.put("http_proxy", proxy.url(USER + ":" + PASSWORD_IN_URL));
            env.put("HTTP_PROXY", "http://127.0.0.1:9");
            env.put("HTTPS_PROXY", "http://127.0.0.1:9");
            Proc.Result result = job.run(env);
            assertEquals(0, result.exitCode(), result::toString);
            assertNoSecret(result, job);
            assertEquals(1, proxy.seen().size(), proxy.seen().toString());
            assertEquals("POST", proxy.seen().get(0).method());
            assertTrue(proxy.seen().get(0).target().startsWith(sts.endpoint()), proxy.seen().toString());
            assertEquals("AssumeRoleWithWebIdentity", sts.requests().get(0).action());
            assertNull(sts.requests().get(0).header("Proxy-Authorization"), "the proxy passed its credentials on");
        }
    }

    @Test
    void noProxyListingTheHostBypassesTheProxy() {
        for (String noProxy : List.of("127.0.0.1", "localhost,127.0.0.1", "*", "127.0.0.1:" + tlsSts.endpoint().replaceAll(".*:", ""))) {
            AssumeRoleRun job = job(tlsSts.endpoint());
            Proc.Result result = job.run(Map.of("HTTPS_PROXY", proxy.url(USER + ":" + PASSWORD_IN_URL), "no_proxy", noProxy));
            assertEquals(0, result.exitCode(), noProxy + ": " + result);
        }
        assertEquals(List.of(), proxy.seen(), "the proxy saw a request despite NO_PROXY");
        assertEquals(4, tlsSts.requests().size());
        // Another port of the same host, or a mere suffix of its name, does not bypass.
        Proc.Result viaProxy = job(tlsSts.endpoint()).run(Map.of("HTTPS_PROXY", proxy.url(USER + ":" + PASSWORD_IN_URL),
                "NO_PROXY", "127.0.0.1:1,27.0.0.1"));
        assertEquals(0, viaProxy.exitCode(), viaProxy::toString);
        assertEquals(1, proxy.seen().stream().filter(ForwardProxy.Seen::allowed).count(), proxy.seen().toString());
    }

    @Test
    void aProxyThatWantsCredentialsIsExplainedAndNotRetried() {
        for (String userInfo : List.of("", USER + ":wrong-password")) {
            AssumeRoleRun job = job(tlsSts.endpoint());
            int before = proxy.seen().size();
            Proc.Result result = job.run(Map.of("HTTPS_PROXY", proxy.url(userInfo.isEmpty() ? null : userInfo)), "--max-attempts", "5");
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("407"), result::toString);
            assertTrue(result.stderr().contains("user:password@host:port after http://"), result::toString);
            assertTrue(result.stderr().contains("HTTPS_PROXY (http://127.0.0.1:" + proxy.port()), result::toString);
            assertFalse(result.stderr().contains("wrong-password"), result::toString);
            assertTrue(proxy.seen().size() - before <= 3, "retried a refusal that cannot change: " + proxy.seen());
        }
        assertEquals(0, tlsSts.requests().size());
    }

    @Test
    void aBadProxyUrlIsRefusedWithExit2BeforeAnyNetworkCall() {
        for (String bad : List.of("http://" + USER + ":pa/ss@127.0.0.1:" + proxy.port(), "socks5://" + USER + ":s3cret-pass@127.0.0.1:1080",
                "https://" + USER + ":s3cret-pass@127.0.0.1:" + proxy.port(), "http://" + USER + ":s3cret-pass@127.0.0.1:notaport")) {
            AssumeRoleRun job = job(tlsSts.endpoint());
            FileSnapshot before = FileSnapshot.of(job.files.dir);
            Proc.Result result = job.run(Map.of("HTTPS_PROXY", bad));
            assertEquals(2, result.exitCode(), bad + ": " + result);
            assertTrue(result.stderr().contains("HTTPS_PROXY \"" + bad.substring(0, bad.indexOf("://") + 3) + "(user info hidden)@127.0.0.1"),
                    result::toString);
            assertTrue(result.stderr().contains("is not a usable proxy URL"), result::toString);
            assertFalse(result.all().contains("pa/ss") || result.all().contains("s3cret"), result::toString);
            before.assertUnchanged();
        }
        assertEquals(List.of(), proxy.seen());
        assertEquals(List.of(), tlsSts.requests());
    }
}
