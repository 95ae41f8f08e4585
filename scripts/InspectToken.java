///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Token doctor: decodes a GitLab OIDC ID token (never printing it), verifies it against the issuer's discovery document and JWKS, and shows what AWS would see.
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:iam
//DEPS software.amazon.awssdk:sts
//DEPS software.amazon.awssdk:url-connection-client
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.23.0
//DEPS info.picocli:picocli:4.7.7
//DEPS com.nimbusds:nimbus-jose-jwt:10.10
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES lib/token/*.java
//SOURCES lib/json/JsonValues.java
//SOURCES lib/token/verify/*.java
//SOURCES lib/cli/*.java
//SOURCES lib/exchange/ExchangeInput.java lib/exchange/InputOptions.java lib/exchange/RawInputs.java
//SOURCES lib/aws/*.java
//SOURCES lib/http/*.java
//SOURCES lib/aws/inspect/*.java
//SOURCES lib/trust/model/*.java lib/trust/read/*.java lib/trust/eval/*.java lib/trust/lint/*.java

import static lib.exchange.ExchangeInput.AUDIENCE;
import static lib.exchange.ExchangeInput.CA_BUNDLE;
import static lib.exchange.ExchangeInput.TOKEN_FILE;
import static lib.exchange.ExchangeInput.TOKEN_VARIABLE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import lib.aws.IamClients;
import lib.aws.Arns;
import lib.aws.Arns.RoleArn;
import lib.aws.inspect.RoleTrustChecks;
import lib.token.AwsView;
import lib.token.CheckResult;
import lib.token.ClaimCheck;
import lib.token.ClaimsTable;
import lib.token.TimeText;
import lib.token.TokenClaims;
import lib.token.TokenSource;
import lib.cli.UsageErrors;
import lib.cli.UsageException;
import lib.cli.Values;
import lib.exchange.InputOptions;
import lib.http.CaBundle;
import lib.http.Network;
import lib.token.verify.Inspection;
import lib.token.verify.IssuerDiscovery;
import lib.token.verify.TokenChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inspect-token", mixinStandardHelpOptions = true, version = "inspect-token 1.0.0",
        description = {
            "Decodes a GitLab OIDC ID token without ever printing it, checks it the way AWS STS will "
                    + "(issuer discovery, RS256 signature by a published key, exp, nbf, iat, audience, sub) "
                    + "and shows the IAM OIDC provider, client id and condition keys AWS would see.",
            "The token comes from an environment variable or a file, never from the command line.",
            "With --role-arn it also reads the role's trust policy and the account's OIDC providers (needs iam:GetRole, "
                    + "iam:ListOpenIDConnectProviders and iam:GetOpenIDConnectProvider with your credentials from the usual "
                    + "AWS chain) and says whether a provider exists for the issuer, lists the token's aud, and whether the "
                    + "trust policy allows the token, naming the condition that decides.",
            "Exit codes: 0 every check passed, 1 a check failed, 2 bad usage."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  inspect-token                                (the token in AWS_OIDC_TOKEN)",
            "  inspect-token --token-file token.jwt --format json",
            "  inspect-token --role-arn arn:aws:iam::123456789012:role/ci"},
        sortOptions = false)
public class InspectToken implements Callable<Integer> {
    static final TokenSource SOURCE = new TokenSource(TOKEN_VARIABLE.naming(), TOKEN_FILE.naming());

    @Option(names = "--clock-skew", paramLabel = "SECONDS", defaultValue = "${env:AWS_OIDC_CLOCK_SKEW:-" + TokenClaims.CLOCK_SKEW_SECONDS + "}",
            description = "Allowance in seconds for clocks that disagree, applied to exp, nbf and iat (env AWS_OIDC_CLOCK_SKEW; default: ${DEFAULT-VALUE}).")
    String clockSkew;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "${env:AWS_OIDC_HTTP_TIMEOUT:-5}",
            description = "Connect and read timeout in seconds for the issuer's discovery document and JWKS (env AWS_OIDC_HTTP_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "${env:AWS_OIDC_INSPECT_FORMAT:-text}",
            description = "Output format: text or json (env AWS_OIDC_INSPECT_FORMAT; default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--role-arn", paramLabel = "ARN", defaultValue = "${env:AWS_OIDC_INSPECT_ROLE_ARN}",
            description = "Also check the AWS side for this role: OIDC provider, client id and trust policy, read with your AWS credentials (env AWS_OIDC_INSPECT_ROLE_ARN).")
    String roleArn;

    @Option(names = "--endpoint-url", paramLabel = "URL", defaultValue = "${env:AWS_OIDC_INSPECT_ENDPOINT_URL}",
            description = "Send the IAM calls of --role-arn here (env AWS_OIDC_INSPECT_ENDPOINT_URL; else AWS_ENDPOINT_URL_IAM, then AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Spec
    CommandSpec spec;

    private RoleArn role;
    private URI iamEndpoint;

    private final Map<String, String> environment;

    public InspectToken() {
        this(System.getenv());
    }

    /** For tests: the environment the token variable is read from. */
    public InspectToken(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new InspectToken()).execute(args));
    }

    /** The command with the token options shared with assume-role, and short usage errors that never echo a token. */
    static CommandLine commandLine(InspectToken command) {
        CommandLine cmd = new CommandLine(command);
        InputOptions.add(cmd.getCommandSpec(), TOKEN_VARIABLE, TOKEN_FILE, AUDIENCE, CA_BUNDLE);
        return UsageErrors.install(cmd, "A token is never taken from the command line: put it in an environment variable ("
                + TOKEN_VARIABLE.describe() + ") or a file (" + TOKEN_FILE.describe() + ").");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings;
        String audience = InputOptions.value(spec, AUDIENCE);
        String token;
        String origin;
        try {
            settings = settings(audience);
            boolean useFile = useFile();
            Path tokenFile = useFile ? Path.of(InputOptions.value(spec, TOKEN_FILE)) : null;
            token = useFile ? SOURCE.fromFile(tokenFile) : SOURCE.fromEnvironment(tokenVariable(), environment);
            origin = useFile ? "file " + tokenFile : "environment variable " + tokenVariable();
        } catch (UsageException e) {
            err.println("inspect-token: " + e.getMessage());
            err.flush();
            return 2;
        }
        TokenChecks checks = new TokenChecks(new IssuerDiscovery(settings.timeout(), settings.network()),
                new TokenChecks.Settings(audience.strip(), AUDIENCE.describe(), settings.clockSkew()), trustPolicyChecks());
        Instant now = Instant.now();
        Inspection inspection = checks.inspect(token, now);
        if (settings.json()) printJson(out, origin, inspection, now); else printText(out, origin, inspection, now);
        out.flush();
        return inspection.passed() ? 0 : 1;
    }

    /**
     * With {@code --role-arn}: checks on the AWS side (provider, client id, trust policy decision),
     * read from IAM once with the caller's credentials. Without it there are none.
     */
    List<ClaimCheck> trustPolicyChecks() {
        if (role == null) return List.of();
        return new RoleTrustChecks(role, () -> IamClients.iam(role.partition(), iamEndpoint, IamClients.credentials(environment))).checks();
    }

    private record Settings(Duration clockSkew, Duration timeout, boolean json, Network network) {}

    private Settings settings(String audience) {
        if (audience == null || audience.isBlank()) {
            throw new UsageException(AUDIENCE.describe() + " is empty. Fix: give the audience the IAM provider lists as client id, e.g. --audience sts.amazonaws.com");
        }
        long skew = seconds(clockSkew, "--clock-skew", "AWS_OIDC_CLOCK_SKEW", 0, 3600, "e.g. --clock-skew 60");
        long timeoutSeconds = seconds(timeout, "--timeout", "AWS_OIDC_HTTP_TIMEOUT", 1, 120, "e.g. --timeout 5");
        if (roleArn != null && !roleArn.isBlank()) {
            role = Arns.parseRole(roleArn);
            if (role == null || !Arns.isKnownPartition(role.partition())) {
                throw new UsageException("--role-arn (env AWS_OIDC_INSPECT_ROLE_ARN) is '" + roleArn + "', not an IAM role ARN. "
                        + "Fix: e.g. --role-arn arn:aws:iam::123456789012:role/gitlab-deploy");
            }
            try {
                iamEndpoint = IamClients.endpoint(endpointUrl, environment, "IAM");
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint-url (env AWS_OIDC_INSPECT_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL) is '"
                        + e.getMessage() + "', not an http(s) URL. Fix: e.g. --endpoint-url http://127.0.0.1:5000, or unset it to use AWS");
            }
        }
        String chosen = format == null ? "" : format.trim().toLowerCase();
        if (!chosen.equals("text") && !chosen.equals("json")) {
            throw new UsageException("--format (env AWS_OIDC_INSPECT_FORMAT) is '" + format + "'. Fix: use text or json");
        }
        // The discovery document and keys are fetched as the AWS CLI would: the environment's proxies, the same CA bundle.
        Network network = Network.of(environment, CaBundle.fromInput(CA_BUNDLE.naming(), InputOptions.value(spec, CA_BUNDLE), environment));
        return new Settings(Duration.ofSeconds(skew), Duration.ofSeconds(timeoutSeconds), chosen.equals("json"), network);
    }

    private static long seconds(String value, String option, String variable, long min, long max, String example) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) return parsed;
        } catch (NumberFormatException | NullPointerException e) {
            // reported below with the allowed range
        }
        throw new UsageException(option + " (env " + variable + ") is '" + value + "'. Fix: give whole seconds from " + min + " to " + max + ", " + example);
    }

    /** An option on the command line beats one from the environment; two at the same level are ambiguous. */
    private boolean useFile() {
        boolean fileOnCommandLine = InputOptions.onCommandLine(spec, TOKEN_FILE);
        boolean envOnCommandLine = InputOptions.onCommandLine(spec, TOKEN_VARIABLE);
        if (fileOnCommandLine && envOnCommandLine) throw both("both were given on the command line");
        if (fileOnCommandLine || envOnCommandLine) return fileOnCommandLine;
        boolean fileInEnvironment = !Values.isBlank(InputOptions.value(spec, TOKEN_FILE));
        if (fileInEnvironment && environment.get(TOKEN_VARIABLE.environmentVariable()) != null) {
            throw both("both " + TOKEN_FILE.environmentVariable() + " and " + TOKEN_VARIABLE.environmentVariable() + " are set");
        }
        return fileInEnvironment;
    }

    private static UsageException both(String detail) {
        return new UsageException("give the token through " + TOKEN_VARIABLE.describe() + " or " + TOKEN_FILE.describe()
                + ", not both: " + detail + ". Fix: drop one of them");
    }

    private String tokenVariable() {
        return InputOptions.value(spec, TOKEN_VARIABLE);
    }

    private static void printText(PrintWriter out, String origin, Inspection inspection, Instant now) {
        out.println("Token from " + origin + " (the token itself is never printed)");
        inspection.claims().ifPresent(claims -> ClaimsTable.lines(claims, now, "  ").forEach(out::println));
        out.println("Checks");
        int width = inspection.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (CheckResult check : inspection.checks()) {
            out.println("  " + check.status() + "  " + check.name() + " ".repeat(width - check.name().length() + 2) + ClaimsTable.printable(check.reason()));
        }
        inspection.awsView().ifPresent(view -> {
            out.println("What AWS would see");
            out.println("  OIDC provider URL  " + ClaimsTable.printable(view.providerId()) + "  (IAM needs the provider " + ClaimsTable.printable(view.providerArn("<account>")) + ")");
            out.println("  client id (aud)    " + (view.audiences().isEmpty() ? "(none: the token has no aud)" : ClaimsTable.printable(String.join(", ", view.audiences())))
                    + "  (must be in the provider's client-id list)");
            out.println("  condition keys");
            int keyWidth = view.conditionKeys().keySet().stream().mapToInt(String::length).max().orElse(0);
            view.conditionKeys().forEach((key, value) -> out.println("    " + ClaimsTable.printable(key) + " ".repeat(keyWidth - key.length() + 2)
                    + (value == null ? "(not in token)" : ClaimsTable.printable(value))));
            view.notes().forEach(note -> out.println("  note: " + ClaimsTable.printable(note)));
        });
        long failures = inspection.failures();
        int total = inspection.checks().size();
        if (failures == 0) {
            out.println("Result: PASS (" + inspection.checks().stream().filter(c -> c.status() == CheckResult.Status.PASS).count() + " of " + total + " checks passed)");
        } else {
            out.println("Result: FAIL (" + failures + " of " + total + " checks failed: "
                    + inspection.checks().stream().filter(CheckResult::failed).map(CheckResult::name).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static void printJson(PrintWriter out, String origin, Inspection inspection, Instant now) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", origin);
        report.put("header", inspection.claims().map(TokenClaims::header).orElse(null));
        report.put("claims", inspection.claims().map(TokenClaims::claims).orElse(null));
        Map<String, Object> times = new LinkedHashMap<>();
        inspection.claims().ifPresent(claims -> ClaimsTable.TIME_CLAIMS.stream().sorted().forEach(name ->
                claims.epochSeconds(name).ifPresent(epoch -> times.put(name,
                        Map.of("epoch", epoch, "iso", TimeText.iso(epoch), "relative", TimeText.relative(epoch, now))))));
        report.put("times", times);
        report.put("checks", inspection.checks());
        report.put("aws", inspection.awsView().map(InspectToken::awsJson).orElse(null));
        report.put("result", inspection.passed() ? "PASS" : "FAIL");
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static Map<String, Object> awsJson(AwsView view) {
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("providerUrl", view.providerId());
        aws.put("providerArn", view.providerArn("<account>"));
        aws.put("clientIds", view.audiences());
        aws.put("conditionKeys", view.conditionKeys());
        aws.put("notes", view.notes());
        return aws;
    }
}
