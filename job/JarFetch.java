import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lib.cli.Redactor;
import lib.cli.UsageException;
import lib.http.EnvironmentProxies;
import lib.http.ProxyUrl;

/**
 * Usage: java -cp TOOLKIT.jar JarFetch REPOSITORY CACHE_DIR PINS FILE...
 *
 * Downloads the named dependency jars of a component job into CACHE_DIR, in parallel, from the
 * Maven repository REPOSITORY (https; http only on the loopback address), each checked against
 * the SHA-256 that PINS (lines "sha256  maven/repository/path.jar") gives it before it is moved
 * into place. A jar that does not match is fetched once more; a second mismatch fails. Nothing
 * here loads a downloaded class: the job checks every jar again before the JVM that uses them.
 * Uses the JDK alone, so it runs from the toolkit jar before any dependency is there.
 *
 * Environment: AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT (seconds, default 10), AWS_OIDC_DOWNLOAD_TIMEOUT
 * (seconds for all downloads, default 120); https_proxy, HTTPS_PROXY, no_proxy, NO_PROXY as the
 * AWS CLI reads them (lib.http.EnvironmentProxies). Exit 0 all there, 1 a download failed, 2 bad usage.
 */
public final class JarFetch {
    private static final int PARALLEL = 6;
    private static EnvironmentProxies proxies = EnvironmentProxies.none();

    record Pin(String sha256, String path) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JarFetch REPOSITORY CACHE_DIR PINS FILE...");
            System.exit(2);
        }
        String repository = args[0].endsWith("/") ? args[0].substring(0, args[0].length() - 1) : args[0];
        try {
            checkRepository(repository);
            proxies = EnvironmentProxies.from(System.getenv());
        } catch (Failure | UsageException e) {
            System.err.println("aws-oidc: " + e.getMessage());
            System.exit(2);
        }
        Path cache = Path.of(args[1]);
        Map<String, Pin> pins = readPins(Path.of(args[2]));
        List<Pin> wanted = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            Pin pin = pins.get(args[i]);
            if (pin == null) {
                System.err.println("aws-oidc: " + args[i] + " is not a jar this toolkit pins");
                System.exit(2);
            }
            wanted.add(pin);
        }
        System.exit(fetchAll(repository, cache, wanted));
    }

    static int fetchAll(String repository, Path cache, List<Pin> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds("AWS_OIDC_DOWNLOAD_TIMEOUT", 120));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, wanted.size())), runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        Map<Pin, Future<?>> downloads = new LinkedHashMap<>();
        for (Pin pin : wanted) downloads.put(pin, pool.submit(() -> {
            fetch(repository, cache, pin);
            return null;
        }));
        int status = 0;
        for (Map.Entry<Pin, Future<?>> download : downloads.entrySet()) {
            String url = Redactor.hideUserInfoOfUrl(repository) + "/" + download.getKey().path();
            try {
                download.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                status = report("could not download " + url + " within AWS_OIDC_DOWNLOAD_TIMEOUT ("
                        + seconds("AWS_OIDC_DOWNLOAD_TIMEOUT", 120) + " s).");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                status = report(cause instanceof Failure ? cause.getMessage()
                        : "could not download " + url + ": " + describe(cause) + ".");
            }
        }
        pool.shutdownNow();
        return status;
    }

    private static int report(String message) {
        System.err.println("aws-oidc: " + message + " Fix: let the runner reach the Maven repository (proxy settings,"
                + " firewall), or set the CI/CD variable AWS_OIDC_MAVEN_REPOSITORY to an https mirror of Maven Central"
                + " (every jar is still checked against the SHA-256 this component version pins).");
        return 1;
    }

    static void fetch(String repository, Path cache, Pin pin) throws IOException, Failure {
        String url = repository + "/" + pin.path();
        for (int attempt = 1; ; attempt++) {
            Path partial = Files.createTempFile(cache, "." + pin.fileName() + ".", ".part");
            try {
                String sha256 = download(url, partial);
                if (sha256.equals(pin.sha256())) {
                    Files.move(partial, cache.resolve(pin.fileName()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                if (attempt == 2) {
                    throw new Failure(pin.fileName() + " from " + Redactor.hideUserInfoOfUrl(repository) + "/" + pin.path()
                            + " does not match the SHA-256 this component version pins, twice (got " + sha256
                            + ", expected " + pin.sha256() + "): the repository or something between serves an"
                            + " altered jar, and nothing was run from it.");
                }
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Downloads url into file, returning the SHA-256 of what arrived. */
    private static String download(String url, Path file) throws IOException {
        URI uri = URI.create(url);
        ProxyUrl proxy = proxies.forUri(uri);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(
                proxy == null ? java.net.Proxy.NO_PROXY : proxy.javaProxy());
        java.net.Authenticator proxyCredentials = proxies.authenticator(4);
        if (proxyCredentials != null) connection.setAuthenticator(proxyCredentials);
        int connectMillis = (int) TimeUnit.SECONDS.toMillis(seconds("AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT", 10));
        connection.setConnectTimeout(connectMillis);
        connection.setReadTimeout(connectMillis * 3);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", "aws-oidc-component");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            connection.setRequestProperty("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString(decode(userInfo).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        int code = connection.getResponseCode();
        if (code != 200) throw new IOException("HTTP " + code);
        MessageDigest sha256 = sha256();
        try (InputStream in = connection.getInputStream(); var out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static void checkRepository(String repository) throws Failure {
        URI uri;
        try {
            uri = new URI(repository);
        } catch (URISyntaxException e) {
            throw new Failure("AWS_OIDC_MAVEN_REPOSITORY \"" + Redactor.hideUserInfoOfUrl(repository) + "\" is not a URL. Fix: use the https URL of"
                    + " a Maven Central mirror, e.g. https://nexus.example.com/repository/maven-central, or unset it.");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && uri.getHost() != null && isLoopback(uri.getHost());
        if (uri.getHost() == null || !(scheme.equals("https") || loopbackHttp) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new Failure("AWS_OIDC_MAVEN_REPOSITORY \"" + Redactor.hideUserInfoOfUrl(repository) + "\" must be an https:// URL of a Maven"
                    + " repository without query or fragment (http only on the loopback address). Fix: use the https URL of"
                    + " a Maven Central mirror, e.g. https://nexus.example.com/repository/maven-central, or unset it.");
        }
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) return true;
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:]+")) return false;
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static String decode(String userInfo) {
        return java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, Pin> readPins(Path file) throws IOException {
        Map<String, Pin> pins = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) pins.put(fields[1].substring(fields[1].lastIndexOf('/') + 1), new Pin(fields[0], fields[1]));
        }
        return pins;
    }

    private static int seconds(String variable, int fallback) {
        String value = System.getenv(variable);
        if (value == null || !value.matches("[1-9][0-9]{0,3}")) return fallback;
        return Integer.parseInt(value);
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + " " + Redactor.hideUserInfo(cause.getMessage());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
