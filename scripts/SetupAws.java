///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Set up the AWS side for GitLab CI/CD OIDC, idempotently: the IAM OIDC provider and a role with a generated least-privilege trust policy and the permissions you choose; --dry-run prints the plan.
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:iam
//DEPS software.amazon.awssdk:sts
//DEPS software.amazon.awssdk:url-connection-client
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.23.0
//DEPS info.picocli:picocli:4.7.7
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/cli/*.java
//SOURCES lib/aws/*.java
//SOURCES lib/http/*.java
//SOURCES lib/aws/setup/*.java
//SOURCES lib/trust/model/*.java lib/trust/read/*.java lib/trust/lint/*.java lib/trust/generate/*.java
//SOURCES lib/trust/cli/TrustOptions.java lib/trust/cli/Values.java lib/trust/cli/StrictBoolean.java

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
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import lib.aws.AwsCall;
import lib.aws.IamClients;
import lib.aws.setup.IncludeSnippet;
import lib.aws.setup.SetupPlan;
import lib.aws.setup.SetupPlanner;
import lib.aws.setup.SetupRequest;
import lib.cli.Console;
import lib.cli.RuntimeFailure;
import lib.cli.UsageException;
import lib.trust.cli.TrustOptions;
import lib.trust.generate.TrustPolicyGenerator;
import lib.trust.generate.TrustPolicyRequest;
import lib.trust.model.AwsConditionKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

@Command(name = "setup-aws", mixinStandardHelpOptions = true, version = "setup-aws 1.0", sortOptions = false,
        description = {
            "Creates or updates, idempotently, what an AWS account needs so that GitLab CI/CD jobs of one project "
                    + "can assume a role with their ID token: the IAM OIDC identity provider for the GitLab instance "
                    + "(with the audience as client id) and a role whose trust policy admits only the given project "
                    + "and refs or environments, with the permissions you give. Ends by printing the include snippet "
                    + "for the assume-role component.",
            "Runs with your own administrator credentials from the usual AWS chain (AWS_PROFILE, environment, SSO). "
                    + "Reads first, then changes only what differs; things it was not asked about (other client ids, "
                    + "tags, attached policies) are left alone. An existing trust policy that differs is shown as a "
                    + "diff and replaced only with --update-trust.",
            "Exit codes: 0 the account is as asked (also when nothing had to change, and for a --dry-run whose plan "
                    + "can be applied), 1 failure (AWS refused or failed, account mismatch, trust policy differs "
                    + "without --update-trust), 2 bad usage (no AWS call made)."})
public class SetupAws implements Callable<Integer> {
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}|aws):policy/[\\w+=,.@/-]+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");
    private static final String PLACEHOLDER_ACCOUNT = "000000000000";

    // ---- what may assume the role (the same options and variables as trust-policy generate)
    @Mixin
    TrustOptions trustOptions;

    // ---- the role and its permissions
    @Option(names = "--role-name", paramLabel = "NAME", defaultValue = "${env:SETUP_AWS_ROLE_NAME}",
            description = "Role to create or update (env SETUP_AWS_ROLE_NAME). Required.")
    String roleName;

    @Option(names = "--policy-arn", paramLabel = "ARN", split = ",", defaultValue = "${env:SETUP_AWS_POLICY_ARNS}",
            description = "Managed policy to attach, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess; repeatable or comma-separated (env SETUP_AWS_POLICY_ARNS).")
    List<String> policyArns = new ArrayList<>();

    @Option(names = "--inline-policy", paramLabel = "FILE", defaultValue = "${env:SETUP_AWS_INLINE_POLICY_FILE}",
            description = "JSON permissions policy to put on the role as an inline policy (env SETUP_AWS_INLINE_POLICY_FILE).")
    Path inlinePolicy;

    @Option(names = "--inline-policy-name", paramLabel = "NAME", defaultValue = "${env:SETUP_AWS_INLINE_POLICY_NAME:-gitlab-ci}",
            description = "Name of that inline policy (env SETUP_AWS_INLINE_POLICY_NAME; default ${DEFAULT-VALUE}).")
    String inlinePolicyName;

    @Option(names = "--max-session-duration", paramLabel = "SECONDS", defaultValue = "${env:SETUP_AWS_MAX_SESSION_DURATION:-3600}",
            description = "Role's MaxSessionDuration, 3600 to 43200 (env SETUP_AWS_MAX_SESSION_DURATION; default ${DEFAULT-VALUE}).")
    String maxSessionDuration;

    @Option(names = "--tag-role", paramLabel = "KEY=VALUE", split = ",", defaultValue = "${env:SETUP_AWS_ROLE_TAGS}",
            description = "Tag the role must carry; repeatable or comma-separated (env SETUP_AWS_ROLE_TAGS).")
    List<String> roleTags = new ArrayList<>();

    @Option(names = "--thumbprint", paramLabel = "SHA1HEX", split = ",", defaultValue = "${env:SETUP_AWS_THUMBPRINTS}",
            description = "Certificate thumbprint for the provider, only for an instance whose TLS certificate is not from a "
                    + "publicly trusted CA; AWS ignores thumbprints otherwise (env SETUP_AWS_THUMBPRINTS; default: none).")
    List<String> thumbprints = new ArrayList<>();

    // ---- how to run
    @Option(names = "--dry-run", paramLabel = "true|false", defaultValue = "${env:SETUP_AWS_DRY_RUN:-false}",
            description = "Print the plan (create, change, keep) and change nothing (env SETUP_AWS_DRY_RUN; default ${DEFAULT-VALUE}).")
    boolean dryRun;

    @Option(names = "--update-trust", paramLabel = "true|false", defaultValue = "${env:SETUP_AWS_UPDATE_TRUST:-false}",
            description = "Replace an existing role's trust policy when it differs (env SETUP_AWS_UPDATE_TRUST; default ${DEFAULT-VALUE}).")
    boolean updateTrust;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "Region for STS and the aws_region input of the snippet; its partition picks IAM's region (env AWS_REGION; default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account-id", paramLabel = "ID", defaultValue = "${env:TRUST_POLICY_ACCOUNT_ID}",
            description = "Refuse to change anything unless the credentials belong to this account (env TRUST_POLICY_ACCOUNT_ID).")
    String accountId;

    @Option(names = "--endpoint-url", paramLabel = "URL", defaultValue = "${env:SETUP_AWS_ENDPOINT_URL}",
            description = "Send IAM and STS calls here (env SETUP_AWS_ENDPOINT_URL; else AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(names = "--component", paramLabel = "PATH@VERSION", defaultValue = "${env:SETUP_AWS_COMPONENT:-" + IncludeSnippet.DEFAULT_COMPONENT + "}",
            description = "Component reference for the printed include snippet (env SETUP_AWS_COMPONENT; default ${DEFAULT-VALUE}).")
    String component;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    public SetupAws() {
        this(System.getenv());
    }

    /** For tests: the environment credentials and endpoint variables are read from. */
    public SetupAws(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SetupAws()).execute(args));
    }

    private record Inputs(TrustPolicyRequest.Builder trust, int maxSession, Map<String, String> tags, List<String> policyArns,
                          JsonNode inline, List<String> thumbprints, URI iamEndpoint, URI stsEndpoint, String partition) {}

    @Override
    public Integer call() {
        Console console = new Console("setup-aws", spec.commandLine().getOut(), spec.commandLine().getErr());
        Inputs in;
        try {
            in = inputs();
        } catch (UsageException e) {
            console.error(e.getMessage());
            return 2;
        }
        AwsCredentialsProvider credentials = IamClients.credentials(environment);
        try (StsClient sts = IamClients.sts(region, in.stsEndpoint(), credentials);
             IamClient iam = IamClients.iam(in.partition(), in.iamEndpoint(), credentials)) {
            return run(console, in, sts, iam);
        } catch (RuntimeFailure e) {
            console.error(e.getMessage());
            return 1;
        } catch (UsageException e) {
            console.error(e.getMessage());
            return 1;
        }
    }

    private int run(Console console, Inputs in, StsClient sts, IamClient iam) {
        GetCallerIdentityResponse caller = AwsCall.run("sts:GetCallerIdentity", sts::getCallerIdentity);
        String account = caller.account();
        String partition = caller.arn().split(":", 3)[1];
        if (accountId != null && !accountId.isBlank() && !accountId.trim().equals(account)) {
            throw new RuntimeFailure("the credentials belong to account " + account + " (" + caller.arn() + "), not to "
                    + accountId.trim() + " as --account-id (env TRUST_POLICY_ACCOUNT_ID) asks. Nothing was changed. "
                    + "Fix: use credentials of account " + accountId.trim() + " (AWS_PROFILE), or correct --account-id.");
        }
        TrustPolicyRequest trust = in.trust().accountId(account).partition(partition).build();
        String host = AwsConditionKeys.hostOf(trust.gitlabUrl());
        SetupRequest want = new SetupRequest("https://" + host, AwsConditionKeys.providerArn(partition, account, host),
                trust.audience(), in.thumbprints(), roleName, description(), TrustPolicyGenerator.generate(trust), updateTrust,
                in.maxSession(), in.tags(), in.policyArns(), in.inline() == null ? null : inlinePolicyName, in.inline());
        String roleArn = "arn:" + partition + ":iam::" + account + ":role/" + roleName;

        SetupPlan plan = new SetupPlanner(iam).plan(want);
        console.result("Account " + account + " (as " + caller.arn() + ")" + (dryRun ? ", dry run" : ""));
        console.result("Plan:");
        plan.render().forEach(console::result);
        if (plan.blocked()) {
            console.error("role " + roleName + ": its trust policy differs from the one asked for (diff above). "
                    + (dryRun ? "A run without --dry-run would change nothing and fail. " : "Nothing was changed. ")
                    + "Fix: re-run with --update-trust (env SETUP_AWS_UPDATE_TRUST=true) to replace it, or adjust the "
                    + "options until the generated policy is the one you want.");
            return 1;
        }
        if (dryRun) {
            console.result("Dry run: " + plan.changes() + " change(s) planned, nothing was changed.");
        } else if (plan.changes() == 0) {
            console.result("Nothing to change: the account already matches.");
        } else {
            int[] applied = {0};
            try {
                plan.apply(step -> {
                    applied[0]++;
                    console.result("  done    " + step.summary());
                });
            } catch (RuntimeFailure e) {
                throw new RuntimeFailure(e.getMessage() + " " + applied[0] + " of " + plan.changes()
                        + " change(s) were applied before this; run the same command again to finish (it only changes what still differs).");
            }
            console.result("Applied " + applied[0] + " change(s).");
        }
        console.result("");
        console.result("Role ARN: " + roleArn);
        console.result("Add to .gitlab-ci.yml:");
        console.result("");
        IncludeSnippet.lines(component, roleArn, region, trust.audience()).forEach(console::result);
        return 0;
    }

    private String description() {
        return "GitLab CI/CD OIDC role for " + trustOptions.projectPath() + " (managed by setup-aws)";
    }

    // ---- inputs: every check runs before any AWS call

    private Inputs inputs() {
        if (trustOptions.projectPath() == null) {
            throw new UsageException("--project-path (env TRUST_POLICY_PROJECT_PATH) is missing. Fix: name the project whose "
                    + "jobs may assume the role, e.g. --project-path my-group/my-project");
        }
        if (blank(roleName)) {
            throw new UsageException("--role-name (env SETUP_AWS_ROLE_NAME) is missing. Fix: name the role, e.g. --role-name gitlab-deploy");
        }
        roleName = roleName.trim();
        if (!ROLE_NAME.matcher(roleName).matches()) {
            throw new UsageException("--role-name (env SETUP_AWS_ROLE_NAME) \"" + roleName + "\" is not a role name. "
                    + "Fix: use 1 to 64 of letters, digits and + = , . @ _ -");
        }
        if (!REGION.matcher(region == null ? "" : region.trim()).matches()) {
            throw new UsageException("--region (env AWS_REGION) \"" + region + "\" is not a region. Fix: e.g. --region eu-west-1");
        }
        region = region.trim();
        String partition = IamClients.partitionOf(region);
        if (!blank(accountId) && !ACCOUNT.matcher(accountId.trim()).matches()) {
            throw new UsageException("--account-id (env TRUST_POLICY_ACCOUNT_ID) \"" + accountId + "\" is not a 12-digit account id. "
                    + "Fix: e.g. --account-id 123456789012");
        }
        int maxSession = maxSession();
        Map<String, String> tags = tags();
        List<String> arns = new ArrayList<>();
        for (String arn : clean(policyArns)) {
            if (!POLICY_ARN.matcher(arn).matches()) {
                throw new UsageException("--policy-arn (env SETUP_AWS_POLICY_ARNS) \"" + arn + "\" is not a managed policy ARN. "
                        + "Fix: e.g. --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess");
            }
            if (!arns.contains(arn)) arns.add(arn);
        }
        if (arns.size() > 20) {
            throw new UsageException("--policy-arn (env SETUP_AWS_POLICY_ARNS): " + arns.size() + " policies; IAM attaches at most 20 to a role. Fix: combine them");
        }
        List<String> thumbs = clean(thumbprints);
        for (String t : thumbs) {
            if (!THUMBPRINT.matcher(t).matches()) {
                throw new UsageException("--thumbprint (env SETUP_AWS_THUMBPRINTS) \"" + t + "\" is not a SHA-1 thumbprint. "
                        + "Fix: give 40 hex digits, or leave it out for an instance with a publicly trusted certificate");
            }
        }
        if (thumbs.size() > 5) throw new UsageException("--thumbprint (env SETUP_AWS_THUMBPRINTS): IAM keeps at most 5. Fix: give fewer");
        JsonNode inline = inline();
        URI iamEndpoint = endpoint("IAM");
        URI stsEndpoint = endpoint("STS");

        TrustPolicyRequest.Builder trust = trustOptions.request();
        // The generator checks project, refs and URL; with a stand-in account it does so before any AWS call.
        TrustPolicyGenerator.generate(trust.accountId(PLACEHOLDER_ACCOUNT).partition(partition).build());
        return new Inputs(trust, maxSession, tags, arns, inline, thumbs, iamEndpoint, stsEndpoint, partition);
    }

    private int maxSession() {
        try {
            int seconds = Integer.parseInt(maxSessionDuration.trim());
            if (seconds >= 3600 && seconds <= 43200) return seconds;
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new UsageException("--max-session-duration (env SETUP_AWS_MAX_SESSION_DURATION) \"" + maxSessionDuration
                + "\" is not allowed. Fix: give whole seconds from 3600 to 43200, e.g. --max-session-duration 3600");
    }

    private Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : clean(roleTags)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (eq < 1 || key.isEmpty() || key.length() > 128 || value.length() > 256 || key.toLowerCase().startsWith("aws:")) {
                throw new UsageException("--tag-role (env SETUP_AWS_ROLE_TAGS) \"" + pair + "\" is not a tag. "
                        + "Fix: give KEY=VALUE (key 1 to 128 characters, not starting with aws:, value up to 256), e.g. --tag-role team=platform");
            }
            tags.put(key, value);
        }
        if (tags.size() > 50) throw new UsageException("--tag-role (env SETUP_AWS_ROLE_TAGS): IAM allows 50 tags on a role. Fix: give fewer");
        return tags;
    }

    private JsonNode inline() {
        if (inlinePolicy == null) return null;
        if (!POLICY_NAME.matcher(inlinePolicyName == null ? "" : inlinePolicyName).matches()) {
            throw new UsageException("--inline-policy-name (env SETUP_AWS_INLINE_POLICY_NAME) \"" + inlinePolicyName
                    + "\" is not a policy name. Fix: use 1 to 128 of letters, digits and + = , . @ _ -");
        }
        String text;
        try {
            text = Files.readString(inlinePolicy);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + inlinePolicy + "\" cannot be read ("
                    + e.getClass().getSimpleName() + "). Fix: give the path of a JSON permissions policy");
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.has("Statement")) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + inlinePolicy + "\" is not a JSON "
                    + "policy document with a Statement. Fix: give a permissions policy, e.g. {\"Version\":\"2012-10-17\",\"Statement\":[...]}");
        }
        if (node.has("Statement") && node.toString().contains("\"Principal\"")) {
            throw new UsageException("--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"" + inlinePolicy + "\" names a Principal: "
                    + "that is a trust policy, not permissions. Fix: give the permissions the jobs need; the trust policy is generated");
        }
        return node;
    }

    private URI endpoint(String service) {
        try {
            return IamClients.endpoint(endpointUrl, environment, service);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint-url (env SETUP_AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_" + service + ", AWS_ENDPOINT_URL) \""
                    + e.getMessage() + "\" is not an http(s) URL. Fix: e.g. --endpoint-url http://127.0.0.1:5000, or unset it to use AWS");
        }
    }

    private static List<String> clean(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) values.stream().map(String::trim).filter(v -> !v.isEmpty()).forEach(out::add);
        return out;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

}
