package project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Proc;
import testkit.Tools;

/**
 * The before_script writes every input of the include into the script text (no CI/CD variable
 * can change them). No value an input's regex accepts may end its quote or here-document: each
 * hostile value the regex lets through must arrive in its shell variable unchanged, running
 * nothing. A loosened regex (one that lets a quote or a line break through) fails here.
 */
class InputQuotingTest {
    private static final Path TEMPLATE = Tools.ROOT.resolve("templates/assume-role.yml");
    /** A value each input accepts, the base the hostile fragments are put into. */
    private static final Map<String, String> VALID = Map.ofEntries(
            Map.entry("role_arn", "arn:aws:iam::123456789012:role/deploy"), Map.entry("aws_region", "eu-west-1"),
            Map.entry("audience", "sts.amazonaws.com"), Map.entry("session_name", "deploy"), Map.entry("profile", "ci"),
            Map.entry("as", ".aws-oidc"), Map.entry("token_variable", "AWS_OIDC_TOKEN"),
            Map.entry("session_policy", "{\"Version\":\"2012-10-17\"}"), Map.entry("sts_endpoint", "https://sts.example.com"),
            Map.entry("credential_mode", "auto"), Map.entry("java_exchange", "preferred"), Map.entry("ca_bundle", "certs/ca.pem"),
            Map.entry("use_fips_endpoint", "false"), Map.entry("use_dualstack_endpoint", "false"));
    /** The shell variable the before_script gives each input's value. */
    private static final Map<String, String> VARIABLE = Map.ofEntries(
            Map.entry("role_arn", "AWS_OIDC_ROLE_ARN"), Map.entry("aws_region", "AWS_OIDC_REGION"),
            Map.entry("audience", "AWS_OIDC_AUDIENCE"), Map.entry("session_name", "AWS_OIDC_SESSION_NAME"),
            Map.entry("profile", "AWS_OIDC_PROFILE"), Map.entry("token_variable", "AWS_OIDC_TOKEN_VARIABLE"),
            Map.entry("session_policy", "AWS_OIDC_SESSION_POLICY"), Map.entry("sts_endpoint", "AWS_OIDC_STS_ENDPOINT"),
            Map.entry("allowed_account_ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS"), Map.entry("policy_arns", "AWS_OIDC_POLICY_ARNS"),
            Map.entry("ca_bundle", "AWS_OIDC_CA_BUNDLE_INPUT"));

    @TempDir Path temp;

    List<String> fragments(Path mark) {
        return List.of("'", "'; touch " + mark + "; '", "\nAWS_OIDC_INPUT_EOF\ntouch " + mark + "\n", "AWS_OIDC_INPUT_EOF",
                "$(touch " + mark + ")", "`touch " + mark + "`", "\n", "\r\n", "\u0000", "\\", "\"", "${PATH}");
    }

    /** Each fragment alone, before, inside and after a valid value (and inside braces for JSON). */
    List<String> candidates(String valid, String fragment) {
        int middle = valid.length() / 2;
        return List.of(fragment, fragment + valid, valid + fragment, valid.substring(0, middle) + fragment + valid.substring(middle),
                "{" + fragment + "}", "{\"Sid\":\"" + fragment + "\"}");
    }

    @Test
    void everyValueAStringInputsRegexAcceptsArrivesUnchangedAndRunsNothing() throws IOException {
        Path mark = temp.resolve("injected");
        Map<String, Pattern> regexes = inputRegexes();
        assertTrue(regexes.keySet().containsAll(List.of("role_arn", "aws_region", "session_policy", "sts_endpoint", "audience")), regexes::toString);
        int tried = 0;
        for (var input : regexes.entrySet()) {
            String variable = VARIABLE.get(input.getKey());
            if (variable == null) continue;
            for (String fragment : fragments(mark)) {
                for (String value : candidates(VALID.get(input.getKey()), fragment)) {
                    if (!input.getValue().matcher(value).find()) continue;
                    tried++;
                    Map<String, String> values = new LinkedHashMap<>(Map.of(input.getKey(), value));
                    assertEquals(value, runInputs(values).get(variable), input.getKey() + " = " + printable(value));
                    assertFalse(Files.exists(mark), input.getKey() + " = " + printable(value) + " ran a command");
                }
            }
        }
        assertTrue(tried > 20, "hostile values that the regexes accept were tried: " + tried);
    }

