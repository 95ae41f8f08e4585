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
//SOURCES lib/exchange/ExchangeInput.java
//SOURCES lib/aws/*.java
//SOURCES lib/http/*.java
//SOURCES lib/aws/setup/*.java
//SOURCES lib/trust/model/*.java lib/trust/read/*.java lib/trust/eval/*.java lib/trust/lint/*.java lib/trust/generate/*.java
//SOURCES lib/trust/cli/TrustOptions.java lib/trust/cli/StrictBoolean.java lib/trust/cli/TokenIds.java lib/trust/cli/ExplainClaims.java

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lib.aws.Arns;
import lib.aws.AwsCall;
import lib.aws.IamClients;
import lib.aws.setup.IncludeSnippet;
import lib.aws.setup.PlanRun;
import lib.aws.setup.SetupChecks;
import lib.aws.setup.SetupPlanner;
import lib.aws.setup.SetupRequest;
import lib.cli.Console;
import lib.cli.HelpLayout;
import lib.cli.RuntimeFailure;
import lib.cli.UsageErrors;
import lib.cli.UsageException;
import lib.cli.Values;
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

@Command(name = "setup-aws", mixinStandardHelpOptions = true, version = "setup-aws 1.0.0", sortOptions = false,
        description = {
            "Creates or updates, idempotently, the IAM OIDC provider for a GitLab instance and a role that only the "
                    + "given project's refs or environments can assume, then prints the include snippet. Uses your own "
                    + "credentials (AWS_PROFILE, SSO, environment) and changes only what differs.",
            "Every option also reads the environment variable named in its help. More: docs/setup-aws.md."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  setup-aws --project-path my-group/my-project --role-name gitlab-deploy \\",
            "      --branch main --ref-protected \\",
            "      --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess --dry-run",
            "  setup-aws --project-path my-group/my-project --role-name gitlab-prod \\",
            "      --environment production --ref-protected \\",
            "      --sub-components project_path,ref_type,ref,environment \\",
            "      --inline-policy deploy-permissions.json --account-id 123456789012",
            "",
            "Exit codes: 0 the account is as asked (or the --dry-run plan can be applied), 1 failure (AWS refused, "
                    + "account mismatch, trust policy differs without --update-trust), 2 bad usage (no AWS call made)."})
public class SetupAws implements Callable<Integer> {
    private static final String PLACEHOLDER_ACCOUNT = "000000000000";

    // ---- what may assume the role (the same options and variables as trust-policy generate)
    @Mixin
    TrustOptions trustOptions;

    // ---- the role and its permissions
    @Option(names = "--role-name", paramLabel = "NAME", defaultValue = "${env:SETUP_AWS_ROLE_NAME}",
            description = "Role to create or update. Required (env SETUP_AWS_ROLE_NAME).")
    String roleName;

    @Option(names = "--policy-arn", hideParamSyntax = true, paramLabel = "ARN", split = ",", defaultValue = "${env:SETUP_AWS_POLICY_ARNS}",
            description = "Managed policy to attach; repeatable (env SETUP_AWS_POLICY_ARNS).")
    List<String> policyArns = new ArrayList<>();

    @Option(names = "--inline-policy", paramLabel = "FILE", defaultValue = "${env:SETUP_AWS_INLINE_POLICY_FILE}",
            description = "JSON permissions policy to put on the role (env SETUP_AWS_INLINE_POLICY_FILE).")
    Path inlinePolicy;

    @Option(names = "--inline-policy-name", paramLabel = "NAME", defaultValue = "${env:SETUP_AWS_INLINE_POLICY_NAME:-gitlab-ci}",
            description = "Its name (env SETUP_AWS_INLINE_POLICY_NAME; default ${DEFAULT-VALUE}).")
    String inlinePolicyName;

    @Option(names = "--max-session-duration", paramLabel = "S", defaultValue = "${env:SETUP_AWS_MAX_SESSION_DURATION:-3600}",
            description = "3600 to 43200 (env SETUP_AWS_MAX_SESSION_DURATION; default ${DEFAULT-VALUE}).")
    String maxSessionDuration;

    @Option(names = "--tag-role", hideParamSyntax = true, paramLabel = "KEY=VALUE", split = ",", defaultValue = "${env:SETUP_AWS_ROLE_TAGS}",
            description = "Tag the role must carry; repeatable (env SETUP_AWS_ROLE_TAGS).")
    List<String> roleTags = new ArrayList<>();

    @Option(names = "--thumbprint", hideParamSyntax = true, paramLabel = "SHA1HEX", split = ",", defaultValue = "${env:SETUP_AWS_THUMBPRINTS}",
            description = "Only for an instance without a publicly trusted TLS certificate (env SETUP_AWS_THUMBPRINTS).")
    List<String> thumbprints = new ArrayList<>();

    // ---- how to run
    @Option(names = "--dry-run", paramLabel = "true|false", defaultValue = "${env:SETUP_AWS_DRY_RUN:-false}",
            description = "Print the plan, change nothing (env SETUP_AWS_DRY_RUN).")
    boolean dryRun;

