import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import lib.exchange.ExchangeInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.FaultSts;
import testkit.FaultSts.Step;
import testkit.FileSnapshot;
import testkit.Proc;
import testkit.Scripts;
import testkit.Leaks;

/**
 * Every way AssumeRole can end, searched for secrets: the ID token, its signature, the secret
 * key and the session token may appear in the credentials file and the web-identity token file
 * only; never in stdout, stderr, the config file or any other file.
 */
class SecretLeakTest {
    @TempDir static Path root;
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    static final List<Outcome> OUTCOMES = Collections.synchronizedList(new ArrayList<>());

    /** What one scenario printed and where it could have written. */
    record Outcome(String name, Proc.Result result, Path dir, Set<Path> allowed) {}

    static Path dirFor(String name) {
        try {
            return Files.createDirectories(root.resolve(name.replaceAll("[^A-Za-z0-9_.-]+", "-")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Outcome withSts(String name, Step[] script, Map<String, String> env, String... args) {
        Path dir = dirFor(name);
        try (FaultSts sts = FaultSts.start()) {
            sts.script(script);
            AssumeRoleRun job = new AssumeRoleRun(dir, sts.endpoint());
            job.env.putAll(env);
            SECRETS.addAll(Leaks.forms(job.token));
            SECRETS.addAll(List.of(sts.identity().secretAccessKey(), sts.identity().sessionToken()));
            Proc.Result result = job.run(args);
            Outcome outcome = new Outcome(name, result, dir,
                    Set.of(job.files.credentials, job.files.dir.resolve("web-identity-token-default")));
            OUTCOMES.add(outcome);
            assertNoLeak(outcome);
            return outcome;
        }
    }

    static Step[] steps(Step... steps) {
        return steps;
    }

    @Test
    void successfulRunsKeepSecretsInTheCredentialFilesOnly() throws IOException {
        Outcome staticRun = withSts("success-static", steps(Step.success()), Map.of(), "--allowed-account-ids", "123456789012");
        assertEquals(0, staticRun.result.exitCode(), staticRun.result::toString);
        String credentials = Files.readString(staticRun.dir.resolve("aws/credentials"));
        assertTrue(SECRETS.stream().anyMatch(credentials::contains), "the search must be able to find the secret key");

        Outcome webIdentity = withSts("success-web-identity", steps(Step.success()), Map.of("AWS_OIDC_CREDENTIAL_MODE", "web_identity"));
        assertEquals(0, webIdentity.result.exitCode(), webIdentity.result::toString);
        String tokenFile = Files.readString(webIdentity.dir.resolve("aws/web-identity-token-default"));
        assertTrue(SECRETS.contains(tokenFile.strip()), "the search must be able to find the token");
    }

    @Test
    void everyStsErrorLeaksNothing() {
        List<Step> errors = List.of(Step.error("AccessDenied"), Step.error("InvalidIdentityToken"),
                Step.error("InvalidIdentityToken", "Incorrect token audience"), Step.error("IDPCommunicationError"),
                Step.error("IDPRejectedClaim"), Step.error("ExpiredTokenException"), Step.error("MalformedPolicyDocument"),
                Step.error("PackedPolicyTooLarge"), Step.error("ValidationError"), Step.error("RegionDisabledException"),
                Step.throttling(), Step.status(500), Step.status(503));
        for (Step error : errors) {
            Outcome outcome = withSts("sts-" + error, steps(error.forever()), Map.of(), "--max-attempts", "2");
            assertEquals(1, outcome.result.exitCode(), outcome.result::toString);
        }
        FaultSts.Identity elsewhere = FaultSts.Identity.random().withAccount("999999999999");
        SECRETS.addAll(List.of(elsewhere.secretAccessKey(), elsewhere.sessionToken()));
        Outcome refused = withSts("account-refused", steps(Step.success(elsewhere)),
                Map.of(), "--allowed-account-ids", "123456789012");
        assertEquals(1, refused.result.exitCode(), refused.result::toString);
    }

    @Test
    void everyTransportFaultLeaksNothing() throws IOException {
        for (Step fault : List.of(Step.drop(), Step.reset(), Step.malformed(), Step.status(502),
                Step.delay(Duration.ofSeconds(3)).then(Step.success()))) {
            Outcome outcome = withSts("fault-" + fault, steps(fault.forever()), Map.of(),
                    "--max-attempts", "2", "--attempt-timeout-seconds", "1");
            assertEquals(1, outcome.result.exitCode(), outcome.result::toString);
        }
        // Something in between that echoes the request (with the token) in its answer.
        String probe = new AssumeRoleRun(dirFor("probe"), null).token;
        Outcome echoedXml = withSts("echo-malformed", steps(Step.malformed("<Echo>WebIdentityToken=" + probe + "</Echo>")),
                Map.of("AWS_OIDC_TOKEN", probe), "--max-attempts", "1");
        Outcome echoedHtml = withSts("echo-html", steps(Step.raw(400, "text/html", "<html><pre>" + probe + "</pre></html>")),
                Map.of("AWS_OIDC_TOKEN", probe), "--max-attempts", "1");
        SECRETS.addAll(Leaks.forms(probe));
        assertNoLeak(echoedXml);
        assertNoLeak(echoedHtml);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Outcome refused = withSts("fault-refused", steps(Step.success()), Map.of("AWS_OIDC_STS_ENDPOINT", "http://127.0.0.1:" + closedPort),
                "--max-attempts", "2");
        assertEquals(1, refused.result.exitCode(), refused.result::toString);
    }

    @Test
    void helpAndVersionLeakNothing() {
        for (String flag : List.of("--help", "--version")) {
            Path dir = dirFor("flag" + flag);
            AssumeRoleRun job = new AssumeRoleRun(dir, "http://127.0.0.1:9");
            SECRETS.addAll(Leaks.forms(job.token));
            Proc.Result result = job.run(flag);
            assertEquals(0, result.exitCode(), result::toString);
            Outcome outcome = new Outcome(flag, result, dir, Set.of());
            OUTCOMES.add(outcome);
            assertNoLeak(outcome);
        }
        assertTrue(OUTCOMES.stream().anyMatch(o -> o.result.stdout().contains("--attempt-timeout-seconds")
                && o.result.stdout().contains("AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS")), "--help documents the attempt timeout");
    }

    /** One refused input: what to set, and what the message must contain (option, env variable, value, fix). */
    record BadInput(String name, Map<String, String> env, List<String> args, List<String> says, String secretValue) {
        static BadInput of(String name, Map<String, String> env, List<String> args, String... says) {
            return new BadInput(name, env, args, List.of(says), null);
        }
    }

    /**
     * Inputs without a rule to break: any value is taken (a path, a command). Every other input of
     * the ExchangeInput table must have at least one refused value below.
     */
    static final Set<ExchangeInput> NO_RULE = Set.of(ExchangeInput.WEB_IDENTITY_TOKEN_FILE, ExchangeInput.PROCESS_COMMAND);

    /**
     * @param shellCommand a command substitution placed in values: AssumeRole starts without a shell here,
     *                     so this checks that such values are refused by the validator, not that no shell ran them
     *                     (the component's shell quoting is ComponentPreviewTest's)
     */
    static List<BadInput> badInputs(String shellCommand, TokenMaker tokens) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\""
                + "arn:aws:s3:::bucket/" + "x".repeat(2100) + "\"}]}";
        List<String> elevenArns = new ArrayList<>();
        for (int i = 1; i <= 11; i++) elevenArns.add("arn:aws:iam::123456789012:policy/p" + i);
        long now = Instant.now().getEpochSecond();
        String notAJwt = "glpat-" + UUID.randomUUID().toString().replace("-", "");
        String expired = tokens.mint(Map.of("exp", now - 600, "iat", now - 900, "nbf", now - 900));
        String otherAud = tokens.mint(Map.of("aud", "https://gitlab.example.com"));
        Map<String, String> noRegion = new HashMap<>();
        noRegion.put("AWS_REGION", "");
        Map<String, String> noToken = new HashMap<>();
        noToken.put("AWS_OIDC_TOKEN", null);
        return List.of(
                BadInput.of("malformed role ARN", Map.of(), List.of("--role-arn", "arn:aws:iam::12345:role/deploy"),
                        "--role-arn", "AWS_OIDC_ROLE_ARN", "\"arn:aws:iam::12345:role/deploy\"", "is not an IAM role ARN", "Use arn:<partition>"),
                BadInput.of("role ARN of another partition", Map.of("AWS_OIDC_ROLE_ARN", "arn:aws-cn:iam::123456789012:role/deploy"), List.of(),
                        "--role-arn", "AWS_OIDC_ROLE_ARN", "\"arn:aws-cn:iam::123456789012:role/deploy\"", "region eu-west-1 is in partition aws",
                        "Use a region of the role's partition"),
                BadInput.of("unknown partition", Map.of(), List.of("--role-arn", "arn:aws-mars:iam::123456789012:role/deploy"),
                        "--role-arn", "AWS_OIDC_ROLE_ARN", "arn:aws-mars:iam::123456789012:role/deploy", "unknown partition", "Use aws, aws-cn"),
                BadInput.of("empty region", noRegion, List.of(), "--region", "AWS_REGION", "no region is set", "e.g. --region eu-west-1"),
                BadInput.of("malformed region", Map.of(), List.of("--region", "EU_WEST_1"),
                        "--region", "AWS_REGION", "\"EU_WEST_1\"", "not an AWS region name", "Use a region code"),
                BadInput.of("duration 899", Map.of(), List.of("--duration-seconds", "899"),
                        "--duration-seconds", "AWS_OIDC_DURATION_SECONDS", "\"899\"", "out of range 900-43200", "Use a number of seconds"),
                BadInput.of("duration 43201", Map.of("AWS_OIDC_DURATION_SECONDS", "43201"), List.of(),
                        "--duration-seconds", "AWS_OIDC_DURATION_SECONDS", "\"43201\"", "out of range 900-43200", "Use a number of seconds"),
                BadInput.of("duration abc", Map.of(), List.of("--duration-seconds", "abc"),
                        "--duration-seconds", "AWS_OIDC_DURATION_SECONDS", "\"abc\"", "not a whole number", "Use a number of seconds"),
                BadInput.of("profile with a space", Map.of(), List.of("--profile", "my profile"),
                        "--profile", "AWS_OIDC_PROFILE", "\"my profile\"", "no spaces or brackets"),
                BadInput.of("profile with brackets", Map.of("AWS_OIDC_PROFILE", "[prod]"), List.of(),
                        "--profile", "AWS_OIDC_PROFILE", "\"[prod]\"", "no spaces or brackets"),
                BadInput.of("missing token variable", noToken, List.of(),
                        "--token-env", "AWS_OIDC_TOKEN_VARIABLE", "AWS_OIDC_TOKEN is not set", "id_tokens: { AWS_OIDC_TOKEN: { aud: sts.amazonaws.com } }"),
                BadInput.of("token file that does not exist", Map.of("AWS_OIDC_TOKEN_FILE", "/nonexistent/token"), List.of(),
                        "--token-file", "AWS_OIDC_TOKEN_FILE", "\"/nonexistent/token\"", "cannot be read", "Check that the file exists"),
                BadInput.of("empty token variable", Map.of("AWS_OIDC_TOKEN", ""), List.of(),
                        "--token-env", "AWS_OIDC_TOKEN_VARIABLE", "AWS_OIDC_TOKEN is empty", "id_tokens"),
                new BadInput("token that is not a JWT", Map.of("AWS_OIDC_TOKEN", notAJwt), List.of(),
                        List.of("--token-env", "AWS_OIDC_TOKEN_VARIABLE", "it is not a JWT", "not a CI_JOB_TOKEN"), notAJwt),
                new BadInput("expired token", Map.of("AWS_OIDC_TOKEN", expired), List.of(),
                        List.of("--token-env", "AWS_OIDC_TOKEN_VARIABLE", "expired at", "run the exchange early in the job"), expired),
                new BadInput("token aud is not the audience", Map.of("AWS_OIDC_TOKEN", otherAud), List.of(),
                        List.of("--audience", "AWS_OIDC_AUDIENCE", "\"sts.amazonaws.com\"", "does not match the token's aud [https://gitlab.example.com]",
                                "aud: sts.amazonaws.com in the job's id_tokens entry"), otherAud),
                BadInput.of("session policy that is not JSON", Map.of(), List.of("--session-policy", "{Version: 2012-10-17"),
                        "--session-policy", "AWS_OIDC_SESSION_POLICY", "\"{Version: 2012-10-17\"", "not a JSON policy document", "Pass a JSON object"),
                BadInput.of("session policy over 2048 characters", Map.of("AWS_OIDC_SESSION_POLICY", policy), List.of(),
                        "--session-policy", "AWS_OIDC_SESSION_POLICY", "is " + policy.length() + " characters long", "Shorten the inline policy"),
                BadInput.of("11 policy ARNs", Map.of(), List.of("--policy-arns", String.join(",", elevenArns)),
                        "--policy-arns", "AWS_OIDC_POLICY_ARNS", "\"11 ARNs\"", "at most 10", "combine them into one managed policy"),
                BadInput.of("malformed policy ARN", Map.of(), List.of("--policy-arns", "arn:aws:iam::aws:ReadOnlyAccess"),
                        "--policy-arns", "AWS_OIDC_POLICY_ARNS", "\"arn:aws:iam::aws:ReadOnlyAccess\"", "not an IAM managed policy ARN",
                        "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                BadInput.of("malformed account id", Map.of(), List.of("--allowed-account-ids", "123456789012,12345"),
                        "--allowed-account-ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS", "\"12345\"", "not an AWS account id", "12-digit"),
                BadInput.of("bad STS endpoint URL", Map.of("AWS_OIDC_STS_ENDPOINT", "ftp://sts.example.com"), List.of(),
                        "--sts-endpoint", "AWS_OIDC_STS_ENDPOINT", "\"ftp://sts.example.com\"", "not an http(s) endpoint URL", "Use an http(s) URL"),
                BadInput.of("STS endpoint URL with a password", Map.of("AWS_OIDC_STS_ENDPOINT", "https://deploy:s3cret-pass@sts.example.com"), List.of(),
                        "--sts-endpoint", "AWS_OIDC_STS_ENDPOINT", "\"https://(user info hidden)@sts.example.com\"", "not an http(s) endpoint URL"),
                BadInput.of("CA bundle that does not exist", Map.of("AWS_OIDC_CA_BUNDLE", "/nonexistent/corporate-ca.pem"), List.of(),
                        "--ca-bundle", "AWS_OIDC_CA_BUNDLE", "\"/nonexistent/corporate-ca.pem\"", "does not exist", "Name a readable PEM file"),
                BadInput.of("CA bundle that is not PEM", Map.of(), List.of("--ca-bundle", "/etc/hostname"),
                        "--ca-bundle", "AWS_OIDC_CA_BUNDLE", "\"/etc/hostname\"", "holds no PEM certificate", "Name a readable PEM file"),
                BadInput.of("FIPS where STS has none", Map.of("AWS_OIDC_USE_FIPS_ENDPOINT", "true"), List.of(),
                        "--use-fips-endpoint", "AWS_OIDC_USE_FIPS_ENDPOINT", "STS has FIPS endpoints only in us-east-1, us-east-2, us-west-1, us-west-2",
                        "not in eu-west-1"),
                BadInput.of("dual-stack flag that is not a boolean", Map.of(), List.of("--use-dualstack-endpoint", "yes"),
                        "--use-dualstack-endpoint", "AWS_OIDC_USE_DUALSTACK_ENDPOINT", "\"yes\"", "is not true or false", "Use true or false"),
                BadInput.of("invalid credential mode", Map.of(), List.of("--credential-mode", "magic"),
                        "--credential-mode", "AWS_OIDC_CREDENTIAL_MODE", "\"magic\"", "Use one of auto (= static), static, web_identity, process"),
                BadInput.of("token variable name with $(...)", Map.of("AWS_OIDC_TOKEN_VARIABLE", shellCommand), List.of(),
                        "--token-env", "AWS_OIDC_TOKEN_VARIABLE", "\"" + shellCommand + "\"", "not a variable name", "Use letters, digits and '_'"),
                BadInput.of("role ARN with a shell command", Map.of(), List.of("--role-arn", "arn:aws:iam::123456789012:role/x; " + shellCommand),
                        "--role-arn", "AWS_OIDC_ROLE_ARN", "\"arn:aws:iam::123456789012:role/x; " + shellCommand + "\"", "is not an IAM role ARN"),
                BadInput.of("max attempts 0", Map.of(), List.of("--max-attempts", "0"),
                        "--max-attempts", "AWS_OIDC_MAX_ATTEMPTS", "\"0\"", "Use a whole number from 1 to 20"),
                BadInput.of("max total seconds 901", Map.of("AWS_OIDC_MAX_TOTAL_SECONDS", "901"), List.of(),
                        "--max-total-seconds", "AWS_OIDC_MAX_TOTAL_SECONDS", "\"901\"", "from 1 to 900"),
                BadInput.of("attempt timeout 0", Map.of(), List.of("--attempt-timeout-seconds", "0"),
                        "--attempt-timeout-seconds", "AWS_OIDC_ATTEMPT_TIMEOUT_SECONDS", "\"0\"", "from 1 to 60"),
                BadInput.of("session name of one character", Map.of(), List.of("--session-name", "x"),
                        "--session-name", "AWS_OIDC_SESSION_NAME", "\"x\"", "Use 2 to 64 characters"),
                BadInput.of("web_identity with a session policy", Map.of("AWS_OIDC_CREDENTIAL_MODE", "web_identity"),
                        List.of("--session-policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
                        "--credential-mode", "AWS_OIDC_CREDENTIAL_MODE", "\"web_identity\"", "drop the session policies"));
    }

    interface TokenMaker {
        String mint(Map<String, Object> overrides);
    }

    @Test
    void everyBadInputIsRefusedWithExit2BeforeAnyNetworkCallOrFileChange() throws Exception {
        testkit.TestIssuer issuer = new testkit.TestIssuer();
        List<BadInput> inputs = badInputs("$(touch /tmp/not-run-" + UUID.randomUUID() + ")", issuer::mint);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (FaultSts offline = FaultSts.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> runs = new ArrayList<>();
            for (BadInput input : inputs) {
                runs.add(pool.submit(() -> {
                    Path dir = dirFor("bad-" + input.name);
                    AssumeRoleRun job = new AssumeRoleRun(dir, offline.endpoint());
                    job.files.write(job.files.config, "# mine\n[profile other]\nregion = us-east-1\n");
                    job.files.write(job.files.credentials, "[other]\naws_access_key_id = AKIAOTHEREXAMPLE\n");
                    SECRETS.addAll(Leaks.forms(job.token));
                    input.env.values().stream().filter(v -> v != null && v.startsWith("ey")).forEach(v -> SECRETS.addAll(Leaks.forms(v)));
                    if (input.secretValue != null) SECRETS.add(input.secretValue);
                    FileSnapshot before = FileSnapshot.of(dir);
                    Proc.Result result = job.run(input.env, input.args.toArray(String[]::new));
                    OUTCOMES.add(new Outcome(input.name, result, dir, Set.of(job.files.credentials)));
                    before.assertUnchanged();
                    if (result.exitCode() != 2) failures.add(input.name + ": exit " + result.exitCode() + "\n" + result);
                    for (String part : input.says) {
                        if (!result.stderr().contains(part)) failures.add(input.name + ": message lacks '" + part + "'\n" + result.stderr());
                    }
                    if (input.secretValue != null && result.all().contains(input.secretValue)) failures.add(input.name + ": printed the secret");
                    if (!result.stdout().isEmpty()) failures.add(input.name + ": printed to stdout " + result.stdout());
                }));
            }
            for (Future<?> run : runs) run.get();
            pool.shutdown();
            assertEquals(List.of(), offline.requests(), "a bad input reached the network");
        }
        assertEquals(List.of(), failures, String.join("\n\n", failures));
        OUTCOMES.forEach(SecretLeakTest::assertNoLeak);
        System.out.println("SecretLeakTest: " + inputs.size() + " bad inputs tried, each refused with exit 2");
    }

    @Test
    void everyInputWithARuleHasARefusedValue() {
        List<BadInput> inputs = badInputs("$(true)", claims -> "x");
        List<String> untested = new ArrayList<>();
        for (ExchangeInput input : ExchangeInput.values()) {
            if (NO_RULE.contains(input)) continue;
            if (inputs.stream().noneMatch(bad -> bad.says().get(0).equals(input.option()))) untested.add(input.option());
        }
        assertEquals(List.of(), untested, "inputs without a bad-value case");
    }

    static void assertNoLeak(Outcome outcome) {
        for (String secret : SECRETS) {
            assertFalse(outcome.result.stdout().contains(secret), outcome.name + ": stdout shows a secret\n" + outcome.result);
            assertFalse(outcome.result.stderr().contains(secret), outcome.name + ": stderr shows a secret\n" + outcome.result);
        }
        try (Stream<Path> files = Files.walk(outcome.dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file) || outcome.allowed.contains(file)) continue;
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : SECRETS) {
                    assertFalse(text.contains(secret), outcome.name + ": " + file + " holds a secret");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void everyOutcomeAgainstEverySecret() {
        OUTCOMES.forEach(SecretLeakTest::assertNoLeak);
        System.out.println("SecretLeakTest: " + OUTCOMES.size() + " runs searched for " + SECRETS.size() + " secrets: no hit");
    }
}
