package lib.aws.inspect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IAM role ARN taken apart: partition, account and the role name (the part after the last /). */
public record RoleArn(String arn, String partition, String account, String name) {
    private static final Pattern ROLE = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");

    /** Null when the text is not a role ARN. */
    public static RoleArn parse(String text) {
        if (text == null) return null;
        Matcher m = ROLE.matcher(text.trim());
        return m.matches() ? new RoleArn(text.trim(), m.group(1), m.group(2), m.group(3)) : null;
    }
}
