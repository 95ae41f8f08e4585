import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.iam.IamClient;
import testkit.FaultSts;
import testkit.Moto;
import testkit.MotoIam;
import testkit.TestIssuer;
import testkit.Leaks;

/**
 * InspectToken --role-arn: the token doctor also reads the role and the account's OIDC providers
 * from IAM (moto) and says whether AWS would accept the token, and why not.
 */
class InspectTokenRoleArnTest {
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/webshop-deploy";

    private TestIssuer issuer;
    private String host;

    @BeforeEach
    void start() throws Exception {
        Moto.get().reset();
        issuer = new TestIssuer().start();
        host = issuer.issuer().replaceFirst("^http://", "");
    }

    @AfterEach
    void stop() {
        issuer.close();
    }


    static InspectTokenTest.Run inspectAt(String endpoint, String token, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_OIDC_TOKEN", token, "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing", "AWS_ENDPOINT_URL_IAM", endpoint));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = InspectToken.commandLine(new InspectToken(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        InspectTokenTest.Run run = new InspectTokenTest.Run(cmd.execute(args), out.toString(), err.toString());
        Leaks.assertNoToken(token, run.stdout(), run.stderr());
        return run;
    }

    InspectTokenTest.Run inspect(String token, String... args) {
        return inspectAt(Moto.get().endpoint(), token, args);
    }