    @Option(names = "--update-trust", paramLabel = "true|false", defaultValue = "${env:SETUP_AWS_UPDATE_TRUST:-false}",
            description = "Replace a trust policy that differs (env SETUP_AWS_UPDATE_TRUST).")
    boolean updateTrust;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "Region for STS and the snippet (env AWS_REGION; default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account-id", paramLabel = "ID", defaultValue = "${env:TRUST_POLICY_ACCOUNT_ID}",
            description = "Change nothing unless the credentials are of this account (env TRUST_POLICY_ACCOUNT_ID).")
    String accountId;

    @Option(names = "--endpoint-url", paramLabel = "URL", defaultValue = "${env:SETUP_AWS_ENDPOINT_URL}",
            description = "Send IAM and STS calls here (env SETUP_AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(names = "--component", paramLabel = "PATH@VERSION", defaultValue = "${env:SETUP_AWS_COMPONENT:-" + IncludeSnippet.DEFAULT_COMPONENT + "}",
            description = "Component in the printed snippet (env SETUP_AWS_COMPONENT; default ${DEFAULT-VALUE}).")
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
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(new SetupAws());
    }

    /** The command as main runs it: short usage errors, grouped help. */
    static CommandLine commandLine(SetupAws setup) {
        CommandLine command = UsageErrors.install(new CommandLine(setup).setUsageHelpLongOptionsMaxWidth(24));
        return HelpLayout.headings(command, Map.of("--project-path", "Who may assume the role:",
                "--role-name", "The role and its permissions:", "--dry-run", "How to run:", "--help", "Help:"));
    }

    private record Inputs(TrustPolicyRequest.Builder trust, String roleName, String region, String accountId, int maxSession,
                          Map<String, String> tags, List<String> policyArns, JsonNode inline, List<String> thumbprints,
                          URI iamEndpoint, URI stsEndpoint, String partition) {}

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
        try (StsClient sts = IamClients.sts(in.region(), in.stsEndpoint(), credentials);
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
        if (in.accountId() != null && !in.accountId().equals(account)) {
            throw new RuntimeFailure("the credentials belong to account " + account + " (" + caller.arn() + "), not to "
                    + in.accountId() + " as --account-id (env TRUST_POLICY_ACCOUNT_ID) asks. Nothing was changed. "
                    + "Fix: use credentials of account " + in.accountId() + " (AWS_PROFILE), or correct --account-id.");
        }
        TrustPolicyRequest trust = in.trust().accountId(account).partition(partition).build();
        String host = AwsConditionKeys.hostOf(trust.gitlabUrl());
        SetupRequest want = new SetupRequest("https://" + host, AwsConditionKeys.providerArn(partition, account, host),
                trust.audience(), in.thumbprints(), in.roleName(), description(), TrustPolicyGenerator.generate(trust), updateTrust,
                in.maxSession(), in.tags(), in.policyArns(), in.inline() == null ? null : inlinePolicyName, in.inline());

        console.result("Account " + account + " (as " + caller.arn() + ")" + (dryRun ? ", dry run" : ""));
        TrustPolicyGenerator.notes(trust, trustOptions.token()).forEach(console::warn);
        int exit = PlanRun.showAndApply(new SetupPlanner(iam).plan(want), in.roleName(), dryRun, console);
        if (exit != 0) return exit;
        String roleArn = Arns.roleArn(partition, account, in.roleName());
        console.result("");
        console.result("Role ARN: " + roleArn);
        console.result("Add to .gitlab-ci.yml:");
        console.result("");
        IncludeSnippet.lines(component, roleArn, in.region(), trust.audience()).forEach(console::result);
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
        String role = SetupChecks.roleName(roleName);
        String checkedRegion = SetupChecks.region(region);
        String partition = Arns.partitionOfRegion(checkedRegion);
        String account = SetupChecks.accountId(accountId);
        int maxSession = SetupChecks.maxSession(maxSessionDuration);
        Map<String, String> tags = SetupChecks.tags(roleTags);
        List<String> arns = SetupChecks.policyArns(policyArns, partition);
        List<String> thumbs = SetupChecks.thumbprints(thumbprints);
        JsonNode inline = SetupChecks.inlinePolicy(inlinePolicy, inlinePolicyName);
        URI iamEndpoint = SetupChecks.endpoint(endpointUrl, environment, "IAM");
        URI stsEndpoint = SetupChecks.endpoint(endpointUrl, environment, "STS");
        TrustPolicyRequest.Builder trust = trustRequest();
        // The generator checks project, refs and URL; with a stand-in account it does so before any AWS call.
        TrustPolicyGenerator.generate(trust.accountId(PLACEHOLDER_ACCOUNT).partition(partition).build());
        return new Inputs(trust, role, checkedRegion, account, maxSession, tags, arns, inline, thumbs, iamEndpoint, stsEndpoint, partition);
    }

    /** What may assume the role, from the trust options (the same as trust-policy generate's). */
    private TrustPolicyRequest.Builder trustRequest() {
        return trustOptions.request();
    }
}
