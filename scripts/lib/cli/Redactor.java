package lib.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence for output: every message a command prints passes through here. Any
 * secret registered (the ID token, its signature, a secret key, a session token, a proxy
 * password) is masked, and so is the user:password part of every URL in the text, whatever
 * characters the password holds.
 */
public final class Redactor {
    public static final String MASK = "****";
    /** What stands for a URL's user:password part; the shell path of the component prints the same. */
    public static final String USER_INFO_MASK = "(user info hidden)";
    private static final int SHORTEST_SECRET = 8;
    private static final List<String> SECRETS = new ArrayList<>();
    private static final Pattern URL_START = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    private Redactor() {}

    public static synchronized void register(String secret) {
        if (secret != null && secret.length() >= SHORTEST_SECRET) SECRETS.add(secret);
    }

    public static synchronized String clean(String text) {
        if (text == null) return null;
        String result = text;
        for (String secret : SECRETS) result = result.replace(secret, MASK);
        return hideUserInfo(result);
    }

    /**
     * Every URL in free text with everything between "://" and the last '@' before the next
     * whitespace masked. A password may hold '/', '@', ':' or quotes, so no URL grammar decides
     * where it ends; a URL whose path holds an '@' loses a little more than its user info.
     */
    public static String hideUserInfo(String text) {
        if (text == null || text.indexOf('@') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        Matcher start = URL_START.matcher(text);
        int copied = 0;
        while (copied < text.length() && start.find(copied)) {
            int authority = start.end();
            int end = authority;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
            int at = text.lastIndexOf('@', end - 1);
            if (at >= authority) {
                out.append(text, copied, authority).append(USER_INFO_MASK);
                copied = at;
            } else {
                out.append(text, copied, end);
                copied = end;
            }
        }
        return out.append(text, Math.min(copied, text.length()), text.length()).toString();
    }

    /**
     * One value that is meant to be a single URL (an option, a variable), shown with everything
     * before its last '@' after the scheme masked, spaces included; without a scheme (a proxy
     * written as user:pass@host:port) everything before the last '@'.
     */
    public static String hideUserInfoOfUrl(String url) {
        if (url == null) return null;
        int at = url.lastIndexOf('@');
        if (at < 0) return url;
        Matcher start = URL_START.matcher(url);
        int authority = start.lookingAt() ? start.end() : url.startsWith("//") ? 2 : 0;
        if (at < authority) return url;
        return url.substring(0, authority) + USER_INFO_MASK + url.substring(at);
    }
}
