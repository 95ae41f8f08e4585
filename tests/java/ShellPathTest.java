import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lib.cli.UsageException;
import lib.exchange.InputValidator;
import lib.exchange.RawInputs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import testkit.AssumeRoleRun;
import testkit.FaultSts;
import testkit.JobImage;
import testkit.Moto;
import testkit.Proc;
import testkit.Scripts;
import testkit.TestIssuer;
import testkit.Tools;
import testkit.Leaks;
import testkit.TestFiles;

/**
 * job/web-identity-profile.sh, the path for images without Java: run by dash and by busybox
 * (on the host and in a busybox-only root, as root and as a uid without a passwd entry), its
 * profile then used by the AWS CLI and boto3, which make the exchange themselves.
 */
class ShellPathTest {
    static final String ROLE = AssumeRoleRun.ROLE;
    static final String SESSION = "gitlab-4242-900001-7000001";
    static final Path SCRIPT = Tools.ROOT.resolve("job/web-identity-profile.sh");
    static final Path FIXTURES = Tools.FIXTURES.resolve("shell-path");
    static final String TOKEN = new TestIssuer().mint();
    static final String NO_CLIENT_NOTICE = "aws-oidc: notice: this image has neither curl nor GNU wget, so the job's first AWS call will be"
            + " the check of the role and the token (apk add curl, or apt-get install curl, adds the check)\n";
    /** A PATH without curl or wget (readable by any uid): the tests of the profile itself run as in an image without them. */
    static final Path noClientBin = Tools.ROOT.resolve("target/no-http-client-bin");

    @TempDir static Path images;
    @TempDir Path temp;
    Path dir;
    Path config;

    /** How the job runs the script. */
    enum Shell {
        DASH, BUSYBOX_SH, BUSYBOX_ROOT, BUSYBOX_ROOT_NO_PASSWD_UID, DASH_NO_JDK_NO_PASSWD_UID;

        boolean noPasswdUid() {
            return name().endsWith("NO_PASSWD_UID");
        }
    }

