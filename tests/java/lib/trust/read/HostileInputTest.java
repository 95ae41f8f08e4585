package lib.trust.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lib.trust.lint.Finding;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.model.PolicyDocument;
import org.junit.jupiter.api.Test;

/** Files an attacker (or an accident) can put in a merge request: refused cleanly, read in linear time. */
class HostileInputTest {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJwcm9qZWN0X3BhdGg6YWNtZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";

    @Test
    void a200000DeepJsonArrayIsAReadErrorNotAStackOverflow() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        PolicyReadException e = assertThrows(PolicyReadException.class, () -> PolicySources.read("deep.json", deep));
        assertTrue(e.getMessage().startsWith("deep.json: "), e.getMessage());
        assertThrows(PolicyReadException.class, () -> PolicySources.read("deep.yaml", deep));
        String unclosed = "[".repeat(200_000);
        assertThrows(PolicyReadException.class, () -> PolicySources.read("open.json", unclosed));
    }

    @Test
    void deeplyNestedYamlIsAReadError() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 1_000; i++) yaml.append(" ".repeat(i)).append("a:\n");
        yaml.append(" ".repeat(1_000)).append("b\n");
        assertThrows(PolicyReadException.class, () -> PolicySources.read("deep.yml", yaml.toString()));
    }

    @Test
    void deeplyNestedJsonencodeInTerraformIsAReadError() {
        String hcl = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode("
                + "{a = ".repeat(200_000) + "1" + "}".repeat(200_000) + ")\n}\n";
        PolicyReadException e = assertThrows(PolicyReadException.class, () -> PolicySources.read("deep.tf", hcl));
        assertTrue(e.getMessage().contains("nested deeper than"), e.getMessage());
        String brackets = "locals {\n  x = " + "[".repeat(200_000) + "\n}\n";
        assertThrows(PolicyReadException.class, () -> HclParser.parse(brackets));
    }

    @Test
    void aShortUnicodeEscapeInTerraformIsAReadError() {
        String hcl = """
                resource "aws_iam_role" "r" {
                  assume_role_policy = jsonencode({ Version = "\\u12" })
                }
                """;
        PolicyReadException e = assertThrows(PolicyReadException.class, () -> PolicySources.read("escape.tf", hcl));
        assertTrue(e.getMessage().contains("four hex digits"), e.getMessage());
        String atEnd = "locals {\n  x = \"\\u1";
        assertThrows(PolicyReadException.class, () -> HclParser.parse(atEnd));
    }

    @Test
    void errorMessagesCarryNoTokenShapedValue() {
        List<String> inputs = List.of(
                "{\"Statement\": [" + TOKEN + ", {",
                "{\"Statement\": [\"" + TOKEN + "\" " + TOKEN + "]}",
                TOKEN);
        for (String input : inputs) {
            PolicyReadException e = assertThrows(PolicyReadException.class, () -> PolicySources.read("t.json", input));
            assertFalse(e.getMessage().contains("eyJ"), e.getMessage());
            assertFalse(e.getMessage().contains("c2lnbmF0dXJl"), e.getMessage());
            assertTrue(e.getMessage().length() < 200, e.getMessage());
        }
        String hcl = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ " + TOKEN + " })\n}\n"
                + "# AssumeRoleWithWebIdentity\n";
        PolicyReadException e = assertThrows(PolicyReadException.class, () -> PolicySources.read("t.tf", hcl));
        assertFalse(e.getMessage().contains("eyJ"), e.getMessage());
        String json = "{\"Role\": {\"AssumeRolePolicyDocument\": \"{" + TOKEN + "\"}}";
        e = assertThrows(PolicyReadException.class, () -> PolicySources.read("role.json", json));
        assertFalse(e.getMessage().contains("eyJ"), e.getMessage());
    }

    @Test
    void excerptRedactsAndShortens() {
        assertEquals("x <redacted> y", Excerpt.of("x " + TOKEN + " y"));
        assertTrue(Excerpt.of("a".repeat(10) + " " + "b ".repeat(100)).length() <= Excerpt.LONGEST + 3);
    }

    /**
     * Linear means 4 times the input takes about 4 times as long; quadratic would take 16 times.
     * Garbage collection of a 7 MB input on a busy 2-core machine was seen to push a linear run to 8.3.
     */
    static final double MOST_RATIO_FOR_FOUR_TIMES_THE_INPUT = 12;

    @Test
    void effectKeysUpToSevenMegabytesLintInLinearTime() {
        String small = effectKeys(20_000);
        String big = effectKeys(80_000);
        assertTrue(big.length() > 7_000_000, "over 7 MB, more than the 2 MB that took 36 s before: " + big.length());
        List<Finding> findings = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertLinear(() -> lintFirst(small), () -> lintFirst(big));
            return lintFirst(big);
        });
        assertEquals(80_000, findings.stream().map(Finding::line).distinct().count(), "one line per statement");
        assertEquals(80_001, findings.get(findings.size() - 1).line());
    }

    @Test
    void aCloudFormationTemplateWithUpTo3200RolesReadsInLinearTime() {
        String small = roles(800);
        String big = roles(3200);
        assertTrue(big.length() > 2_400_000, "about 2.4 MB: " + big.length());
        List<PolicyDocument> docs = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertLinear(() -> PolicySources.read("stack.template.json", small), () -> PolicySources.read("stack.template.json", big));
            return PolicySources.read("stack.template.json", big);
        });
        assertEquals(3200, docs.size());
        assertEquals("Role799", docs.get(799).label());
        assertEquals(5 + 799 * 6, docs.get(799).statements().get(0).line(), "the line of Sid S799");
    }

    /** The best of three runs of each size (after a warm-up of both), so a busy machine or the JIT does not decide. */
    static void assertLinear(Runnable small, Runnable fourTimesAsBig) {
        small.run();
        fourTimesAsBig.run();
        small.run();
        long smallNanos = bestOfThree(small);
        long bigNanos = bestOfThree(fourTimesAsBig);
        double ratio = (double) bigNanos / Math.max(1, smallNanos);
        assertTrue(ratio < MOST_RATIO_FOR_FOUR_TIMES_THE_INPUT, String.format(
                "4 times the input took %.1f times as long (%d ms against %d ms): not linear", ratio, bigNanos / 1_000_000, smallNanos / 1_000_000));
    }

    private static long bestOfThree(Runnable work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static List<Finding> lintFirst(String json) {
        return TrustPolicyLinter.lint(PolicySources.read("big.json", json).get(0));
    }

    private static String effectKeys(int statements) {
        StringBuilder json = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [\n");
        for (int i = 0; i < statements; i++) {
            if (i > 0) json.append(",\n");
            json.append("{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::1:oidc-provider/gitlab.com\"}}");
        }
        return json.append("\n]}\n").toString();
    }

    private static String roles(int count) {
        StringBuilder cfn = new StringBuilder("{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\n");
        for (int i = 0; i < count; i++) {
            if (i > 0) cfn.append(",\n");
            cfn.append("\"Role").append(i).append("\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\n")
                    .append("  \"Description\": \"").append("padding ".repeat(80)).append("\",\n")
                    .append("  \"AssumeRolePolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [{\n")
                    .append("    \"Sid\": \"S").append(i).append("\", \"Effect\": \"Allow\",\n")
                    .append("    \"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},\n")
                    .append("    \"Action\": \"sts:AssumeRoleWithWebIdentity\"}]}}}");
        }
        return cfn.append("\n}}\n").toString();
    }
}
