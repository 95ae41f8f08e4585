package lib.sts;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import lib.cli.Redactor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The readable text of an answer that is not an STS error (a proxy's or load balancer's page):
 * tags dropped, whitespace collapsed, control characters escaped, secrets masked before it is
 * shortened (so no cut can leave part of a token unmasked).
 */
final class AnswerExcerpt {
    private static final int LONGEST = 300;
    private static final Pattern HIDDEN_BLOCKS = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

    private AnswerExcerpt() {}

    /** The excerpt, or empty when the answer had no body with text in it. */
    static String of(AwsServiceException service) {
        if (service.awsErrorDetails() == null || service.awsErrorDetails().rawResponse() == null) return "";
        return of(service.awsErrorDetails().rawResponse().asString(StandardCharsets.UTF_8));
    }

    static String of(String body) {
        String text = TAGS.matcher(HIDDEN_BLOCKS.matcher(body).replaceAll(" ")).replaceAll(" ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        StringBuilder clean = new StringBuilder();
        text.strip().codePoints().forEach(c -> {
            if (Character.isWhitespace(c)) {
                if (clean.length() > 0 && clean.charAt(clean.length() - 1) != ' ') clean.append(' ');
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                clean.append(String.format("\\u%04x", c));
            } else {
                clean.appendCodePoint(c);
            }
        });
        String masked = Redactor.clean(clean.toString().strip());
        return masked.length() > LONGEST ? masked.substring(0, LONGEST) + "..." : masked;
    }
}
