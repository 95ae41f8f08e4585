import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lib.exchange.ProcessMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.AwsConsumers;
import testkit.FaultSts;
import testkit.FileSnapshot;
import testkit.Proc;
import testkit.TestCa;

/**
 * A private CA: STS on 127.0.0.1 over TLS with a certificate a throwaway CA signed. The exchange
 * trusts it only with --ca-bundle (or AWS_CA_BUNDLE), and the written profile carries ca_bundle so
 * the job's own AWS CLI trusts it too; without that line the CLI refuses the same server.
 */
class AssumeRoleCaBundleTest {
    @TempDir Path temp;
    TestCa ca;
    FaultSts sts;

    @BeforeEach
    void start() {
        ca = TestCa.create(temp);
        sts = FaultSts.startTls(ca.serverContext());
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    AssumeRoleRun job(String name) {
        return new AssumeRoleRun(temp.resolve(name), sts.endpoint());
    }

    static String withoutCaBundleLine(String config) {
        return config.lines().filter(line -> !line.startsWith("ca_bundle")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void withoutTheBundleTheCertificateIsRefusedOnceWithAPointerToTheOption() throws IOException {
        AssumeRoleRun job = job("no-bundle");
        Proc.Result result = job.run("--max-attempts", "5");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("the TLS certificate of 127.0.0.1:"), result::toString);
        assertTrue(result.stderr().contains("could not be verified"), result::toString);
        assertTrue(result.stderr().contains("--ca-bundle (env AWS_OIDC_CA_BUNDLE, or AWS_CA_BUNDLE)"), result::toString);
        assertTrue(result.stderr().contains("after 1 attempt"), "a certificate nobody vouches for is not retried: " + result);
        assertEquals(List.of(), sts.requests(), "no request may cross an unverified connection");
        assertFalse(Files.exists(job.files.config), "nothing is written");
    }

    @Test
    void withTheBundleAStaticProfileCarriesItAndTheAwsCliTrustsTheServerBecauseOfIt() throws IOException {
        AssumeRoleRun job = job("static");
        Proc.Result result = job.run("--ca-bundle", ca.bundle.toString(), "--allowed-account-ids", "123456789012");
        assertEquals(0, result.exitCode(), result::toString);
        String config = job.files.read(job.files.config);
        assertTrue(config.contains("ca_bundle = " + ca.bundle.toAbsolutePath() + "\n"), config);

        Proc.Result cli = AwsConsumers.callerIdentityV2(job.files.env(), "default", sts.endpoint());
        assertEquals(0, cli.exitCode(), cli::toString);
        assertTrue(cli.stdout().contains("\"Account\": \"123456789012\""), cli::toString);

        job.files.write(job.files.config, withoutCaBundleLine(config));
        Proc.Result refused = AwsConsumers.callerIdentityV2(job.files.env(), "default", sts.endpoint());
        assertEquals(255, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("CERTIFICATE_VERIFY_FAILED"), refused::toString);
    }

    @Test
    void aWebIdentityProfileCarriesTheBundleForTheCliOwnExchange() throws IOException {
        AssumeRoleRun job = job("web-identity");
        job.env.put("AWS_OIDC_CA_BUNDLE", ca.bundle.toString());
        Proc.Result result = job.run("--credential-mode", "web_identity");
        assertEquals(0, result.exitCode(), result::toString);
        String config = job.files.read(job.files.config);
        assertTrue(config.contains("ca_bundle = " + ca.bundle.toAbsolutePath() + "\n"), config);
        int exchanges = sts.requests("AssumeRoleWithWebIdentity").size();

        Proc.Result cli = AwsConsumers.callerIdentityV1(job.files.env(), "default", sts.endpoint());
        assertEquals(0, cli.exitCode(), cli::toString);
        assertEquals(exchanges + 1, sts.requests("AssumeRoleWithWebIdentity").size(), "the CLI exchanged the token itself over TLS");

        job.files.write(job.files.config, withoutCaBundleLine(config));
        Proc.Result refused = AwsConsumers.callerIdentityV1(job.files.env(), "default", sts.endpoint());
        assertEquals(255, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("CERTIFICATE_VERIFY_FAILED"), refused::toString);
    }

    @Test
    void aProcessProfileExchangesAgainOverTheSameTrust() throws IOException {
        AssumeRoleRun job = job("process");
        sts.identity(sts.identity().withExpiration(Instant.now().plus(Duration.ofMinutes(4))));
        String again = ProcessMode.command(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "AssumeRole"));
        Proc.Result result = job.run(Map.of("AWS_CA_BUNDLE", ca.bundle.toString()), "--credential-mode", "process", "--process-command", again);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(job.files.read(job.files.config).contains("ca_bundle = " + ca.bundle.toAbsolutePath() + "\n"));
        assertTrue(Files.readString(job.files.dir.resolve("process-default.json")).contains("\"ca_bundle\":\"" + ca.bundle.toAbsolutePath() + "\""));
        sts.identity(sts.identity().withExpiration(Instant.now().plus(Duration.ofHours(1))));

        // The cache is within 5 minutes of expiry: credential_process exchanges again, with no CA variable around.
        Proc.Result cli = AwsConsumers.callerIdentityV2(job.files.env(), "default", sts.endpoint());
        assertEquals(0, cli.exitCode(), cli::toString);
        assertEquals(2, sts.requests("AssumeRoleWithWebIdentity").size(), "credential_process exchanged again over TLS");
    }

    @Test
    void awsCaBundleCountsWhenTheOptionIsNotGivenAndTheOptionWinsOverIt() throws IOException {
        AssumeRoleRun fromEnv = job("aws-ca-bundle");
        Proc.Result result = fromEnv.run(Map.of("AWS_CA_BUNDLE", ca.bundle.toString()));
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(fromEnv.files.read(fromEnv.files.config).contains("ca_bundle = " + ca.bundle.toAbsolutePath()));

        AssumeRoleRun both = job("both");
        Proc.Result optionWins = both.run(Map.of("AWS_CA_BUNDLE", "/nonexistent/other.pem"), "--ca-bundle", ca.bundle.toString());
        assertEquals(0, optionWins.exitCode(), optionWins::toString);
    }

    @Test
    void aBundleWithSeveralCertificatesAndCommentsIsAccepted() throws IOException {
        TestCa other = TestCa.create(temp.resolve("other"));
        Path bundle = temp.resolve("corporate-bundle.pem");
        Files.writeString(bundle, "# Issuer: another CA\n" + Files.readString(other.bundle) + "\n# Issuer: ours\n" + Files.readString(ca.bundle));
        Proc.Result result = job("several").run("--ca-bundle", bundle.toString());
        assertEquals(0, result.exitCode(), result::toString);
        Proc.Result onlyTheOther = job("other-only").run("--ca-bundle", other.bundle.toString(), "--max-attempts", "1");
        assertEquals(1, onlyTheOther.exitCode(), "a bundle of another CA must not make the server trusted: " + onlyTheOther);
    }

    @Test
    void aBadBundleIsRefusedWithExit2NamingWhereItWasSet() throws IOException {
        Path notPem = Files.writeString(temp.resolve("not.pem"), "this is not a certificate\n");
        Path brokenPem = Files.writeString(temp.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        record Bad(Map<String, String> env, List<String> args, String says) {}
        List<Bad> cases = List.of(
                new Bad(Map.of(), List.of("--ca-bundle", temp.resolve("missing.pem").toString()), "--ca-bundle (env AWS_OIDC_CA_BUNDLE) \"" + temp.resolve("missing.pem") + "\": does not exist"),
                new Bad(Map.of("AWS_OIDC_CA_BUNDLE", temp.toString()), List.of(), "--ca-bundle (env AWS_OIDC_CA_BUNDLE) \"" + temp + "\": is not a file"),
                new Bad(Map.of(), List.of("--ca-bundle", notPem.toString()), "holds no PEM certificate"),
                new Bad(Map.of(), List.of("--ca-bundle", brokenPem.toString()), "is not a valid PEM certificate bundle"),
                new Bad(Map.of("AWS_CA_BUNDLE", notPem.toString()), List.of(), "AWS_CA_BUNDLE (env AWS_CA_BUNDLE) \"" + notPem + "\": holds no PEM certificate"));
        for (Bad bad : cases) {
            AssumeRoleRun job = job("bad");
            FileSnapshot before = FileSnapshot.of(job.files.dir);
            Proc.Result result = job.run(bad.env(), bad.args().toArray(String[]::new));
            assertEquals(2, result.exitCode(), bad + ": " + result);
            assertTrue(result.stderr().contains(bad.says()), bad + ": " + result);
            assertTrue(result.stderr().contains("Name a readable PEM file"), result::toString);
            before.assertUnchanged();
        }
        assertEquals(List.of(), sts.requests(), "a bad bundle reached the network");
    }
}
