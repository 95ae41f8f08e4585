package lib.http;

import java.util.Map;

/**
 * How this process reaches the network: the proxies of its environment and an optional CA bundle
 * trusted beside the JVM's CAs. Built (and checked) before any call, passed to every client.
 */
public record Network(EnvironmentProxies proxies, CaBundle caBundle) {
    /** No proxy, the JVM's CAs only. */
    public static Network direct() {
        return new Network(EnvironmentProxies.none(), null);
    }

    /** The environment's proxies; a bad proxy URL is a usage error naming its variable. */
    public static Network of(Map<String, String> env, CaBundle caBundle) {
        return new Network(EnvironmentProxies.from(env), caBundle);
    }
}
