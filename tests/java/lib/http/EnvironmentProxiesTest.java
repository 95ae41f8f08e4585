package lib.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lib.cli.UsageException;
import org.junit.jupiter.api.Test;
import testkit.Proc;
import testkit.Tools;

/**
 * The proxy for a URL is the one the AWS CLI would use: each case is decided by botocore itself
 * (the installed one, through get_environ_proxies and ProxyConfiguration) and by EnvironmentProxies,
 * and both must agree on whether a proxy is used, its host, port, user and password.
 */
class EnvironmentProxiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(Map<String, String> env, String url) {}

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    static List<Case> cases() {
        String sts = "https://sts.eu-west-1.amazonaws.com/";
        String local = "https://127.0.0.1:8443/";
        List<Case> cases = new ArrayList<>();
        for (String url : List.of(sts, local, "http://127.0.0.1:4566/", "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com/",
                "https://STS.EU-WEST-1.AMAZONAWS.COM:443/", "http://localhost:5000/", "https://[::1]:8443/")) {
            cases.add(new Case(env(), url));
            cases.add(new Case(env("HTTPS_PROXY", "http://proxy.corp:3128"), url));
            cases.add(new Case(env("https_proxy", "http://lower:3128", "HTTPS_PROXY", "http://upper:3128"), url));
            cases.add(new Case(env("https_proxy", "", "HTTPS_PROXY", "http://upper:3128"), url));
            cases.add(new Case(env("HTTP_PROXY", "http://plain:8080", "HTTPS_PROXY", "http://tls:3128"), url));
            cases.add(new Case(env("http_proxy", "proxy.corp:3128", "https_proxy", "//proxy.corp:3129"), url));
            cases.add(new Case(env("HTTPS_PROXY", "http://proxy.corp", "HTTP_PROXY", "http://proxy.corp"), url));
            for (String noProxy : List.of("*", "amazonaws.com", ".amazonaws.com", "mazonaws.com", "127.0.0.1", "127.0.0.1:8443",
                    "127.0.0.1:9999", "localhost", " foo.example , .eu-west-1.amazonaws.com ", "sts.eu-west-1.amazonaws.com:443",
                    "10.0.0.0/8,127.0.0.0/8", "*.amazonaws.com", "::1", "[::1]", ",,", "AMAZONAWS.COM")) {
                cases.add(new Case(env("HTTPS_PROXY", "http://proxy.corp:3128", "HTTP_PROXY", "http://proxy.corp:3128", "NO_PROXY", noProxy), url));
            }
            cases.add(new Case(env("HTTPS_PROXY", "http://proxy.corp:3128", "no_proxy", "other.example", "NO_PROXY", "*"), url));
            cases.add(new Case(env("HTTPS_PROXY", "http://proxy.corp:3128", "no_proxy", "", "NO_PROXY", "*"), url));
        }
        for (String userInfo : List.of("deploy:s3cret", "deploy:p@ss", "deploy:p%40ss%2Fw%3Ard", "deploy:", "deploy", ":pw",
                "d%C3%A9ploy:p%C3%A4ss", "deploy:pa:ss:colons", "deploy:p@ss@double")) {
            cases.add(new Case(env("HTTPS_PROXY", "http://" + userInfo + "@proxy.corp:3128"), sts));
            cases.add(new Case(env("https_proxy", userInfo + "@proxy.corp:3128/"), sts));
        }
        return cases;
    }

    @Test
    void choosesTheProxyBotocoreChooses() throws Exception {
        List<Case> cases = cases();
        List<Map<String, Object>> input = new ArrayList<>();
        for (Case c : cases) input.add(Map.of("env", c.env(), "url", c.url()));
        String program = String.join("\n",
                "import json, os, sys",
                "from urllib.parse import urlparse, unquote",
                "from botocore.utils import get_environ_proxies",
                "from botocore.httpsession import ProxyConfiguration",
                "out = []",
                "for case in json.load(sys.stdin):",
                "    os.environ.clear(); os.environ.update(case['env'])",
                "    proxies = get_environ_proxies(case['url'])",
                "    config = ProxyConfiguration(proxies=proxies)",
                "    proxy = config.proxy_url_for(case['url'])",
                "    if not proxy:",
                "        out.append(None); continue",
                "    parsed = urlparse(proxy)",
                "    user, password = config._get_auth_from_url(proxy)",
                "    out.append({'host': parsed.hostname, 'port': parsed.port or 80,",
                "                'auth': [user, password] if user and password else None})",
                "print(json.dumps(out))");
        Proc.Result result = Proc.of(Tools.python(), "-c", program).stdin(JSON.writeValueAsString(input)).timeout(60).run();
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode expected = JSON.readTree(result.stdout());
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ProxyUrl proxy = EnvironmentProxies.from(c.env()).forUri(URI.create(c.url()));
            JsonNode want = expected.get(i);
            String javaSays = proxy == null ? "direct" : proxy.host().toLowerCase() + ":" + proxy.port()
                    + (proxy.hasCredentials() ? " as " + proxy.user() + "/" + proxy.password() : "");
            String botocoreSays = want.isNull() ? "direct" : want.get("host").asText() + ":" + want.get("port").asInt()
                    + (want.get("auth").isNull() ? "" : " as " + want.get("auth").get(0).asText() + "/" + want.get("auth").get(1).asText());
            if (!javaSays.equals(botocoreSays)) disagreements.add(c + ": botocore " + botocoreSays + ", here " + javaSays);
        }
        assertEquals(List.of(), disagreements, String.join("\n", disagreements));
        System.out.println("EnvironmentProxiesTest: " + cases.size() + " cases decided alike by botocore and EnvironmentProxies");
    }

    @Test
    void aBadProxyUrlIsAUsageErrorNamingTheVariableWithoutThePassword() {
        Map<String, String> bad = new HashMap<>();
        bad.put("HTTPS_PROXY", "http://deploy:pa/ss@proxy.corp:3128");
        bad.put("https_proxy", "socks5://deploy:s3cret-pass@proxy.corp:1080");
        bad.put("HTTP_PROXY", "https://deploy:s3cret-pass@proxy.corp:3128");
        bad.put("http_proxy", "http://deploy:s3cret-pass@proxy.corp:99999");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            UsageException refused = assertThrows(UsageException.class, () -> EnvironmentProxies.from(Map.of(entry.getKey(), entry.getValue())));
            String message = refused.getMessage();
            assertTrue(message.startsWith(entry.getKey() + " \""), message);
            assertTrue(message.contains("(user info hidden)@proxy.corp"), message);
            assertFalse(message.contains("pa/ss") || message.contains("s3cret") || message.contains("ss@"), message);
            assertTrue(message.contains("Use http://"), message);
        }
    }

    @Test
    void theAuthenticatorAnswersOnlyItsProxyAndOnlyProxyChallenges() throws Exception {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("HTTPS_PROXY", "http://deploy:p%40ss@proxy.corp:3128"));
        java.net.Authenticator authenticator = proxies.authenticator(5);
        var proxyAsk = java.net.Authenticator.requestPasswordAuthentication(authenticator, "proxy.corp", null, 3128, "http",
                "test", "basic", new java.net.URL("https://sts.amazonaws.com/"), java.net.Authenticator.RequestorType.PROXY);
        assertEquals("p@ss", new String(proxyAsk.getPassword()));
        assertEquals(null, java.net.Authenticator.requestPasswordAuthentication(authenticator, "sts.amazonaws.com", null, 443, "https",
                "test", "basic", new java.net.URL("https://sts.amazonaws.com/"), java.net.Authenticator.RequestorType.SERVER));
        assertEquals(null, java.net.Authenticator.requestPasswordAuthentication(authenticator, "evil.example", null, 3128, "http",
                "test", "basic", new java.net.URL("https://sts.amazonaws.com/"), java.net.Authenticator.RequestorType.PROXY));
        assertEquals(null, EnvironmentProxies.from(Map.of("HTTPS_PROXY", "http://proxy.corp:3128")).authenticator(5));
        java.net.Authenticator once = proxies.authenticator(1);
        for (int answered = 0; answered < 2; answered++) {
            var ask = java.net.Authenticator.requestPasswordAuthentication(once, "proxy.corp", null, 3128, "http",
                    "test", "basic", new java.net.URL("https://sts.amazonaws.com/"), java.net.Authenticator.RequestorType.PROXY);
            assertEquals(answered == 0, ask != null, "answer " + answered);
        }
    }
}
