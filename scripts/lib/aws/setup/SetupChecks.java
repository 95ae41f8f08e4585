package lib.aws.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lib.aws.Arns;
import lib.aws.IamClients;
import lib.cli.UsageException;
import lib.cli.Values;

/** setup-aws's checks of its own options, each before any AWS call; a bad value is a UsageException naming the option. */
public final class SetupChecks {
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");
    static final int MIN_SESSION = 3600;
    static final int MAX_SESSION = 43200;

    private SetupChecks() {}

    public static String roleName(String value) {
        if (Values.isBlank(value)) {
            throw new UsageException("--role-name (env SETUP_AWS_ROLE_NAME) is missing. Fix: name the role, e.g. --role-name gitlab-deploy");
        }
        String name = value.strip();
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new UsageException("--role-name (env SETUP_AWS_ROLE_NAME) \"" + name + "\" is not a role name. "
                    + "Fix: use 1 to 64 of letters, digits and + = , . @ _ -");
        }
        return name;
    }

    public static String region(String value) {
        String region = value == null ? "" : value.strip();
        if (!Arns.isRegionShaped(region)) {
            throw new UsageException("--region (env AWS_REGION) \"" + value + "\" is not a region. Fix: e.g. --region eu-west-1");
        }
        return region;
    }

    /** The account id, or null when none was given. */
    public static String accountId(String value) {
        if (Values.isBlank(value)) return null;
        if (!ACCOUNT.matcher(value.strip()).matches()) {
            throw new UsageException("--account-id (env TRUST_POLICY_ACCOUNT_ID) \"" + value + "\" is not a 12-digit account id. "
                    + "Fix: e.g. --account-id 123456789012");
        }
        return value.strip();
    }

    public static int maxSession(String value) {
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds >= MIN_SESSION && seconds <= MAX_SESSION) return seconds;
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new UsageException("--max-session-duration (env SETUP_AWS_MAX_SESSION_DURATION) \"" + value + "\" is not allowed. "
                + "Fix: give whole seconds from " + MIN_SESSION + " to " + MAX_SESSION + ", e.g. --max-session-duration 3600");
    }

    public static Map<String, String> tags(List<String> pairs) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : Values.trimmed(pairs)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (eq < 1 || key.isEmpty() || key.length() > 128 || value.length() > 256 || key.toLowerCase().startsWith("aws:")) {
                throw new UsageException("--tag-role (env SETUP_AWS_ROLE_TAGS) \"" + pair + "\" is not a tag. "
                        + "Fix: give KEY=VALUE (key 1 to 128 characters, not starting with aws:, value up to 256), e.g. --tag-role team=platform");
            }
            tags.put(key, value);
        }
        if (tags.size() > 50) throw new UsageException("--tag-role (env SETUP_AWS_ROLE_TAGS): IAM allows 50 tags on a role. Fix: give fewer");
        return tags;
    }

    /** Managed policies of the region's partition, without repeats. */
    public static List<String> policyArns(List<String> values, String partition) {
        List<String> arns = new ArrayList<>();
        for (String arn : Values.trimmed(values)) {
            String policyPartition = Arns.policyPartition(arn);
            if (policyPartition == null || !Arns.isKnownPartition(policyPartition)) {
                throw new UsageException("--policy-arn (env SETUP_AWS_POLICY_ARNS) \"" + arn + "\" is not a managed policy ARN. "
                        + "Fix: e.g. --policy-arn arn:" + partition + ":iam::aws:policy/ReadOnlyAccess");
            }
            if (!policyPartition.equals(partition)) {
                throw new UsageException("--policy-arn (env SETUP_AWS_POLICY_ARNS) \"" + arn + "\" is in partition " + policyPartition
                        + ", the region in " + partition + ". Fix: use policies of the role's partition, or a region of " + policyPartition);
            }
            if (!arns.contains(arn)) arns.add(arn);
        }
        if (arns.size() > 20) {
            throw new UsageException("--policy-arn (env SETUP_AWS_POLICY_ARNS): " + arns.size() + " policies; IAM attaches at most 20 to a role. Fix: combine them");
        }
        return arns;
    }

    public static List<String> thumbprints(List<String> values) {
        List<String> thumbs = Values.trimmed(values);
        for (String t : thumbs) {
            if (!THUMBPRINT.matcher(t).matches()) {
                throw new UsageException("--thumbprint (env SETUP_AWS_THUMBPRINTS) \"" + t + "\" is not a SHA-1 thumbprint. "
                        + "Fix: give 40 hex digits, or leave it out for an instance with a publicly trusted certificate");
            }
        }
        if (thumbs.size() > 5) throw new UsageException("--thumbprint (env SETUP_AWS_THUMBPRINTS): IAM keeps at most 5. Fix: give fewer");
        return thumbs;
    }

    /** The permissions policy read from {@code file}, or null when none was given. */
    public static JsonNode inlinePolicy(Path file, String name) {
        if (file == null) return null;
        if (!POLICY_NAME.matcher(name == null ? "" : name).matches()) {
            throw new UsageException("--inline-policy-name (env SETUP_AWS_INLINE_POLICY_NAME) \"" + name
                    + "\" is not a policy name. Fix: use 1 to 128 of letters, digits and + = , . @ _ -");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + file + "\" cannot be read ("
                    + e.getClass().getSimpleName() + "). Fix: give the path of a JSON permissions policy");
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.has("Statement")) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + file + "\" is not a JSON "
                    + "policy document with a Statement. Fix: give a permissions policy, e.g. {\"Version\":\"2012-10-17\",\"Statement\":[...]}");
        }
        if (node.toString().contains("\"Principal\"")) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + file + "\" names a Principal: "
                    + "that is a trust policy, not permissions. Fix: give the permissions the jobs need; the trust policy is generated");
        }
        return node;
    }

    /** Where IAM or STS calls go: --endpoint-url, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL; null for AWS. */
    public static URI endpoint(String option, Map<String, String> env, String service) {
        try {
            return IamClients.endpoint(option, env, service);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint-url (env SETUP_AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_" + service + ", AWS_ENDPOINT_URL) \""
                    + e.getMessage() + "\" is not an http(s) URL. Fix: e.g. --endpoint-url http://127.0.0.1:5000, or unset it to use AWS");
        }
    }
}
