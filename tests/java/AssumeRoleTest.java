import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.AwsConsumers;
import testkit.AwsFilesFixture;
import testkit.Moto;
import testkit.Proc;
import testkit.Scripts;
import testkit.Leaks;

/** The exchange against moto's STS, read back by the AWS CLI and boto3. */
class AssumeRoleTest {
    static final String ROLE = AssumeRoleRun.ROLE;

    @TempDir Path temp;
    AwsFilesFixture files;
    String token;
    Moto moto = Moto.get();
    AssumeRoleRun job;

    @BeforeEach
    void setUp() {
        job = new AssumeRoleRun(temp, moto.endpoint());
        files = job.files;
        token = job.token;
    }

    Map<String, String> env() {
        return new HashMap<>(job.env);
    }

    Proc.Result run(Map<String, String> env, String... args) {
        return Scripts.java("AssumeRole", args).env(env).run();
    }

    @Test
    void staticProfileWorksWithAwsCliAndBoto3() throws Exception {
        Proc.Result result = run(env(), "--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("profile ci (static) ready: " + ROLE + " as session gitlab-4242-900001-7000001"), result::toString);

        Proc.Result v2 = AwsConsumers.callerIdentityV2(files.env(), "ci", moto.endpoint());
        assertEquals(0, v2.exitCode(), v2::toString);
        assertTrue(v2.stdout().contains("assumed-role/deploy-prod/gitlab-4242-900001-7000001"), v2::toString);
        Proc.Result v1 = AwsConsumers.callerIdentityV1(files.env(), "ci", moto.endpoint());
        assertEquals(0, v1.exitCode(), v1::toString);
        assertTrue(v1.stdout().contains("assumed-role/deploy-prod/"), v1::toString);
        Proc.Result boto = AwsConsumers.callerIdentityBoto3(files.env(), "ci", moto.endpoint());
        assertEquals(0, boto.exitCode(), boto::toString);
        assertTrue(boto.stdout().contains("assumed-role/deploy-prod/"), boto::toString);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.config)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.credentials)));
        assertTrue(files.read(files.config).contains("[profile ci]\nregion = eu-west-1\n"), files.read(files.config));
        Leaks.assertNoToken(token, result.stdout(), result.stderr());
    }

    @Test
    void webIdentityProfileLetsTheCliExchangeTheTokenItself() throws Exception {
        Map<String, String> env = env();
        env.put("AWS_OIDC_CREDENTIAL_MODE", "web_identity");
        Proc.Result result = run(env);
        assertEquals(0, result.exitCode(), result::toString);

        String config = files.read(files.config);
        assertTrue(config.contains("role_arn = " + ROLE), config);
        assertTrue(config.contains("web_identity_token_file = " + files.dir.resolve("web-identity-token-default")), config);
        assertFalse(Files.exists(files.credentials) && files.read(files.credentials).contains("aws_access_key_id"));
        Path tokenFile = files.dir.resolve("web-identity-token-default");
        assertTrue(token.equals(Files.readString(tokenFile)), "the token file holds exactly the token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));

        moto.reset();
        Proc.Result v1 = AwsConsumers.callerIdentityV1(files.env(), "default", moto.endpoint());
        assertEquals(0, v1.exitCode(), v1::toString);
        assertTrue(v1.stdout().contains("assumed-role/deploy-prod/gitlab-4242-900001-7000001"), v1::toString);
        Proc.Result boto = AwsConsumers.callerIdentityBoto3(Map.of(
                "AWS_CONFIG_FILE", files.config.toString(), "AWS_SHARED_CREDENTIALS_FILE", files.credentials.toString(),
                "AWS_ENDPOINT_URL_STS", moto.endpoint()), "default", moto.endpoint());
        assertEquals(0, boto.exitCode(), boto::toString);
        assertTrue(boto.stdout().contains("assumed-role/deploy-prod/"), boto::toString);
    }

    @Test
    void keepsOtherProfilesAndCommentsByteForByte() {
        String config = "# team settings\n[default]\nregion = us-east-1\noutput = json\n\n; legacy\n[profile other]\nrole_arn = arn:aws:iam::111111111111:role/x\ns3 =\n  max_concurrent_requests = 20\n";
        String credentials = "[other]\naws_access_key_id = AKIAOTHEREXAMPLE\naws_secret_access_key = other-secret-example\n";
        files.write(files.config, config);
        files.write(files.credentials, credentials);
        Proc.Result result = run(env(), "--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(files.read(files.config).startsWith(config), files.read(files.config));
        assertTrue(files.read(files.credentials).startsWith(credentials), files.read(files.credentials));

        Proc.Result again = run(env(), "--profile", "ci");
        assertEquals(0, again.exitCode(), again::toString);
        String after = files.read(files.config);
        assertEquals(1, after.split("\\[profile ci]", -1).length - 1, after);
        assertTrue(after.startsWith(config), after);
    }

    @Test
    void runsUnderJbangAndExitsTwoOnBadInputWithoutWriting() {
        Proc.Result ok = Scripts.jbang("AssumeRole.java", "--profile", "via-jbang").env(env()).timeout(300).run();
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(files.read(files.credentials).contains("[via-jbang]"), ok::toString);

        Map<String, String> env = env();
        env.put("AWS_OIDC_DURATION_SECONDS", "899");
        Proc.Result bad = Scripts.jbang("AssumeRole.java", "--profile", "never").env(env).timeout(300).run();
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("--duration-seconds (env AWS_OIDC_DURATION_SECONDS) \"899\": is out of range 900-43200"), bad::toString);
        assertFalse(files.read(files.credentials).contains("[never]"));
    }
}
