///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Exchange a GitLab OIDC ID token for AWS credentials (STS AssumeRoleWithWebIdentity) and write a ready AWS profile.
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:sts
//DEPS software.amazon.awssdk:url-connection-client
//DEPS info.picocli:picocli:4.7.7
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/cli/*.java
//SOURCES lib/aws/Arns.java lib/aws/StsEndpointVariants.java
//SOURCES lib/exchange/*.java
//SOURCES lib/token/TokenClaims.java lib/token/MalformedTokenException.java lib/json/JsonValues.java
//SOURCES lib/sts/*.java
//SOURCES lib/http/*.java
//SOURCES lib/profile/*.java

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lib.cli.Console;
import lib.cli.RuntimeFailure;
import lib.cli.UsageException;
import lib.cli.UsageErrors;
import lib.exchange.CredentialMode;
import lib.exchange.ExchangeInput;
import lib.exchange.ExchangeSettings;
import lib.exchange.InputOptions;
import lib.exchange.InputValidator;
import lib.exchange.ProcessMode;
import lib.exchange.RawInputs;
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

@Command(name = "assume-role", mixinStandardHelpOptions = true, version = "assume-role 1.0.0", sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Trades a GitLab OIDC ID token for short-lived AWS credentials (STS AssumeRoleWithWebIdentity, "
                    + "unsigned) and writes them as an AWS profile that the AWS CLI, every SDK and Terraform read.",
            "Every input is validated before any network call. The token is read from an environment "
                    + "variable or a file, never from the command line, and is never printed.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  assume-role --role-arn arn:aws:iam::123456789012:role/ci --region eu-west-1",
            "  assume-role --role-arn arn:aws:iam::123456789012:role/ci --region eu-west-1 \\",
            "      --credential-mode web_identity --profile ci",
            "  assume-role --token-file token.jwt --role-arn arn:aws:iam::123456789012:role/ci \\",
            "      --region eu-west-1 --sts-endpoint http://127.0.0.1:5000",
            "",
            "Exit codes: 0 profile written, 1 failure at run time (STS refused, network, files), 2 bad input."})
public class AssumeRole implements Callable<Integer> {
    private static final List<String> SHADOWING_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE");

    @Spec CommandSpec spec;

    @Option(names = "--process-credentials", paramLabel = "SETTINGS", order = 100,
            description = "Print AWS process credentials (JSON) for a process-mode profile, from its cache or a fresh exchange. "
                    + "This is what the profile's credential_process runs.")
    java.nio.file.Path processCredentials;

    /** Exit code of an unexpected failure (a bug): never one of the documented 0, 1, 2. */
    static final int INTERNAL_ERROR = 70;

    public static void main(String... args) {
        // SLF4J would otherwise search every jar for a provider: the SDK logs nothing we show.
        System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        // The component passes every setting through the environment and no argument. picocli is
        // compiled for Java 5, class-data archives skip such classes, and parsing costs ~200 ms a job.
        System.exit(args.length == 0 ? runFromEnvironment() : commandLine().execute(args));
    }

    /** The command with an option per exchange input (from the ExchangeInput table) and short usage errors. */
    static CommandLine commandLine() {
        CommandLine command = new CommandLine(new AssumeRole());
        InputOptions.add(command.getCommandSpec(), ExchangeInput.values());
        command.setExecutionExceptionHandler((failure, line, parsed) -> unexpected(line.getErr(), failure));
        return UsageErrors.install(command);
    }

    private static int runFromEnvironment() {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            Map<String, String> env = System.getenv();
            RawInputs inputs = RawInputs.fromEnvironment(env);
            headStartTls(inputs);
            return exchange(inputs, env, new Console("assume-role", out, err));
        } catch (RuntimeException | LinkageError e) {
            return unexpected(err, e);
        }
    }

    /**
     * An exchange over https lies ahead (any endpoint but an http:// one; process mode may not call
     * STS at all): TLS gets a head start on other threads while the inputs are checked.
     */
    private static void headStartTls(RawInputs inputs) {
        String mode = String.valueOf(inputs.get(ExchangeInput.MODE)).strip();
        boolean processMode = CredentialMode.PROCESS.inputName().equalsIgnoreCase(mode);
        if (!processMode && UrlConnections.usesTls(inputs.get(ExchangeInput.STS_ENDPOINT))) UrlConnections.prepareTls();
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
        if (processCredentials != null) return printProcessCredentials(processCredentials, console);
        return exchange(InputOptions.read(spec), System.getenv(), console);
    }

    private static int exchange(RawInputs inputs, Map<String, String> env, Console console) {
        return explainingFailures(console, () -> {
            ExchangeSettings settings = new InputValidator(env, Instant.now()).validate(inputs);
            String reinvoke = settings.mode() == CredentialMode.PROCESS ? processCommand(inputs.get(ExchangeInput.PROCESS_COMMAND), env) : null;
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
        try (StsClient sts = StsClients.anonymous(settings.region(), settings.stsEndpoint(), settings.attemptTimeout(), settings.network(),
                settings.endpointVariant())) {
            credentials = new WebIdentityExchange(sts, new RetryPolicy(Math::random),
                    wait -> Thread.sleep(wait.toMillis()), console::info).exchange(settings);
        }
        if (!settings.allowedAccountIds().isEmpty()) {
            AccountCheck.verify(settings, credentials);
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
        if (launcher == null || launcher.isBlank()) {
            throw new UsageException(ExchangeInput.MODE.describe() + " process needs to know how to run this toolkit again: pass "
                    + ExchangeInput.PROCESS_COMMAND.describe() + ", e.g. \"jbang --quiet /path/to/AssumeRole.java\"");
        }
        return ProcessMode.command(List.of("sh", launcher, "AssumeRole"));
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
