package lib.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from the environment, chosen as the AWS CLI (botocore, through Python's urllib) chooses
 * them, so the exchange goes where the job's own AWS tools go:
 * <ul>
 * <li>{@code https_proxy} / {@code HTTPS_PROXY} for https URLs, {@code http_proxy} / {@code HTTP_PROXY}
 *     for http ones; the lower-case name wins, and an empty lower-case value means no proxy even when
 *     the upper-case one is set. {@code ALL_PROXY} is not read (botocore does not either).</li>
 * <li>{@code no_proxy} / {@code NO_PROXY} (same precedence): {@code *} alone bypasses every host;
 *     otherwise comma-separated names, each matching the host (or host:port) itself and every host
 *     under it ({@code example.com} and {@code .example.com} both match {@code sts.example.com}, not
 *     {@code badexample.com}); an entry with a port matches that port only. IP addresses match as
 *     text; CIDR ranges are not understood (botocore does not understand them either). Loopback is
 *     not bypassed unless listed.</li>
 * </ul>
 * Every proxy in effect is parsed up front: a bad one is a usage error naming its variable.
 */
public final class EnvironmentProxies {
    /** The JDK refuses Basic credentials for CONNECT tunnels unless this property allows them. */
    private static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final ProxyUrl https;
    private final ProxyUrl http;
    private final String noProxy;

    private EnvironmentProxies(ProxyUrl https, ProxyUrl http, String noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    public static EnvironmentProxies none() {
        return new EnvironmentProxies(null, null, null);
    }

    public static EnvironmentProxies from(Map<String, String> env) {
        Map<String, String[]> chosen = chosen(env);
        String[] https = chosen.get("https");
        String[] http = chosen.get("http");
        String[] no = chosen.get("no");
        return new EnvironmentProxies(https == null ? null : ProxyUrl.parse(https[0], https[1]),
                http == null ? null : ProxyUrl.parse(http[0], http[1]), no == null ? null : no[1]);
    }

    /**
     * Python's getproxies_environment: a first pass takes any *_proxy variable with a value, in any
     * case; a second pass lets those whose name ends in lower-case "_proxy" win, an empty one removing
     * the entry. Each value comes with the name of the variable it came from, for messages.
     */
    private static Map<String, String[]> chosen(Map<String, String> env) {
        Map<String, String[]> proxies = new HashMap<>();
        env.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (value != null && !value.isEmpty() && lower.endsWith("_proxy")) {
                proxies.put(lower.substring(0, lower.length() - 6), new String[] {name, value});
            }
        });
        env.forEach((name, value) -> {
            if (!name.endsWith("_proxy")) return;
            String key = name.toLowerCase(Locale.ROOT).substring(0, name.length() - 6);
            if (value != null && !value.isEmpty()) proxies.put(key, new String[] {name, value});
            else proxies.remove(key);
        });
        return proxies;
    }

    /** The proxy a request to {@code uri} goes through, or null for a direct connection. */
    public ProxyUrl forUri(URI uri) {
        ProxyUrl proxy = "http".equalsIgnoreCase(uri.getScheme()) ? http : https;
        if (proxy == null || uri.getHost() == null) return null;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return bypasses(noProxy, uri.getPort() < 0 ? host : host + ":" + uri.getPort()) ? null : proxy;
    }

    /** Python's proxy_bypass_environment for a URL's host[:port], as botocore calls it. */
    static boolean bypasses(String noProxy, String hostAndPort) {
        if (noProxy == null) return false;
        if (noProxy.equals("*")) return true;
        String host = hostAndPort.toLowerCase(Locale.ROOT);
        String hostOnly = host.matches("(?s).*:[0-9]*") ? host.substring(0, host.lastIndexOf(':')) : host;
        for (String entry : noProxy.split(",")) {
            String name = entry.strip().replaceFirst("^\\.+", "").toLowerCase(Locale.ROOT);
            if (entry.strip().isEmpty()) continue;
            if (hostOnly.equals(name) || host.equals(name)) return true;
            if (hostOnly.endsWith("." + name) || host.endsWith("." + name)) return true;
        }
        return false;
    }

    /** The same choice for java.net.http's client: the proxy for each URI, or a direct connection. */
    public ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                ProxyUrl proxy = forUri(uri);
                return List.of(proxy == null ? Proxy.NO_PROXY : proxy.javaProxy());
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // nothing to learn: the next request chooses the same way
            }
        };
    }

    /** True when some proxy carries credentials (then CONNECT tunnels need Basic allowed). */
    public boolean hasCredentials() {
        return (https != null && https.hasCredentials()) || (http != null && http.hasCredentials());
    }

    /**
     * Answers only the proxies named here, only for proxy challenges (a server's own 401 gets
     * nothing), and at most {@code answers} times: the JDK would otherwise offer refused credentials
     * again and again. Allows Basic for CONNECT tunnels, which the JDK refuses by default, unless the
     * JVM was started with that property set: the credentials were given for exactly this proxy.
     * Null when no proxy has credentials.
     */
    public Authenticator authenticator(int answers) {
        if (!hasCredentials()) return null;
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(answers);
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY || left.getAndDecrement() <= 0) return null;
                for (ProxyUrl proxy : new ProxyUrl[] {https, http}) {
                    if (proxy != null && proxy.hasCredentials() && getRequestingPort() == proxy.port()
                            && proxy.javaProxy().address() instanceof java.net.InetSocketAddress address
                            && address.getHostString().equalsIgnoreCase(getRequestingHost())) {
                        return proxy.credentials();
                    }
                }
                return null;
            }
        };
    }

    @Override
    public String toString() {
        return "proxies https=" + https + " http=" + http + " no_proxy=" + noProxy;
    }
}
