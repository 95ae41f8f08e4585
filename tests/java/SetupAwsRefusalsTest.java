import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import testkit.FaultSts;
import testkit.FaultSts.Step;

/**
 * Bad usage (exit 2, and not one request reaches the endpoint) and the refusals moto cannot
 * produce (AccessDenied), against a scripted Query-protocol endpoint on 127.0.0.1.
 */
class SetupAwsRefusalsTest {
    private FaultSts aws;

    @BeforeEach
    void start() {
        aws = FaultSts.start();
        aws.identity(FaultSts.Identity.random().withAccount("123456789012"));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    Run setup(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SetupAws.commandLine(new SetupAws(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_ENDPOINT_URL", aws.endpoint())));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    static List<String> args(String... pairs) {
        List<String> base = new ArrayList<>(List.of("--project-path", "acme/webshop", "--project-id", "4242", "--role-name", "gitlab-deploy",
                "--branch", "main"));
        for (int i = 0; i < pairs.length; i += 2) {
            int at = base.indexOf(pairs[i]);
            if (pairs[i + 1] == null) {
                base.remove(at + 1);
                base.remove(at);
            } else if (at >= 0) {
                base.set(at + 1, pairs[i + 1]);
            } else {
                base.add(pairs[i]);
                base.add(pairs[i + 1]);
            }
        }
        return base;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "--project-path|NULL|--project-path (env TRUST_POLICY_PROJECT_PATH) is missing",
        "--project-path|acme|--project-path (TRUST_POLICY_PROJECT_PATH): 'acme' is not accepted",
        "--project-path|acme/*|'acme/*' is not accepted",
        "--role-name|NULL|--role-name (env SETUP_AWS_ROLE_NAME) is missing",
        "--role-name|has space|--role-name (env SETUP_AWS_ROLE_NAME) \"has space\" is not a role name",
        "--branch|NULL|Say what may assume the role: --branch, --tag or --environment",
        "--branch|feature/*|lint rule",
        "--gitlab-url|http://gitlab.example.com|is not an https:// URL",
        "--max-session-duration|3599|--max-session-duration (env SETUP_AWS_MAX_SESSION_DURATION) \"3599\" is not allowed",
        "--max-session-duration|43201|\"43201\" is not allowed. Fix: give whole seconds from 3600 to 43200",
        "--tag-role|team|--tag-role (env SETUP_AWS_ROLE_TAGS) \"team\" is not a tag",
        "--tag-role|aws:x=1|\"aws:x=1\" is not a tag",
        "--policy-arn|ReadOnlyAccess|--policy-arn (env SETUP_AWS_POLICY_ARNS) \"ReadOnlyAccess\" is not a managed policy ARN",
        "--inline-policy|/nonexistent/policy.json|--inline-policy (env SETUP_AWS_INLINE_POLICY_FILE) \"/nonexistent/policy.json\" cannot be read",
        "--thumbprint|abc|--thumbprint (env SETUP_AWS_THUMBPRINTS) \"abc\" is not a SHA-1 thumbprint",
        "--region|europe|--region (env AWS_REGION) \"europe\" is not a region",
        "--account-id|12345|--account-id (env TRUST_POLICY_ACCOUNT_ID) \"12345\" is not a 12-digit account id",
        "--endpoint-url|ftp://127.0.0.1|--endpoint-url (env SETUP_AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL) \"ftp://127.0.0.1\" is not an http(s) URL",
        "--environment|production|--environment: GitLab's default sub has no environment",
    })
    void badUsageExitsTwoWithoutCallingAws(String option, String value, String message) {
        Run run = setup(args(option, value).toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains(message), "expected '" + message + "' in:\n" + run);
        assertEquals(List.of(), aws.requests(), "no AWS call for bad usage");
    }

    @Test
    void anInlinePolicyThatIsATrustPolicyIsRefused() {
        Run run = setup(args("--inline-policy", trustPolicyFixture()).toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("names a Principal: that is a trust policy, not permissions"), run.toString());
        assertEquals(List.of(), aws.requests());
    }

    @Test
    void unknownOptionIsBadUsage() {
        Run run = setup(args("--no-such-option", "x").toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of("setup-aws: Unknown options: '--no-such-option', 'x'", "Usage: setup-aws [OPTIONS] (see --help)"),
                run.stderr().lines().toList(), run.toString());
        assertEquals(List.of(), aws.requests());
    }

    @Test
    void accessDeniedNamesTheRefusedIamAction() {
        String denied = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole on resource: "
                + "arn:aws:iam::123456789012:role/gitlab-deploy because no identity-based policy allows the iam:CreateRole action";
        aws.script(Step.success(),
                Step.error(404, "Sender", "NoSuchEntity", "OpenIDConnect Provider not found"),
                Step.error(404, "Sender", "NoSuchEntity", "The role with name gitlab-deploy cannot be found."),
                Step.raw(200, "text/xml", "<CreateOpenIDConnectProviderResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + "<CreateOpenIDConnectProviderResult><OpenIDConnectProviderArn>arn:aws:iam::123456789012:oidc-provider/gitlab.com"
                        + "</OpenIDConnectProviderArn></CreateOpenIDConnectProviderResult><ResponseMetadata><RequestId>r-1</RequestId>"
                        + "</ResponseMetadata></CreateOpenIDConnectProviderResponse>"),
                Step.error(403, "Sender", "AccessDenied", denied));
        Run run = setup(args().toArray(String[]::new));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("iam:CreateRole was refused (AccessDenied): " + denied), run.toString());
        assertTrue(run.stderr().contains("Fix: run with credentials whose policy allows iam:CreateRole"), run.toString());
        assertTrue(run.stderr().contains("1 of 2 change(s) were applied before this"), run.toString());
        assertEquals(List.of("GetCallerIdentity", "GetOpenIDConnectProvider", "GetRole", "CreateOpenIDConnectProvider", "CreateRole"),
                aws.requests().stream().map(FaultSts.Request::action).toList());
    }

    @Test
    void aRefusedReadNamesItsActionAndChangesNothing() {
        aws.script(Step.success(), Step.error(403, "Sender", "AccessDenied", "not authorized to perform: iam:GetOpenIDConnectProvider"));
        Run run = setup(args().toArray(String[]::new));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("iam:GetOpenIDConnectProvider was refused (AccessDenied)"), run.toString());
        assertEquals(2, aws.requests().size());
    }

    @Test
    void invalidCredentialsAreReportedAtGetCallerIdentity() {
        aws.script(Step.error(403, "Sender", "InvalidClientTokenId", "The security token included in the request is invalid."));
        Run run = setup(args().toArray(String[]::new));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("sts:GetCallerIdentity was refused (InvalidClientTokenId)"), run.toString());
        assertTrue(run.stderr().contains("refresh them (aws sso login, new keys) or pick another profile (AWS_PROFILE)"), run.toString());
    }

    private static String trustPolicyFixture() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("trust", ".json");
            java.nio.file.Files.writeString(file, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"Federated\":\"arn:aws:iam::123456789012:oidc-provider/gitlab.com\"},"
                    + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
