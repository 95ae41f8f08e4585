package testkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The XML bodies the real STS Query API answers with. */
final class StsXml {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {}

    record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                  String subject, String assumedRoleArn, String assumedRoleId, String provider, String audience) {}

    static String assumeRoleWithWebIdentity(Issued issued, String requestId) {
        StringBuilder xml = new StringBuilder()
                .append("<AssumeRoleWithWebIdentityResponse xmlns=\"").append(NAMESPACE).append("\">\n")
                .append("  <AssumeRoleWithWebIdentityResult>\n")
                .append("    <Credentials>\n")
                .append("      <AccessKeyId>").append(escape(issued.accessKeyId())).append("</AccessKeyId>\n")
                .append("      <SecretAccessKey>").append(escape(issued.secretAccessKey())).append("</SecretAccessKey>\n")
                .append("      <SessionToken>").append(escape(issued.sessionToken())).append("</SessionToken>\n")
                .append("      <Expiration>").append(issued.expiration().truncatedTo(ChronoUnit.SECONDS))
                .append("</Expiration>\n")
                .append("    </Credentials>\n");
        if (issued.subject() != null) {
            xml.append("    <SubjectFromWebIdentityToken>").append(escape(issued.subject()))
                    .append("</SubjectFromWebIdentityToken>\n");
        }
        xml.append("    <AssumedRoleUser>\n")
                .append("      <Arn>").append(escape(issued.assumedRoleArn())).append("</Arn>\n")
                .append("      <AssumedRoleId>").append(escape(issued.assumedRoleId())).append("</AssumedRoleId>\n")
                .append("    </AssumedRoleUser>\n");
        if (issued.provider() != null) xml.append("    <Provider>").append(escape(issued.provider())).append("</Provider>\n");
        if (issued.audience() != null) xml.append("    <Audience>").append(escape(issued.audience())).append("</Audience>\n");
        return xml.append("  </AssumeRoleWithWebIdentityResult>\n")
                .append(metadata(requestId))
                .append("</AssumeRoleWithWebIdentityResponse>\n")
                .toString();
    }

    static String getCallerIdentity(String arn, String userId, String account, String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + escape(arn) + "</Arn>\n"
                + "    <UserId>" + escape(userId) + "</UserId>\n"
                + "    <Account>" + escape(account) + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + metadata(requestId)
                + "</GetCallerIdentityResponse>\n";
    }

    static String error(String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + escape(type) + "</Type>\n"
                + "    <Code>" + escape(code) + "</Code>\n"
                + "    <Message>" + escape(message) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + escape(requestId) + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static String metadata(String requestId) {
        return "  <ResponseMetadata>\n    <RequestId>" + escape(requestId) + "</RequestId>\n  </ResponseMetadata>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
