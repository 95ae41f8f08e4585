package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import testkit.AwsConsumers;
import testkit.JobImage;
import testkit.MavenMirror;
import testkit.Moto;
import testkit.PipelineProject;
import testkit.Proc;

/**
 * The component's real before_script and after_script, as gitlab-ci-local interpolates them, run
 * as plain sh scripts of one job (CI_JOB_ID 4711001) in a project directory under temp.
 */
final class ComponentJobScript {
    static final String ROLE = "arn:aws:iam::123456789012:role/deploy-prod";
    final Path temp;
    final String token;
    final Path project;
    final Path jobDir;
    private int scripts;

    ComponentJobScript(Path temp, String token) throws IOException {
        this.temp = temp;
        this.token = token;
        project = Files.createDirectories(temp.resolve("builds/acme/webshop"));
        jobDir = project.resolveSibling("webshop.tmp/aws-oidc-4711001");
    }

    /** The job's definition after includes and inputs: role_arn, aws_region and sts_endpoint set, then these input lines. */
    JsonNode job(String inputs) throws IOException {
        String pipeline = "include:\n  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA\n"
                + "    inputs:\n      role_arn: " + ROLE + "\n      aws_region: eu-west-1\n"
                + "      sts_endpoint: \"" + Moto.get().endpoint() + "\"\n" + inputs
                + "\ndeploy:\n  extends: .aws-oidc\n  script: echo ran\n";
        Proc.Result preview = PipelineProject.create(Files.createTempDirectory(temp, "gcl"), pipeline).preview();
        assertEquals(0, preview.exitCode(), preview::toString);
        return new YAMLMapper().readTree(preview.stdout().substring(preview.stdout().indexOf("---"))).path("deploy");
    }

    /** The before_script of a job extending the component with these inputs, as one sh script. */
    Path beforeScript(String inputs) throws IOException {
        StringBuilder script = new StringBuilder("set -e\n");
        job(inputs).path("before_script").forEach(item -> script.append(item.asText()).append('\n'));
        script.append("echo \"profile $AWS_PROFILE at $AWS_CONFIG_FILE\"\n");
        return Files.writeString(temp.resolve("before-" + ++scripts + ".sh"), script);
    }

    Path afterScript() throws IOException {
        StringBuilder script = new StringBuilder();
        job("").path("after_script").forEach(item -> script.append(item.asText()).append('\n'));
        return Files.writeString(temp.resolve("after-" + ++scripts + ".sh"), script);
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CI_PROJECT_DIR", project.toString());
        env.put("CI_JOB_ID", "4711001");
        env.put("CI_PROJECT_ID", "42");
        env.put("CI_PIPELINE_ID", "900001");
        env.put("AWS_OIDC_TOKEN", token);
        env.put("HOME", temp.resolve("home").toString());
        env.put("AWS_OIDC_MAVEN_REPOSITORY", MavenMirror.shared().url());
        return env;
    }

    Proc.Result run(JobImage image, Path script) {
        return run(image, env(), script);
    }

    Proc.Result run(JobImage image, Map<String, String> env, Path script) {
        Proc.Result result = image.proc(env, "sh", script.toString()).dir(project).timeout(300).run();
        System.out.println("ComponentJobScript: exit " + result.exitCode() + " in " + result.millis() + " ms");
        assertFalse(result.stdout().contains(token) || result.stderr().contains(token), "the token was printed");
        return result;
    }

    /** The profile the job wrote, read back by boto3 on the host, exchanging with moto itself. */
    void profileWorksForBoto3() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", jobDir.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", jobDir.resolve("credentials").toString());
        Proc.Result boto3 = AwsConsumers.callerIdentityBoto3(env, "default", Moto.get().endpoint());
        assertEquals(0, boto3.exitCode(), boto3::toString);
        assertTrue(boto3.stdout().contains("assumed-role/deploy-prod/gitlab-42-900001-4711001"), boto3::toString);
    }
}
