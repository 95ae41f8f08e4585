package lib.aws.setup;

import java.util.List;
import lib.exchange.ExchangeInput;

/** The .gitlab-ci.yml lines that use the role: the component include with its inputs filled in. */
public final class IncludeSnippet {
    public static final String DEFAULT_COMPONENT = "$CI_SERVER_FQDN/<group>/<project>/assume-role@<version>";

    private IncludeSnippet() {}

    public static List<String> lines(String component, String roleArn, String region, String audience) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "include:",
                "  - component: " + component,
                "    inputs:",
                "      role_arn: " + roleArn,
                "      aws_region: " + region));
        if (audience != null && !audience.equals(ExchangeInput.AUDIENCE.defaultValue())) lines.add("      audience: " + audience);
        lines.addAll(List.of(
                "",
                "deploy:",
                "  extends: .aws-oidc",
                "  script: aws sts get-caller-identity"));
        return lines;
    }
}