    /** The provider for the test issuer and a role that admits acme/webshop on main, written as IAM holds them. */
    void arrange(boolean provider, String... clientIds) {
        try (IamClient iam = MotoIam.client()) {
            if (provider) iam.createOpenIDConnectProvider(r -> r.url(issuer.issuer()).clientIDList(clientIds));
            iam.createRole(r -> r.roleName("webshop-deploy").assumeRolePolicyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Sid": "GitLabMain", "Effect": "Allow",
                      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/HOST"},
                      "Action": "sts:AssumeRoleWithWebIdentity",
                      "Condition": {"StringEquals": {"HOST:aud": "sts.amazonaws.com",
                                                     "HOST:sub": "project_path:acme/webshop:ref_type:branch:ref:main"}}}]}
                    """.replace("HOST", host)));
        }
    }

    @Test
    void aTokenTheRoleAdmitsPassesTheAwsSideChecks() {
        arrange(true, "sts.amazonaws.com");
        InspectTokenTest.Run run = inspect(issuer.mint(), "--role-arn", ROLE_ARN);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.check("iam-provider").startsWith("  PASS  iam-provider"), run.toString());
        assertTrue(run.check("iam-provider").contains("arn:aws:iam::123456789012:oidc-provider/" + host + " exists"), run.toString());
        assertTrue(run.check("iam-client-id").contains("lists client id sts.amazonaws.com"), run.toString());
        assertTrue(run.check("role-trust").startsWith("  PASS  role-trust"), run.toString());
        assertTrue(run.check("role-trust").contains(ROLE_ARN + " allows this token: Allow statement GitLabMain matched"), run.toString());
        assertTrue(run.stdout().contains("Result: PASS (15 of 15 checks passed)"), run.toString());
    }

    @Test
    void aTokenFromAnotherBranchIsDeniedAndTheFailingConditionIsNamed() {
        arrange(true, "sts.amazonaws.com");
        InspectTokenTest.Run run = inspect(issuer.mint(Map.of("ref", "feature", "ref_path", "refs/heads/feature",
                "sub", "project_path:acme/webshop:ref_type:branch:ref:feature")), "--role-arn", ROLE_ARN);
        assertEquals(1, run.exitCode(), run.toString());
        String line = run.check("role-trust");
        assertTrue(line.startsWith("  FAIL  role-trust"), run.toString());
        assertTrue(line.contains(ROLE_ARN + " denies this token (STS answers AccessDenied)"), line);
        assertTrue(line.contains("condition StringEquals " + host + ":sub"), line);
        assertTrue(line.contains("the token has sub='project_path:acme/webshop:ref_type:branch:ref:feature'"), line);
        assertTrue(run.check("iam-provider").startsWith("  PASS  "), run.toString());
        assertTrue(run.stdout().contains("Result: FAIL (1 of 15 checks failed: role-trust)"), run.toString());
    }

    @Test
    void aMissingProviderIsReportedWithTheFix() {
        arrange(false);
        InspectTokenTest.Run run = inspect(issuer.mint(), "--role-arn", ROLE_ARN);
        assertEquals(1, run.exitCode(), run.toString());
        String line = run.check("iam-provider");
        assertTrue(line.contains("account 123456789012 has no IAM OIDC provider for " + host), line);
        assertTrue(line.contains("No OpenIDConnect provider found"), line);
        assertTrue(run.check("iam-client-id").startsWith("  SKIP  "), run.toString());
    }

    @Test
    void anAudienceTheProviderDoesNotListIsReported() {
        arrange(true, "sts.amazonaws.com");
        InspectTokenTest.Run run = inspect(issuer.mint(Map.of("aud", "gitlab-ci")), "--role-arn", ROLE_ARN, "--audience", "gitlab-ci");
        assertEquals(1, run.exitCode(), run.toString());
        String line = run.check("iam-client-id");
        assertTrue(line.startsWith("  FAIL  iam-client-id"), line);
        assertTrue(line.contains("lists client ids [sts.amazonaws.com], the token's aud is gitlab-ci"), line);
        assertTrue(line.contains("Incorrect token audience"), line);
        assertTrue(run.check("role-trust").contains(host + ":aud"), "the trust policy also checks aud: " + run);
    }

    @Test
    void aRoleThatDoesNotExistIsReported() {
        InspectTokenTest.Run run = inspect(issuer.mint(), "--role-arn", "arn:aws:iam::123456789012:role/nope");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.check("iam-provider").contains("role arn:aws:iam::123456789012:role/nope does not exist"), run.toString());
        assertTrue(run.check("role-trust").startsWith("  SKIP  "), run.toString());
    }

    @Test
    void aRefusedIamReadNamesTheAction() {
        try (FaultSts aws = FaultSts.start()) {
            aws.script(FaultSts.Step.error(403, "Sender", "AccessDenied", "not authorized to perform: iam:GetRole").forever());
            InspectTokenTest.Run run = inspectAt(aws.endpoint(), issuer.mint(), "--role-arn", ROLE_ARN);
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.check("iam-provider").contains("cannot read the AWS side: iam:GetRole was refused (AccessDenied)"), run.toString());
        }
    }

    @Test
    void aMalformedRoleArnIsBadUsageWithoutAnyCall() {
        try (FaultSts aws = FaultSts.start()) {
            InspectTokenTest.Run run = inspectAt(aws.endpoint(), issuer.mint(), "--role-arn", "webshop-deploy");
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.stderr().contains("--role-arn (env AWS_OIDC_INSPECT_ROLE_ARN) is 'webshop-deploy', not an IAM role ARN"), run.toString());
            assertEquals(0, aws.requests().size());
        }
    }

    @Test
    void withoutRoleArnNoAwsCallIsMade() {
        try (FaultSts aws = FaultSts.start()) {
            InspectTokenTest.Run run = inspectAt(aws.endpoint(), issuer.mint());
            assertEquals(0, run.exitCode(), run.toString());
            assertFalse(run.stdout().contains("role-trust"), run.toString());
            assertEquals(0, aws.requests().size());
        }
    }

    /** The two tools together: what SetupAws creates, InspectToken explains (the issuer is not served here). */
    @Test
    void explainsTheRoleSetupAwsCreated() {
        TestIssuer gitlab = new TestIssuer("https://gitlab.example.com");
        SetupAwsTest.Run created = SetupAwsTest.setup(MotoIam.environment(), "--gitlab-url", "https://gitlab.example.com",
                "--project-path", "acme/webshop", "--role-name", "webshop-deploy", "--branch", "main");
        assertEquals(0, created.exitCode(), created.toString());

        InspectTokenTest.Run main = inspect(gitlab.mint(), "--role-arn", ROLE_ARN);
        assertTrue(main.check("iam-provider").startsWith("  PASS  "), main.toString());
        assertTrue(main.check("iam-client-id").startsWith("  PASS  "), main.toString());
        assertTrue(main.check("role-trust").startsWith("  PASS  "), main.toString());

        InspectTokenTest.Run tag = inspect(gitlab.mint(Map.of("ref", "v1", "ref_type", "tag",
                "sub", "project_path:acme/webshop:ref_type:tag:ref:v1")), "--role-arn", ROLE_ARN);
        assertTrue(tag.check("role-trust").startsWith("  FAIL  "), tag.toString());
        assertTrue(tag.check("role-trust").contains("gitlab.example.com:sub"), tag.toString());
    }

    /** With the token's project_id at hand, a role that trusts the project's path is pointed out with the pin to add. */
    @Test
    void pointsOutANameBasedTrustWithTheTokensIds() {
        TestIssuer gitlab = new TestIssuer("https://gitlab.com");
        SetupAwsTest.Run byName = SetupAwsTest.setup(MotoIam.environment(), "--project-path", "acme/webshop",
                "--role-name", "webshop-deploy", "--branch", "main", "--allow-name-based");
        assertEquals(0, byName.exitCode(), byName.toString());
        assertTrue(byName.toString().contains("--allow-name-based: this role trusts the path acme/webshop"), byName.toString());
        InspectTokenTest.Run run = inspect(gitlab.mint(), "--role-arn", ROLE_ARN);
        assertTrue(run.check("role-trust").startsWith("  PASS  "), run.toString());
        assertTrue(run.check("role-trust").contains("trusts the project by its path (lint rule name-based-trust)"), run.toString());
        assertTrue(run.check("role-trust").contains("\"gitlab.com:project_id\": \"4242\", \"gitlab.com:namespace_id\": \"72\""),
                run.toString());

        SetupAwsTest.Run byId = SetupAwsTest.setup(MotoIam.environment(), "--project-path", "acme/webshop", "--project-id", "4242",
                "--namespace-id", "72", "--role-name", "webshop-deploy", "--branch", "main", "--update-trust");
        assertEquals(0, byId.exitCode(), byId.toString());
        InspectTokenTest.Run pinned = inspect(gitlab.mint(), "--role-arn", ROLE_ARN);
        assertTrue(pinned.check("role-trust").startsWith("  PASS  "), pinned.toString());
        assertFalse(pinned.check("role-trust").contains("name-based-trust"), pinned.toString());
    }
}
