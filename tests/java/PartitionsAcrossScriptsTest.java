import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lib.aws.Arns;
import lib.aws.setup.SetupChecks;
import lib.cli.UsageException;
import lib.exchange.InputValidator;
import lib.exchange.RawInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import testkit.TestIssuer;

/** Every AWS partition is one and the same to assume-role, inspect-token and setup-aws (lib/aws/Arns). */
class PartitionsAcrossScriptsTest {
    @TempDir Path temp;

    /** A region of each partition, from the AWS SDK's partitions metadata. */
    static final String PARTITIONS = """
            aws,        eu-west-1
            aws-cn,     cn-north-1
            aws-us-gov, us-gov-west-1
            aws-iso,    us-iso-east-1
            aws-iso-b,  us-isob-east-1
            aws-iso-e,  eu-isoe-west-1
            aws-iso-f,  us-isof-south-1
            aws-eusc,   eusc-de-east-1
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PARTITIONS)
    void theModelKnowsThePartitionOfEachRegionAndItsRoleArns(String partition, String region) {
        assertTrue(Arns.isKnownPartition(partition));
        assertEquals(partition, Arns.partitionOfRegion(region));
        Arns.RoleArn role = Arns.parseRole("arn:" + partition + ":iam::123456789012:role/ci/deploy");
        assertNotNull(role);
        assertEquals(partition, role.partition());
        assertEquals("deploy", role.name());
        assertEquals(partition, Arns.policyPartition("arn:" + partition + ":iam::aws:policy/ReadOnlyAccess"));
        assertEquals(partition, Arns.partitionOfRegion(Arns.iamRegion(partition)), "IAM answers in a region of the partition");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PARTITIONS)
    void assumeRoleAcceptsARoleOfEachPartitionInItsRegion(String partition, String region) {
        String arn = "arn:" + partition + ":iam::123456789012:role/deploy";
        assertEquals(arn, validate(arn, region).roleArn());
        String otherRegion = partition.equals("aws") ? "cn-north-1" : "eu-west-1";
        UsageException wrong = assertThrows(UsageException.class, () -> validate(arn, otherRegion));
        assertTrue(wrong.getMessage().contains("is in partition " + partition), wrong.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PARTITIONS)
    void inspectTokenTakesARoleOfEachPartition(String partition, String region) {
        Run run = inspect("--role-arn", "arn:" + partition + ":iam::123456789012:role/deploy");
        // 1: the checks ran (and failed: no issuer, no IAM here); 2 would be a refused --role-arn.
        assertEquals(1, run.exit, run.err);
        assertFalse(run.err.contains("not an IAM role ARN"), run.err);
        // The ARN was taken: the role's account was asked for (and nothing listens), no other check failed.
        assertTrue(run.out.contains("FAIL  iam-provider   cannot read the AWS side: iam:GetRole could not be called"), run.out);
        assertTrue(run.out.contains("Result: FAIL (2 of 15 checks failed: discovery, iam-provider)"), run.out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PARTITIONS)
    void setupAwsChecksARegionAndPolicyOfEachPartition(String partition, String region) {
        assertEquals(region, SetupChecks.region(region));
        String policy = "arn:" + partition + ":iam::aws:policy/ReadOnlyAccess";
        assertEquals(List.of(policy), SetupChecks.policyArns(List.of(policy), Arns.partitionOfRegion(region)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PARTITIONS)
    void setupAwsRunsWithARegionAndPolicyOfEachPartition(String partition, String region) {
        Run run = setup("--region", region, "--policy-arn", "arn:" + partition + ":iam::aws:policy/ReadOnlyAccess");
        // 1: the inputs passed and the first AWS call failed (nothing listens); 2 would be a refused input.
        assertEquals(1, run.exit, run.err);
        assertTrue(run.err.contains("GetCallerIdentity"), run.err);
    }

    @Test
    void everyScriptRefusesAnUnknownPartition() {
        assertNull(Arns.parseRole("arn:aws:iam::123456789012:user/deploy"));
        UsageException refused = assertThrows(UsageException.class,
                () -> validate("arn:aws-mars:iam::123456789012:role/deploy", "eu-west-1"));
        assertTrue(refused.getMessage().contains("unknown partition"), refused.getMessage());
        Run inspect = inspect("--role-arn", "arn:aws-mars:iam::123456789012:role/deploy");
        assertEquals(2, inspect.exit, inspect.err);
        assertTrue(inspect.err.contains("--role-arn (env AWS_OIDC_INSPECT_ROLE_ARN) is 'arn:aws-mars:iam::123456789012:role/deploy', "
                + "not an IAM role ARN. Fix:"), inspect.err);
        Run setup = setup("--region", "eu-west-1", "--policy-arn", "arn:aws-mars:iam::aws:policy/ReadOnlyAccess");
        assertEquals(2, setup.exit, setup.err);
        assertTrue(setup.err.contains("--policy-arn (env SETUP_AWS_POLICY_ARNS) \"arn:aws-mars:iam::aws:policy/ReadOnlyAccess\" "
                + "is not a managed policy ARN. Fix:"), setup.err);
        Run otherPartition = setup("--region", "eu-west-1", "--policy-arn", "arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
        assertEquals(2, otherPartition.exit, otherPartition.err);
        assertNotEquals(-1, otherPartition.err.indexOf("is in partition aws-cn"), otherPartition.err);
    }

    record Run(int exit, String out, String err) {}

    private lib.exchange.ExchangeSettings validate(String arn, String region) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_OIDC_TOKEN", new TestIssuer().mint(),
                "AWS_OIDC_ROLE_ARN", arn, "AWS_REGION", region,
                "AWS_CONFIG_FILE", temp.resolve("config").toString(), "CI_JOB_ID", "1"));
        return new InputValidator(env, Instant.now()).validate(RawInputs.fromEnvironment(env));
    }

    private static Run inspect(String... args) {
        Map<String, String> env = Map.of("AWS_OIDC_TOKEN", new TestIssuer("http://127.0.0.1:9").mint(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:9");
        return execute(InspectToken.commandLine(new InspectToken(env)), args);
    }

    private static Run setup(String... args) {
        String[] base = {"--project-path", "acme/webshop", "--project-id", "4242", "--role-name", "deploy", "--branch", "main"};
        String[] all = new String[args.length + base.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        return execute(SetupAws.commandLine(new SetupAws(env)), all);
    }

    private static Run execute(CommandLine command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(out));
        return new Run(command.execute(args), out.toString(), err.toString());
    }
}
