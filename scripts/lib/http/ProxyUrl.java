package lib.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lib.cli.Redactor;
import lib.cli.UsageException;

/**
 * One proxy from an environment variable, read as botocore reads it: no scheme means http://,
 * the user info ends at the last '@' of the host part, user and password are percent-decoded,
 * and credentials count only when both are non-empty. The password is never shown.
 */
public record ProxyUrl(String variable, String host, int port, String user, String password) {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final String FORM = "Use http://host:port, e.g. http://proxy.example.com:3128, with user:password@ before the host "
            + "when the proxy wants credentials (percent-encode / ? # % in them: %2F %3F %23 %25), or unset the variable";

    /** The value of {@code variable} as a proxy, or a usage error naming the variable with the password hidden. */
    public static ProxyUrl parse(String variable, String value) {
        String raw = value.strip();
        String shown = Redactor.hideUserInfoOfUrl(raw);
        Matcher scheme = SCHEME.matcher(raw);
        String rest;
        if (scheme.lookingAt()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("https")) {
                throw invalid(variable, shown, "asks for TLS to the proxy itself (https://), which the Java exchange does not speak; "
                        + "an http:// proxy still carries https to AWS end to end through a CONNECT tunnel", "Use http://host:port");
            }
            if (!name.equals("http")) throw invalid(variable, shown, "is a " + name + ":// proxy; only HTTP proxies are supported", FORM);
            rest = raw.substring(scheme.end());
        } else {
            rest = raw.startsWith("//") ? raw.substring(2) : raw;
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) end = at;
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        String host = hostPort;
        int port = 80;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            String digits = hostPort.substring(colon + 1);
            try {
                port = digits.isEmpty() ? 80 : Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw invalid(variable, shown, "has no usable port (a '/' in the password ends the host part early: percent-encode it)", FORM);
            }
        }
        if (!HOST.matcher(host).matches()) throw invalid(variable, shown, "has no usable host name", FORM);
        String user = null;
        String password = null;
        if (userInfo != null) {
            int split = userInfo.indexOf(':');
            user = decode(split < 0 ? userInfo : userInfo.substring(0, split), variable, shown);
            password = split < 0 ? null : decode(userInfo.substring(split + 1), variable, shown);
            Redactor.register(password);
            Redactor.register(userInfo);
        }
        return new ProxyUrl(variable, host, port, user, password);
    }

    /** True when the proxy gets Basic credentials (botocore sends them only when both parts are non-empty). */
    public boolean hasCredentials() {
        return user != null && !user.isEmpty() && password != null && !password.isEmpty();
    }

    public Proxy javaProxy() {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host.replace("[", "").replace("]", ""), port));
    }

    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public PasswordAuthentication credentials() {
        return new PasswordAuthentication(user, password.toCharArray());
    }

    /** "HTTPS_PROXY (http://proxy.example.com:3128, with credentials)": never the password. */
    public String describe() {
        return variable + " (http://" + host + ":" + port + (hasCredentials() ? ", with credentials" : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String decode(String text, String variable, String shown) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }

    private static UsageException invalid(String variable, String shown, String problem, String fix) {
        return new UsageException(variable + " \"" + shown + "\" is not a usable proxy URL: it " + problem + ". " + fix);
    }
}
