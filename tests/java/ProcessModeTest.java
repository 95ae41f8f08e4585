import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AwsConsumers;
import testkit.AwsFilesFixture;
import testkit.FaultSts;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;
import testkit.Leaks;

/** credential_mode process: the AWS CLI and boto3 call back into the toolkit, which answers from its cache. */
class ProcessModeTest {
    @TempDir Path temp;
    final TestIssuer issuer = new TestIssuer();
    final String token = issuer.mint();
    Path toolkit;

    @org.junit.jupiter.api.BeforeEach
    void unpackTheShippedToolkit() throws java.io.IOException {
        toolkit = testkit.ShippedToolkit.unpack("assume-role", temp);
        Files.createDirectories(temp.resolve("project"));
    }

    Map<String, String> env(AwsFilesFixture files, FaultSts sts) {
        Map<String, String> env = new HashMap<>(files.env());
        env.put("AWS_OIDC_TOKEN", token);
        env.put("AWS_OIDC_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy-prod");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_OIDC_STS_ENDPOINT", sts.endpoint());
        env.put("AWS_OIDC_CREDENTIAL_MODE", "process");
        env.putAll(testkit.ShippedToolkit.jobEnvironment(temp.resolve("project")));
        env.put("AWS_OIDC_LAUNCHER", toolkit.resolve("java-toolkit.sh").toString());
        return env;
    }

    /** What the job's AWS tools run credential_process with: the job's environment. */
    Map<String, String> jobEnv(AwsFilesFixture files) {
        Map<String, String> env = new HashMap<>(files.env());
        env.putAll(testkit.ShippedToolkit.jobEnvironment(temp.resolve("project")));
        return env;
    }

    Proc.Result setUpProfile(Map<String, String> env) {
        return Proc.of("sh", toolkit.resolve("java-toolkit.sh").toString(), "AssumeRole", "--profile", "ci")
                .env(env).timeout(300).run();
    }

    @Test
    void toolsGetCredentialsFromTheCacheWithoutAnotherExchange() throws Exception {
        AwsFilesFixture files = new AwsFilesFixture(temp);
        try (FaultSts sts = FaultSts.start()) {
            Proc.Result result = setUpProfile(env(files, sts));
            assertEquals(0, result.exitCode(), result::toString);
            String config = files.read(files.config);
            assertTrue(config.contains("credential_process = 'sh' '"), config);
            assertTrue(config.contains("--process-credentials '" + files.dir.resolve("process-ci.json") + "'"), config);
            for (String name : new String[] {"process-ci.json", "process-ci-cache.json", "web-identity-token-ci"}) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir.resolve(name))), name);
            }
            Leaks.assertNoToken(token, Files.readString(files.dir.resolve("process-ci.json")));

            Proc.Result v2 = AwsConsumers.callerIdentityV2(jobEnv(files), "ci", sts.endpoint());
            assertEquals(0, v2.exitCode(), v2::toString);
            Proc.Result boto = AwsConsumers.callerIdentityBoto3(jobEnv(files), "ci", sts.endpoint());
            assertEquals(0, boto.exitCode(), boto::toString);
            assertEquals(1, sts.requests("AssumeRoleWithWebIdentity").size(), "the cache served both tools");
            assertTrue(sts.requests("GetCallerIdentity").stream()
                    .allMatch(r -> r.header("Authorization").contains("Credential=" + sts.identity().accessKeyId() + "/")),
                    "tools signed with the exchanged keys");
        }
    }

    @Test
    void credentialsCloseToExpiryAreExchangedAgainFromTheTokenFile() throws Exception {
        AwsFilesFixture files = new AwsFilesFixture(temp);
        try (FaultSts sts = FaultSts.start()) {
            sts.identity(sts.identity().withExpiration(Instant.now().plus(Duration.ofMinutes(4))));
            assertEquals(0, setUpProfile(env(files, sts)).exitCode());
            sts.identity(sts.identity().withExpiration(Instant.now().plus(Duration.ofHours(1))));

            Proc.Result v1 = AwsConsumers.callerIdentityV1(jobEnv(files), "ci", sts.endpoint());
            assertEquals(0, v1.exitCode(), v1::toString);
            var exchanges = sts.requests("AssumeRoleWithWebIdentity");
            assertEquals(2, exchanges.size(), "a cache within 5 minutes of expiry is refreshed");
            assertTrue(token.equals(exchanges.get(1).param("WebIdentityToken")), "the refresh read the token file");
            assertTrue(exchanges.get(1).header("User-Agent").contains("aws-sdk-java"), exchanges.get(1).header("User-Agent"));

            Proc.Result again = AwsConsumers.callerIdentityBoto3(jobEnv(files), "ci", sts.endpoint());
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals(2, sts.requests("AssumeRoleWithWebIdentity").size(), "the refreshed cache is used");
        }
    }

    @Test
    void withoutALauncherProcessModeSaysHowToRunItAgain() {
        AwsFilesFixture files = new AwsFilesFixture(temp);
        try (FaultSts sts = FaultSts.start()) {
            Map<String, String> env = env(files, sts);
            env.remove("AWS_OIDC_LAUNCHER");
            Proc.Result result = testkit.Scripts.java("AssumeRole").env(env).run();
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("--process-command (env AWS_OIDC_PROCESS_COMMAND)"), result::toString);
            assertEquals(0, sts.requests().size());
        }
    }
}
