import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import testkit.Moto;
import testkit.MotoIam;
import testkit.Proc;
import testkit.Scripts;

/** SetupAws as users run it: through JBang, configured by environment variables, against moto. */
class SetupAwsJBangTest {

    @Test
    void setsUpTheAccountFromEnvironmentVariablesThroughJbangAndTheSecondRunChangesNothing() {
        Moto.get().reset();
        Proc first = jbangRun();
        Proc.Result created = first.run();
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.stdout().contains("Applied 3 change(s)."), created.toString());
        assertTrue(created.stdout().contains("      role_arn: arn:aws:iam::123456789012:role/ci-deploy\n      aws_region: eu-central-1\n"),
                created.toString());

        JsonNode role = MotoIam.cli("get-role", "--role-name", "ci-deploy").path("Role");
        JsonNode equals = role.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Condition").path("StringEquals");
        assertEquals("project_path:acme/infra:ref_type:branch:ref:main", equals.path("gitlab.com:sub").get(0).asText(), role.toString());
        assertEquals("project_path:acme/infra:ref_type:tag:ref:v1.0.0", equals.path("gitlab.com:sub").get(1).asText(), role.toString());
        assertEquals("arn:aws:iam::aws:policy/ReadOnlyAccess",
                MotoIam.cli("list-attached-role-policies", "--role-name", "ci-deploy").path("AttachedPolicies").get(0).path("PolicyArn").asText());

        Proc.Result again = jbangRun().run();
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("Nothing to change: the account already matches."), again.toString());
    }

    @Test
    void helpNamesTheEnvironmentVariableOfEveryOption() {
        Proc.Result help = Scripts.jbang("SetupAws.java", "--help").run();
        assertEquals(0, help.exitCode(), help.toString());
        for (String variable : new String[] {"TRUST_POLICY_PROJECT_PATH", "SETUP_AWS_ROLE_NAME", "TRUST_POLICY_BRANCHES",
                "TRUST_POLICY_TAGS", "TRUST_POLICY_ENVIRONMENTS", "SETUP_AWS_POLICY_ARNS", "SETUP_AWS_INLINE_POLICY_FILE",
                "SETUP_AWS_MAX_SESSION_DURATION", "SETUP_AWS_ROLE_TAGS", "SETUP_AWS_DRY_RUN", "SETUP_AWS_UPDATE_TRUST",
                "SETUP_AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_REGION", "TRUST_POLICY_ACCOUNT_ID", "TRUST_POLICY_GITLAB_URL",
                "TRUST_POLICY_AUDIENCE", "SETUP_AWS_THUMBPRINTS", "SETUP_AWS_COMPONENT"}) {
            assertTrue(help.stdout().contains(variable), variable + " missing from --help:\n" + help.stdout());
        }
    }

    private static Proc jbangRun() {
        return Scripts.jbang("SetupAws.java")
                .env(MotoIam.environment())
                .env("AWS_CONFIG_FILE", "/dev/null").env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
                .env("TRUST_POLICY_PROJECT_PATH", "acme/infra")
                .env("TRUST_POLICY_PROJECT_ID", "4242").env("TRUST_POLICY_NAMESPACE_ID", "72")
                .env("TRUST_POLICY_REF_PROTECTED", "true")
                .env("SETUP_AWS_ROLE_NAME", "ci-deploy")
                .env("TRUST_POLICY_BRANCHES", "main")
                .env("TRUST_POLICY_TAGS", "v1.0.0")
                .env("SETUP_AWS_POLICY_ARNS", "arn:aws:iam::aws:policy/ReadOnlyAccess")
                .env("AWS_REGION", "eu-central-1");
    }
}
