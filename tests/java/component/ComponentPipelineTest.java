package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AwsConsumers;
import testkit.FaultSts;
import testkit.Moto;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;

/** The component as GitLab runs it: included at the project's own commit, run by gitlab-ci-local. */
class ComponentPipelineTest {
    @TempDir Path temp;
    final TestIssuer issuer = new TestIssuer();
    final String token = issuer.mint();

    static String pipeline(String name, String stsEndpoint) throws IOException {
        return Files.readString(Tools.FIXTURES.resolve("pipelines/" + name + ".gitlab-ci.yml"))
                .replace("@STS_ENDPOINT@", stsEndpoint)
                .replace("@AWS_CLI_V1@", AwsConsumers.awsCliV1())
                .replace("@PYTHON@", Tools.python());
    }

    Proc.Result run(String name, String endpoint, String... jobs) throws IOException {
        PipelineProject project = PipelineProject.create(temp, pipeline(name, endpoint));
        Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", token), jobs);
        assertFalse(result.all().contains(token), "the token appeared in the job log");
        assertEquals(List.of(), project.leftoverJobDirectories(), "after_script left credentials behind");
        return result;
    }

    @Test
    void staticProfileServesTheAwsCliAndBoto3InTheJob() throws IOException {
        Proc.Result result = run("static", Moto.get().endpoint(), "deploy");
        assertEquals(0, result.exitCode(), result::toString);
        String log = result.stdout();
        assertTrue(log.contains("profile ci (static) ready: arn:aws:iam::123456789012:role/deploy-prod"), log);
        assertTrue(log.contains("modes dir=700 credentials=600 config=600"), log);
        assertTrue(log.contains("cli-v2 arn:aws:sts::123456789012:assumed-role/deploy-prod/gitlab-"), log);
        assertTrue(log.contains("cli-v1 arn:aws:sts::123456789012:assumed-role/deploy-prod/gitlab-"), log);
        assertTrue(log.contains("boto3 arn:aws:sts::123456789012:assumed-role/deploy-prod/gitlab-"), log);
    }

    @Test
    void webIdentityProfileMakesTheCliExchangeTheTokenFileItself() throws IOException {
        try (FaultSts sts = FaultSts.start()) {
            Proc.Result result = run("web-identity", sts.endpoint(), "deploy");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("token file mode 600"), result::toString);
            assertTrue(result.stdout().contains("cli-v1 arn:aws:sts::123456789012:assumed-role/"), result::toString);
            assertTrue(result.stdout().contains("boto3 arn:aws:sts::123456789012:assumed-role/"), result::toString);

            List<FaultSts.Request> exchanges = sts.requests("AssumeRoleWithWebIdentity");
            assertEquals(3, exchanges.size(), "ours, then the AWS CLI's and boto3's own: " + exchanges);
            assertTrue(exchanges.get(0).header("User-Agent").contains("aws-sdk-java"), exchanges.get(0).header("User-Agent"));
            for (FaultSts.Request byTool : exchanges.subList(1, 3)) {
                assertTrue(byTool.header("User-Agent").contains("Botocore"), byTool.header("User-Agent"));
                assertTrue(token.equals(byTool.param("WebIdentityToken")), "the tool sent exactly the token from the file");
                assertEquals(exchanges.get(0).param("RoleSessionName"), byTool.param("RoleSessionName"));
            }
        }
    }

    @Test
    void twoIncludesGiveTwoJobsTheirOwnRoleProfileAndRegion() throws IOException {
        Proc.Result result = run("two-roles", Moto.get().endpoint(), "fetch", "deploy");
        assertEquals(0, result.exitCode(), result::toString);
        String log = result.stdout();
        assertTrue(log.contains("fetch as artifacts in eu-west-1 arn:aws:sts::111111111111:assumed-role/read-artifacts/"), log);
        assertTrue(log.contains("own before_script first"), log);
        assertTrue(log.contains("deploy as prod in us-east-1 arn:aws:sts::222222222222:assumed-role/deploy-prod/"), log);
    }

    @Test
    void afterScriptRemovesTheTokenAndCredentialsWhenTheJobFails() throws IOException {
        Proc.Result result = run("failing-job", Moto.get().endpoint(), "deploy");
        assertTrue(result.stdout().contains("about to fail"), result::toString);
        assertTrue(result.stdout().contains("token file written"), "the job had a token file to remove: " + result);
        assertNotEquals(0, result.exitCode(), result::toString);
    }
}
