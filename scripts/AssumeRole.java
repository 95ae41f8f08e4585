///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Exchange a GitLab OIDC ID token for AWS credentials (STS AssumeRoleWithWebIdentity) and write a ready AWS profile.
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:sts
//DEPS software.amazon.awssdk:url-connection-client
//DEPS info.picocli:picocli:4.7.7
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/cli/*.java
//SOURCES lib/exchange/*.java
//SOURCES lib/token/TokenClaims.java lib/token/MalformedTokenException.java lib/json/JsonValues.java
//SOURCES lib/sts/*.java
//SOURCES lib/http/*.java
//SOURCES lib/profile/*.java

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lib.cli.Console;
import lib.cli.RuntimeFailure;
import lib.cli.UsageException;
import lib.exchange.CredentialMode;
import lib.exchange.ExchangeSettings;
import lib.exchange.InputValidator;
import lib.exchange.ProcessMode;
import lib.exchange.RawInputs;
import lib.exchange.TrainingRun;
import lib.http.UrlConnections;
import lib.profile.ProfileWriter;
import lib.sts.AccountCheck;
import lib.sts.RetryPolicy;
import lib.sts.SessionCredentials;
import lib.sts.StsClients;
import lib.sts.StsFailure;
import lib.sts.WebIdentityExchange;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sts.StsClient;

@Command(name = "AssumeRole.java", mixinStandardHelpOptions = true, version = "AssumeRole 1.0.0", sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Trades a GitLab OIDC ID token for short-lived AWS credentials (STS AssumeRoleWithWebIdentity,",
            "unsigned) and writes them as an AWS profile that the AWS CLI, every SDK and Terraform read.",
            "Every input is validated before any network call. The token is read from an environment",
            "variable or a file, never from the command line, and is never printed.",
            ""},
        footer = {"", "Exit codes: 0 profile written, 1 failure at run time (STS refused, network, files), 2 bad input."})
public class AssumeRole implements Callable<Integer> {
    private static final List<String> SHADOWING_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE");

    @Spec CommandSpec spec;

    @Option(names = "--role-arn", defaultValue = "${env:AWS_OIDC_ROLE_ARN}", paramLabel = "ARN",
            description = "IAM role to assume, e.g. arn:aws:iam::123456789012:role/deploy. Env: AWS_OIDC_ROLE_ARN.")
    String roleArn;

    @Option(names = "--region", defaultValue = "${env:AWS_REGION}", paramLabel = "REGION",
            description = "Region of the STS endpoint and of the profile. Env: AWS_REGION, then AWS_DEFAULT_REGION.")
    String region;

    @Option(names = "--audience", defaultValue = "${env:AWS_OIDC_AUDIENCE:-sts.amazonaws.com}", paramLabel = "AUD",
            description = "Expected aud of the token; the IAM OIDC provider must list it as a client id. Env: AWS_OIDC_AUDIENCE. Default: sts.amazonaws.com.")
    String audience;

    @Option(names = "--profile", defaultValue = "${env:AWS_OIDC_PROFILE:-default}", paramLabel = "NAME",
            description = "Profile to write ([A-Za-z0-9_.-]). Env: AWS_OIDC_PROFILE. Default: default.")
    String profile;

    @Option(names = "--duration-seconds", defaultValue = "${env:AWS_OIDC_DURATION_SECONDS:-3600}", paramLabel = "SECONDS",
            description = "Session length, 900-43200 and at most the role's MaxSessionDuration. Env: AWS_OIDC_DURATION_SECONDS. Default: 3600.")
    String durationSeconds;

    @Option(names = "--session-name", defaultValue = "${env:AWS_OIDC_SESSION_NAME}", paramLabel = "NAME",
            description = "Role session name, sanitized to [\\w+=,.@-]{2,64}. Env: AWS_OIDC_SESSION_NAME. Default: gitlab-PROJECT_ID-PIPELINE_ID-JOB_ID.")
    String sessionName;

    @Option(names = "--credential-mode", defaultValue = "${env:AWS_OIDC_CREDENTIAL_MODE:-static}", paramLabel = "MODE",
            description = "static (keys in the credentials file), web_identity (token file; SDKs refresh by themselves) or process (credential_process back into this toolkit, cached). Env: AWS_OIDC_CREDENTIAL_MODE. Default: static.")
    String credentialMode;

    @Option(names = "--token-env", defaultValue = "${env:AWS_OIDC_TOKEN_VARIABLE:-AWS_OIDC_TOKEN}", paramLabel = "VARIABLE",
            description = "Name of the environment variable holding the ID token (the id_tokens variable). Env: AWS_OIDC_TOKEN_VARIABLE. Default: AWS_OIDC_TOKEN.")
    String tokenVariable;

    @Option(names = "--token-file", defaultValue = "${env:AWS_OIDC_TOKEN_FILE}", paramLabel = "FILE",
            description = "Read the ID token from this file instead. Env: AWS_OIDC_TOKEN_FILE.")
    String tokenFile;

    @Option(names = "--allowed-account-ids", defaultValue = "${env:AWS_OIDC_ALLOWED_ACCOUNT_IDS}", paramLabel = "IDS",
            description = "Refuse credentials for any other account (checked with GetCallerIdentity); comma-separated. Env: AWS_OIDC_ALLOWED_ACCOUNT_IDS.")
    String allowedAccountIds;

    @Option(names = "--sts-endpoint", defaultValue = "${env:AWS_OIDC_STS_ENDPOINT}", paramLabel = "URL",
            description = "STS endpoint (private or test endpoints); also written to the profile. Env: AWS_OIDC_STS_ENDPOINT, else AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL. Default: the regional endpoint.")
    String stsEndpoint;

    @Option(names = "--session-policy", defaultValue = "${env:AWS_OIDC_SESSION_POLICY}", paramLabel = "JSON",
            description = "Inline session policy (JSON, at most 2048 characters). Env: AWS_OIDC_SESSION_POLICY.")
    String sessionPolicy;

    @Option(names = "--policy-arns", defaultValue = "${env:AWS_OIDC_POLICY_ARNS}", paramLabel = "ARNS",
            description = "Managed session policies, at most 10, comma-separated. Env: AWS_OIDC_POLICY_ARNS.")
    String policyArns;

    @Option(names = "--max-attempts", defaultValue = "${env:AWS_OIDC_MAX_ATTEMPTS:-5}", paramLabel = "N",
            description = "Attempts for transient failures (throttling, 5xx, network, JWKS fetch), 1-20. Env: AWS_OIDC_MAX_ATTEMPTS. Default: 5.")
    String maxAttempts;

    @Option(names = "--max-total-seconds", defaultValue = "${env:AWS_OIDC_MAX_TOTAL_SECONDS:-60}", paramLabel = "S",
            description = "Time budget for all attempts and waits, 1-900. Env: AWS_OIDC_MAX_TOTAL_SECONDS. Default: 60.")
    String maxTotalSeconds;

    @Option(names = "--attempt-timeout-seconds", defaultValue = "${env:AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS:-10}", paramLabel = "S",
            description = "Time limit of one STS attempt (connect, send, answer), 1-60; a slower answer counts as a transient failure. Env: AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS. Default: 10.")
    String attemptTimeoutSeconds;

    @Option(names = "--web-identity-token-file", defaultValue = "${env:AWS_OIDC_WEB_IDENTITY_TOKEN_FILE}", paramLabel = "FILE",
            description = "Where web_identity mode stores the token (0600). Env: AWS_OIDC_WEB_IDENTITY_TOKEN_FILE. Default: web-identity-token-PROFILE beside the config file.")
    String webIdentityTokenFile;

    @Option(names = "--process-command", defaultValue = "${env:AWS_OIDC_PROCESS_COMMAND}", paramLabel = "CMD",
            description = "process mode: the command that runs this toolkit again for credential_process. Env: AWS_OIDC_PROCESS_COMMAND. "
                    + "Default: run-fast.sh with this script, when started through it (as the component does).")
    String processCommand;

    @Option(names = "--process-credentials", paramLabel = "SETTINGS",
            description = "Print AWS process credentials (JSON) for a process-mode profile, from its cache or a fresh exchange. "
                    + "This is what the profile's credential_process runs.")
    java.nio.file.Path processCredentials;

    @Option(names = "--training-run", hidden = true, paramLabel = "http|tls",
            description = "Rehearse the exchange offline (canned STS answer on 127.0.0.1, over http or TLS) to build a class-data archive.")
    TrainingRun.Endpoint trainingRun;

    /** Exit code of an unexpected failure (a bug, a broken build): run-fast.sh then retries through JBang. */
    static final int INTERNAL_ERROR = 70;

    public static void main(String... args) {
        // SLF4J would otherwise search every jar for a provider: the SDK logs nothing we show.
        System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        // The component passes every setting through the environment and no argument. picocli is
        // compiled for Java 5, class-data archives skip such classes, and parsing costs ~200 ms a job.
        if (args.length == 0) exit(runFromEnvironment());
        CommandLine command = new CommandLine(new AssumeRole());
        command.setExecutionExceptionHandler((failure, line, parsed) -> unexpected(line.getErr(), failure));
        exit(command.execute(args));
    }

    /** run-fast.sh tells its own answers from a JVM that failed to start by this offset. */
    private static void exit(int status) {
        System.exit(Boolean.getBoolean("aws.oidc.launched") ? 100 + status : status);
    }

    private static int runFromEnvironment() {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            Map<String, String> env = System.getenv();
            RawInputs inputs = RawInputs.fromEnvironment(env);
            headStartTls(inputs);
            return exchange(inputs, env, new Console("assume-role", out, err), env.get("AWS_OIDC_PROCESS_COMMAND"));
        } catch (RuntimeException | LinkageError e) {
            return unexpected(err, e);
        }
    }

    /**
     * An exchange over https lies ahead (any endpoint but an http:// one; process mode may not call
     * STS at all): TLS gets a head start on other threads while the inputs are checked.
     */
    private static void headStartTls(RawInputs inputs) {
        String mode = String.valueOf(inputs.credentialMode()).strip();
        boolean processMode = CredentialMode.PROCESS.inputName().equalsIgnoreCase(mode);
        if (!processMode && UrlConnections.usesTls(inputs.stsEndpoint())) UrlConnections.prepareTls();
    }

    /** Never a stack trace: its messages could quote values, and a person needs a sentence. */
    private static int unexpected(PrintWriter err, Throwable failure) {
        err.println("assume-role: error: unexpected " + failure.getClass().getName() + ": "
                + lib.cli.Redactor.clean(String.valueOf(failure.getMessage())) + ". Please report this.");
        err.flush();
        return INTERNAL_ERROR;
    }

    @Override
    public Integer call() {
        Console console = new Console("assume-role", spec.commandLine().getOut(), spec.commandLine().getErr());
        if (trainingRun != null) {
            try (TrainingRun training = new TrainingRun(trainingRun)) {
                PrintWriter silent = new PrintWriter(Writer.nullWriter());
                return exchange(training.inputs(), training.environment(), new Console("assume-role", silent, silent));
            } catch (IOException e) {
                console.error("training run failed: " + e.getMessage());
                return 1;
            }
        }
        if (processCredentials != null) return printProcessCredentials(processCredentials, console);
        return exchange(new RawInputs(roleArn, region, audience, profile, durationSeconds, sessionName, credentialMode,
                tokenVariable, tokenFile, allowedAccountIds, stsEndpoint, sessionPolicy, policyArns, maxAttempts,
                maxTotalSeconds, webIdentityTokenFile, attemptTimeoutSeconds), System.getenv(), console, processCommand);
    }

    private static int exchange(RawInputs inputs, Map<String, String> env, Console console) {
        return exchange(inputs, env, console, null);
    }

    private static int exchange(RawInputs inputs, Map<String, String> env, Console console, String processCommand) {
        return explainingFailures(console, () -> {
            ExchangeSettings settings = new InputValidator(env, Instant.now()).validate(inputs);
            String reinvoke = settings.mode() == CredentialMode.PROCESS ? processCommand(processCommand, env) : null;
            warnAboutShadowing(console, settings, env);
            SessionCredentials credentials = exchangeWithStsAndCheck(settings, console);
            ProfileWriter.write(settings, credentials, reinvoke);
            console.result("assume-role: profile " + settings.profile() + " (" + settings.mode().inputName() + ") ready: "
                    + settings.roleArn() + " as session " + settings.sessionName() + ", expires " + credentials.expiration());
            return 0;
        });
    }

    /** Exit 2 for bad input, 1 for an explained failure at run time; the message goes to stderr. */
    private static int explainingFailures(Console console, java.util.function.IntSupplier work) {
        try {
            return work.getAsInt();
        } catch (UsageException e) {
            console.error(e.getMessage());
            return 2;
        } catch (RuntimeFailure | StsFailure e) {
            console.error(e.getMessage());
            return 1;
        }
    }

    private static SessionCredentials exchangeWithStsAndCheck(ExchangeSettings settings, Console console) {
        SessionCredentials credentials;
        try (StsClient sts = StsClients.anonymous(settings.region(), settings.stsEndpoint(), settings.attemptTimeout())) {
            credentials = new WebIdentityExchange(sts, new RetryPolicy(Math::random),
                    wait -> Thread.sleep(wait.toMillis()), console::info).exchange(settings);
        }
        if (!settings.allowedAccountIds().isEmpty()) {
            AccountCheck.verify(settings.region(), settings.stsEndpoint(), credentials, settings.allowedAccountIds());
        }
        return credentials;
    }

    /** credential_process runs with the SDK's environment; only the settings file path is passed. */
    /** The credentials are the answer here, so they go to stdout directly, not through the Redactor. */
    private static int printProcessCredentials(java.nio.file.Path settingsFile, Console console) {
        return explainingFailures(console, () -> {
            java.util.Optional<String> cached = ProcessMode.freshCache(ProcessMode.cacheFile(settingsFile), Instant.now());
            if (cached.isPresent()) {
                System.out.println(cached.get());
                return 0;
            }
            ExchangeSettings settings = new InputValidator(System.getenv(), Instant.now()).validate(ProcessMode.readSettings(settingsFile));
            SessionCredentials credentials = exchangeWithStsAndCheck(settings, console);
            ProfileWriter.writeProcessCache(settingsFile, credentials);
            System.out.println(ProcessMode.credentialsJson(credentials));
            return 0;
        });
    }

    private static String processCommand(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) return explicit.strip();
        String launcher = env.get("AWS_OIDC_LAUNCHER");
        String script = env.get("AWS_OIDC_SCRIPT");
        if (launcher == null || script == null) {
            throw new UsageException("--credential-mode process (env AWS_OIDC_CREDENTIAL_MODE, component input credential_mode) needs to know "
                    + "how to run this toolkit again. Start it through scripts/run-fast.sh (the component does), or pass "
                    + "--process-command (env AWS_OIDC_PROCESS_COMMAND), e.g. \"jbang --quiet /path/to/AssumeRole.java\"");
        }
        return ProcessMode.command(List.of("sh", launcher, script));
    }

    private static void warnAboutShadowing(Console console, ExchangeSettings settings, Map<String, String> env) {
        for (String variable : SHADOWING_VARIABLES) {
            if (env.get(variable) != null && !env.get(variable).isEmpty()) {
                console.warn(variable + " is set in this job and takes precedence over the profile for the AWS CLI and SDKs. "
                        + "Remove it from the project's or group's CI/CD variables (extending the component's job unsets it for the job's script).");
            }
        }
        String activeProfile = env.get("AWS_PROFILE");
        if (activeProfile != null && !activeProfile.isEmpty() && !activeProfile.equals(settings.profile())) {
            console.warn("AWS_PROFILE is " + activeProfile + " but the profile written is " + settings.profile()
                    + ": tools will not use it unless you pass --profile " + settings.profile() + " or set AWS_PROFILE to it.");
        }
    }
}