    /** Arrays have no regex: GitLab writes them on one line (Ruby's inspect, JSON in gitlab-ci-local). */
    @Test
    void arrayInputsArriveOnOneLineWhateverTheirElementsHold() throws IOException {
        Path mark = temp.resolve("injected");
        for (String fragment : fragments(mark)) {
            String json = new ObjectMapper().writeValueAsString(List.of("123456789012", fragment));
            Map<String, String> shell = runInputs(Map.of("allowed_account_ids", json, "policy_arns", json));
            assertEquals(json, shell.get("AWS_OIDC_ALLOWED_ACCOUNT_IDS"), printable(fragment));
            assertEquals(json, shell.get("AWS_OIDC_POLICY_ARNS"), printable(fragment));
            assertFalse(Files.exists(mark), printable(fragment) + " ran a command");
        }
    }

    @Test
    void noRegexAcceptsALineBreakAndNoSingleQuotedInputAQuote() throws IOException {
        for (var input : inputRegexes().entrySet()) {
            for (String fragment : List.of("\n", "\r", "'")) {
                // session_policy is read from a here-document, where a quote is plain text.
                if (fragment.equals("'") && input.getKey().equals("session_policy")) continue;
                for (String value : candidates(VALID.get(input.getKey()), fragment)) {
                    assertFalse(input.getValue().matcher(value).find(), input.getKey() + " accepts " + printable(value));
                }
            }
        }
    }

    private Map<String, Pattern> inputRegexes() throws IOException {
        Map<String, Pattern> regexes = new LinkedHashMap<>();
        ComponentSpec.read(TEMPLATE).inputs().forEach(input -> {
            // GitLab checks inputs with RE2, where $ is the end of the text; in Java it also matches before a final \n.
            if (input.regex() != null) regexes.put(input.name(), Pattern.compile(input.regex().replace("$", "\\z")));
        });
        return regexes;
    }

    /** Runs the template's inputs block with these values (others valid) and returns the variables it set. */
    private Map<String, String> runInputs(Map<String, String> values) throws IOException {
        String template = Files.readString(TEMPLATE);
        String block = template.substring(template.indexOf("# aws-oidc: the include's inputs"), template.indexOf("# The job-private directory"));
        block = block.replaceAll("(?m)^      ", "");
        Map<String, String> all = new LinkedHashMap<>(VALID);
        all.put("allowed_account_ids", "[]");
        all.put("policy_arns", "[]");
        all.put("duration_seconds", "3600");
        all.putAll(values);
        for (var input : all.entrySet()) block = block.replace("$[[ inputs." + input.getKey() + " ]]", input.getValue());
        block = block.replace("$[[ component.sha ]]", "0123456789abcdef0123456789abcdef01234567");
        StringBuilder script = new StringBuilder(block).append('\n');
        List<String> variables = new ArrayList<>(VARIABLE.values());
        for (String variable : variables) script.append("printf '%s\\0' \"$").append(variable).append("\"\n");
        Path file = temp.resolve("inputs.sh");
        Files.writeString(file, script);
        Proc.Result result = Proc.of("sh", file.toString()).dir(temp).run();
        String[] printed = result.stdout().split("\u0000", -1);
        Map<String, String> shell = new LinkedHashMap<>();
        for (int i = 0; i < variables.size() && i < printed.length; i++) shell.put(variables.get(i), printed[i]);
        return shell;
    }

    private static String printable(String value) {
        return value.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
    }
}