    @BeforeEach
    void jobDirectory() throws IOException {
        dir = Files.createDirectory(temp.resolve("aws-oidc"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        config = dir.resolve("config");
    }

    Map<String, String> job(String endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_OIDC_ROLE_ARN", ROLE);
        env.put("AWS_OIDC_REGION", "eu-west-1");
        env.put("AWS_OIDC_AUDIENCE", "sts.amazonaws.com");
        env.put("AWS_OIDC_DURATION_SECONDS", "3600");
        env.put("AWS_OIDC_SESSION_NAME", "");
        env.put("AWS_OIDC_PROFILE", "ci");
        env.put("AWS_OIDC_CREDENTIAL_MODE", "auto");
        env.put("AWS_OIDC_TOKEN_VARIABLE", "AWS_OIDC_TOKEN");
        env.put("AWS_OIDC_ALLOWED_ACCOUNT_IDS", "[] "); // as the component splices an empty array
        env.put("AWS_OIDC_POLICY_ARNS", "[] ");
        env.put("AWS_OIDC_SESSION_POLICY", "");
        env.put("AWS_OIDC_STS_ENDPOINT", endpoint == null ? "" : endpoint);
        env.put("AWS_OIDC_DIR", dir.toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_OIDC_TOKEN", TOKEN);
        env.put("CI_PROJECT_ID", "4242");
        env.put("CI_PIPELINE_ID", "900001");
        env.put("CI_JOB_ID", "7000001");
        env.put("PATH", toolsWithoutHttpClients().toString());
        return env;
    }

    static Path toolsWithoutHttpClients() {
        try {
            Files.createDirectories(noClientBin);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String tool : List.of("mv", "rm", "date", "mkdir", "cat", "grep", "sh", "mount")) {
            Path link = noClientBin.resolve(tool);
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                Files.createSymbolicLink(link, Path.of(tool.equals("sh") ? "/bin/sh" : "/bin/" + tool).toRealPath());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return noClientBin;
    }

    Proc.Result run(Shell shell, Map<String, String> env) {
        if (shell.noPasswdUid()) JobImage.giveToJobUser(dir);
        JobImage image = switch (shell) {
            case DASH, BUSYBOX_SH -> JobImage.host();
            case BUSYBOX_ROOT, BUSYBOX_ROOT_NO_PASSWD_UID -> JobImage.busyboxOnly(images.resolve("busybox")).share(Tools.ROOT.resolve("job"), temp);
            case DASH_NO_JDK_NO_PASSWD_UID -> JobImage.withoutJdk();
        };
        if (shell.noPasswdUid()) image.asUidWithoutPasswdEntry();
        if (shell == Shell.BUSYBOX_ROOT || shell == Shell.BUSYBOX_ROOT_NO_PASSWD_UID) {
            env = new HashMap<>(env);
            env.remove("PATH"); // the root's own /bin: busybox, whose wget is not used
        }
        String[] command = switch (shell) {
            case DASH, DASH_NO_JDK_NO_PASSWD_UID -> new String[] {"/usr/bin/dash", SCRIPT.toString()};
            case BUSYBOX_SH -> new String[] {JobImage.staticBusybox().toString(), "sh", SCRIPT.toString()};
            case BUSYBOX_ROOT, BUSYBOX_ROOT_NO_PASSWD_UID -> new String[] {"/bin/sh", SCRIPT.toString()};
        };
        Proc.Result result = image.run(env, command);
        Leaks.assertNoToken(TOKEN, result.stdout(), result.stderr());
        return result;
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void writesAProfileWithWhichTheAwsToolsExchangeTheTokenAtMoto(Shell shell) throws Exception {
        Moto moto = Moto.get();
        Proc.Result result = run(shell, job(moto.endpoint()));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("aws-oidc: no Java 17+ in this image: wrote a web_identity profile ci for " + ROLE + " as session "
                + SESSION + " (the AWS CLI and SDKs exchange the token themselves); an image with Java 17+ adds static and process modes,"
                + " session policies and fuller STS advice\n", result.stdout(), "one notice line");
        assertEquals(NO_CLIENT_NOTICE, result.stderr(), "and one line on what could not be checked");

        Path tokenFile = dir.resolve("web-identity-token-ci");
        assertTrue(TOKEN.equals(Files.readString(tokenFile)), "exactly the token, no line ending (not printed)");
        assertEquals("rw-------", TestFiles.mode(tokenFile));
        assertEquals("rw-------", TestFiles.mode(config));
        assertEquals("rwx------", TestFiles.mode(dir));
        if (shell.noPasswdUid()) assertEquals(JobImage.NO_PASSWD_UID, Files.getAttribute(config, "unix:uid"));
        assertEquals(List.of("config", "web-identity-token-ci"), listing(), "no temporary file left");

        // The credential providers reach moto only through the profile's services section.
        Proc.Result boto = boto3(moto.endpoint());
        assertEquals(0, boto.exitCode(), boto::toString);
        assertTrue(boto.stdout().contains("assumed-role/deploy-prod/" + SESSION), boto::toString);
        if (shell != Shell.DASH && shell != Shell.BUSYBOX_ROOT) return; // the same file (see the Java parity test): one reader is enough
        Proc.Result v1 = aws(AwsCli.V1, moto.endpoint());
        assertEquals(0, v1.exitCode(), v1::toString);
        assertTrue(v1.stdout().contains("assumed-role/deploy-prod/" + SESSION), v1::toString);
        // CLI v2 2.9 predates services sections, so it cannot reach moto; it reads the profile the same.
        Proc.Result v2 = aws(AwsCli.V2, null, "configure", "get", "web_identity_token_file");
        assertEquals(tokenFile + "\n", v2.stdout(), v2::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Shell.class, names = {"DASH", "BUSYBOX_ROOT"})
    void theToolsSendExactlyTheTokenFromTheFileAndTheSessionName(Shell shell) {
        try (FaultSts sts = FaultSts.start()) {
            Map<String, String> env = job(sts.endpoint());
            env.put("AWS_OIDC_SESSION_NAME", "deploy job #12/ä");
            Proc.Result result = run(shell, env);
            assertEquals(0, result.exitCode(), result::toString);
            Proc.Result v1 = aws(AwsCli.V1, sts.endpoint());
            assertEquals(0, v1.exitCode(), v1::toString);
            Proc.Result boto = boto3(sts.endpoint());
            assertEquals(0, boto.exitCode(), boto::toString);
            List<FaultSts.Request> exchanges = sts.requests("AssumeRoleWithWebIdentity");
            assertEquals(2, exchanges.size(), sts.requests()::toString);
            for (FaultSts.Request exchange : exchanges) {
                assertTrue(TOKEN.equals(exchange.param("WebIdentityToken")), "exactly the token from the file (not printed)");
                assertTrue(exchange.param("RoleSessionName").matches("deploy-job--12--+"), exchange::toString);
                assertEquals(ROLE, exchange.param("RoleArn"));
            }
        }
    }

    @Test
    void writesTheSameConfigFileAsTheJavaExchangeInWebIdentityMode() throws Exception {
        try (FaultSts sts = FaultSts.start()) {
            Files.copy(FIXTURES.resolve("existing-config"), config);
            Map<String, String> env = job(sts.endpoint());
            env.put("AWS_OIDC_CREDENTIAL_MODE", "web_identity");
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            Proc.Result java = Scripts.java("AssumeRole").env(env).timeout(120).run();
            assertEquals(0, java.exitCode(), java::toString);
            String byJava = Files.readString(config);

            Files.delete(config);
            Files.copy(FIXTURES.resolve("existing-config"), config);
            for (Shell shell : new Shell[] {Shell.DASH, Shell.BUSYBOX_SH}) {
                Proc.Result result = run(shell, env);
                assertEquals(0, result.exitCode(), result::toString);
                assertEquals(byJava, Files.readString(config), shell + " writes what ProfileWriter writes");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Shell.class, names = {"DASH", "BUSYBOX_SH", "BUSYBOX_ROOT_NO_PASSWD_UID"})
    void keepsOtherProfilesAndCommentsAndReplacesItsOwnSectionWhole(Shell shell) throws Exception {
        String endpoint = "http://127.0.0.1:4566";
        Files.copy(FIXTURES.resolve("existing-config"), config);
        assertEquals(0, run(shell, job(null)).exitCode());
        Map<String, String> second = job(endpoint);
        second.put("AWS_OIDC_PROFILE", "second");
        second.put("AWS_OIDC_SESSION_NAME", "second-job");
        assertEquals(0, run(shell, second).exitCode());
        Proc.Result again = run(shell, job(endpoint));
        assertEquals(0, again.exitCode(), again::toString);

        String expected = Files.readString(FIXTURES.resolve("expected-config")).replace("@DIR@", dir.toString()).replace("@ENDPOINT@", endpoint);
        assertEquals(expected, Files.readString(config));
        assertEquals(List.of("config", "web-identity-token-ci", "web-identity-token-second"), listing());
        for (String file : listing()) assertEquals("rw-------", TestFiles.mode(dir.resolve(file)), file);
        assertEquals("rwx------", TestFiles.mode(dir));
    }

    @ParameterizedTest
    @EnumSource(value = Shell.class, names = {"DASH", "BUSYBOX_SH"})
    void aCrlfFileStaysCrlf(Shell shell) throws Exception {
        String windows = "[default]\r\nregion = us-east-1\r\n[profile ci]\r\nregion = old\r\n";
        Files.writeString(config, windows);
        assertEquals(0, run(shell, job(null)).exitCode());
        assertEquals("[default]\r\nregion = us-east-1\r\n[profile ci]\r\nregion = eu-west-1\r\nrole_arn = " + ROLE
                + "\r\nweb_identity_token_file = " + dir.resolve("web-identity-token-ci") + "\r\nrole_session_name = " + SESSION + "\r\n",
                Files.readString(config));
    }

    @ParameterizedTest
    @EnumSource(value = Shell.class, names = {"DASH", "BUSYBOX_SH"})
    void refusesToWriteThroughASymbolicLink(Shell shell) throws Exception {
        Path elsewhere = temp.resolve("elsewhere");
        Path tokenFile = dir.resolve("web-identity-token-ci");
        Files.createSymbolicLink(tokenFile, elsewhere);
        Proc.Result result = run(shell, job(null));
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(tokenFile + " is a symbolic link; refusing to follow it"), result::toString);
        assertFalse(Files.exists(elsewhere, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(config));

        Files.delete(tokenFile);
        Files.createSymbolicLink(config, elsewhere);
        Proc.Result linkedConfig = run(shell, job(null));
        assertEquals(1, linkedConfig.exitCode(), linkedConfig::toString);
        assertTrue(linkedConfig.stderr().contains(config + " is a symbolic link"), linkedConfig::toString);
        assertFalse(Files.exists(elsewhere, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("config"), listing(), "only the link: no token file written");
    }

    /** An input the shell path cannot honour, or a bad value: variable, value, and what the message must say. */
    record Refusal(String input, String variable, String value, String shown, String says, boolean sameAsJava) {
        Refusal(String input, String variable, String value, String shown, String says) {
            this(input, variable, value, shown, says, false);
        }

        /** A case whose problem and fix read exactly as the Java validator's. */
        Refusal asInJava() {
            return new Refusal(input, variable, value, shown, says, true);
        }

        @Override
        public String toString() {
            return input + "=" + value;
        }
    }

    static Stream<Refusal> unsupported() {
        String needsJava = "use an image with Java 17+";
        return Stream.of(
                new Refusal("allowed_account_ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS", "[\"123456789012\", \"210987654321\"] ",
                        " \"[\"123456789012\", \"210987654321\"]\"", "cannot check the account of the credentials"),
                new Refusal("allowed_account_ids", "AWS_OIDC_ALLOWED_ACCOUNT_IDS", "[123456789012]", " \"[123456789012]\"", needsJava),
                new Refusal("policy_arns", "AWS_OIDC_POLICY_ARNS", "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"] ", " \"[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]\"", "cannot carry managed session policies"),
                new Refusal("session_policy", "AWS_OIDC_SESSION_POLICY", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "", "cannot carry an inline session policy"),
                new Refusal("credential_mode", "AWS_OIDC_CREDENTIAL_MODE", "static", " \"static\"", needsJava),
                new Refusal("credential_mode", "AWS_OIDC_CREDENTIAL_MODE", "process", " \"process\"", "needs the toolkit's Java exchange"));
    }

    static Stream<Refusal> badInputs() {
        return Stream.of(
                new Refusal("aws_region", "AWS_OIDC_REGION", "", "", "no region is set"),
                new Refusal("aws_region", "AWS_OIDC_REGION", "Europe", " \"Europe\"", "is not an AWS region name. Use a region code such as eu-west-1").asInJava(),
                new Refusal("role_arn", "AWS_OIDC_ROLE_ARN", "", "", "is required").asInJava(),
                new Refusal("role_arn", "AWS_OIDC_ROLE_ARN", "arn:aws:iam::12345:role/x", " \"arn:aws:iam::12345:role/x\"", "is not an IAM role ARN").asInJava(),
                new Refusal("role_arn", "AWS_OIDC_ROLE_ARN", "arn:aws-cn:iam::123456789012:role/x", " \"arn:aws-cn:iam::123456789012:role/x\"", "is in partition aws-cn but region eu-west-1 is in partition aws").asInJava(),
                new Refusal("role_arn", "AWS_OIDC_ROLE_ARN", "arn:aws-moon:iam::123456789012:role/x", " \"arn:aws-moon:iam::123456789012:role/x\"", "names the unknown partition \"aws-moon\"").asInJava(),
                new Refusal("profile", "AWS_OIDC_PROFILE", "my profile]", " \"my profile]\"", "is not a usable profile name").asInJava(),
                new Refusal("duration_seconds", "AWS_OIDC_DURATION_SECONDS", "899", " \"899\"", "is out of range 900-43200").asInJava(),
                new Refusal("duration_seconds", "AWS_OIDC_DURATION_SECONDS", "1h", " \"1h\"", "is not a whole number").asInJava(),
                new Refusal("session_name", "AWS_OIDC_SESSION_NAME", "x", " \"x\"", "is too short for a session name").asInJava(),
                new Refusal("credential_mode", "AWS_OIDC_CREDENTIAL_MODE", "magic", " \"magic\"", "Use one of auto, static, web_identity, process"),
                new Refusal("sts_endpoint", "AWS_OIDC_STS_ENDPOINT", "ftp://sts.example.com", " \"ftp://sts.example.com\"", "is not an http(s) endpoint URL").asInJava(),
                new Refusal("sts_endpoint", "AWS_OIDC_STS_ENDPOINT", "https://sts.example.com/?x=1\n[profile evil]", " \"https://sts.example.com/?x=1...\"", "is not an http(s) endpoint URL"),
                new Refusal("sts_endpoint", "AWS_OIDC_STS_ENDPOINT", "https://deploy:hunter2@sts.example.com", " \"https://(user info hidden)@sts.example.com\"", "carries user info"),
                new Refusal("token_variable", "AWS_OIDC_TOKEN_VARIABLE", "MY-TOKEN", " \"MY-TOKEN\"", "is not a variable name").asInJava(),
                new Refusal("token_variable", "AWS_OIDC_TOKEN_VARIABLE", "OTHER_TOKEN", "", "the ID token variable OTHER_TOKEN is not set"),
                new Refusal("token_variable", "AWS_OIDC_TOKEN", "glpat-0123456789abcdef", "", "it is not a JWT: it has fewer than 3 dot-separated parts"),
                new Refusal("token_variable", "AWS_OIDC_TOKEN", TOKEN.replace('.', '!'), "", "it is not a JWT"),
                new Refusal("token_variable", "AWS_OIDC_TOKEN", TOKEN + ".x.y", "", "that is an encrypted JWE"),
                new Refusal("token_variable", "AWS_OIDC_TOKEN", TOKEN + "a".repeat(20001 - TOKEN.length()), "", "is 20001 characters long; STS accepts 4 to 20000").asInJava());
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void refusesWhatAProfileCannotEnforceAndWritesNothing(Refusal refusal) throws IOException {
        refuses(refusal, "; or ");
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void refusesBadInputAsTheJavaValidatorDoesAndWritesNothing(Refusal refusal) throws IOException {
        refuses(refusal, ". ");
    }

    private void refuses(Refusal refusal, String fixFollows) throws IOException {
        for (Shell shell : new Shell[] {Shell.DASH, Shell.BUSYBOX_SH}) {
            Proc.Result result = run(shell, withValue(refusal));
            assertEquals(2, result.exitCode(), shell + ": " + result);
            String variable = refusal.variable().equals("AWS_OIDC_TOKEN") ? "AWS_OIDC_TOKEN_VARIABLE" : refusal.variable();
            assertTrue(result.stderr().startsWith("aws-oidc: input " + refusal.input() + " (" + variable + ")" + refusal.shown() + ": "), shell + ": " + result);
            assertTrue(result.stderr().contains(refusal.says()), shell + ": " + result);
            assertTrue(result.stderr().contains(fixFollows), "says what to do: " + result);
            assertEquals(1, result.stderr().split("\n").length, "one line: " + result);
            assertFalse(result.stderr().contains("hunter2"), result::toString);
            assertEquals("", result.stdout());
            assertEquals(List.of(), listing(), "nothing written");
        }
        if (refusal.sameAsJava()) {
            String shell = run(Shell.DASH, withValue(refusal)).stderr().strip();
            String java = javaValidatorMessage(withValue(refusal));
            String tail = ")" + refusal.shown() + ": ";
            assertEquals(java.substring(java.indexOf(tail)), shell.substring(shell.indexOf(tail)), "as the Java validator says it");
        }
    }

    private Map<String, String> withValue(Refusal refusal) {
        Map<String, String> env = job(null);
        env.put(refusal.variable(), refusal.value());
        return env;
    }

    /** What scripts/lib/exchange/InputValidator says for the same job (it reads the region from AWS_REGION). */
    private static String javaValidatorMessage(Map<String, String> job) {
        Map<String, String> env = new HashMap<>(job);
        env.put("AWS_REGION", job.get("AWS_OIDC_REGION"));
        env.put("AWS_OIDC_CREDENTIAL_MODE", "web_identity");
        try {
            new InputValidator(env, Instant.now()).validate(RawInputs.fromEnvironment(env));
        } catch (UsageException e) {
            return e.getMessage();
        }
        throw new AssertionError("the Java validator accepts it");
    }

    @Test
    void notesThatTheDurationCannotBeExpressedAndStillWritesTheProfile() throws IOException {
        Map<String, String> env = job(null);
        env.put("AWS_OIDC_DURATION_SECONDS", " 7200 ");
        Proc.Result result = run(Shell.DASH, env);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("notice: duration_seconds 7200 cannot be expressed in a web_identity profile"), result::toString);
        assertFalse(Files.readString(config).contains("duration"), "nothing a profile would ignore");
    }

    /** With curl in the image, one exchange up front: a refusal fails here, in STS's words, the token masked. */
    @Test
    void withCurlARefusedRoleFailsUpFrontNamingTheCodeAndTheFixWithTheTokenMasked() throws IOException {
        try (FaultSts sts = FaultSts.start()) {
            sts.script(FaultSts.Step.error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity with token " + TOKEN));
            Map<String, String> env = job(sts.endpoint());
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            Proc.Result result = run(Shell.DASH, env);
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("STS refused the exchange for " + ROLE
                    + ": AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity with token ****"), result::toString);
            assertTrue(result.stderr().contains("The role's trust policy does not allow this token"), result::toString);
            assertFalse(result.all().contains(TOKEN), "the token is masked");
            assertEquals(List.of(), listing(), "nothing written");
            FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
            assertEquals(TOKEN, exchange.param("WebIdentityToken"));
            assertEquals(ROLE, exchange.param("RoleArn"));
            assertEquals(SESSION, exchange.param("RoleSessionName"));
        }
    }

    @Test
    void withCurlAnUnreachableStsFailsUpFrontAndSaysWhatToDo() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = job("http://127.0.0.1:" + closedPort);
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Proc.Result result = run(Shell.DASH, env);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("could not reach STS at http://127.0.0.1:" + closedPort + " to check the role and the token (curl exit 7)"),
                result::toString);
        assertEquals(List.of(), listing(), "nothing written");
    }

    enum AwsCli { V1, V2 }

    /** The AWS CLI with only the job's config file; the endpoint (when given) serves the command's own call. */
    private Proc.Result aws(AwsCli cli, String endpoint, String... command) {
        List<String> argv = new java.util.ArrayList<>(List.of(cli == AwsCli.V1 ? Path.of(System.getProperty("user.home"), ".pyenv/shims/aws").toString() : Tools.awsCliV2()));
        argv.addAll(command.length == 0 ? List.of("sts", "get-caller-identity", "--output", "json") : List.of(command));
        argv.addAll(List.of("--profile", "ci"));
        if (endpoint != null) argv.addAll(List.of("--endpoint-url", endpoint));
        return Proc.of(argv).env(consumerEnv()).timeout(60).run();
    }

    private Proc.Result boto3(String endpoint) {
        String program = "import boto3, sys\n"
                + "print(boto3.Session(profile_name='ci').client('sts', endpoint_url=sys.argv[1]).get_caller_identity()['Arn'])";
        return Proc.of(Tools.python(), "-c", program, endpoint).env(consumerEnv()).timeout(60).run();
    }

    private Map<String, String> consumerEnv() {
        return Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString(),
                "HOME", temp.resolve("home").toString());
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

}
