package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.Tools;

/**
 * The component as GitLab sees it (gitlab-ci-local --preview), against golden files, and inputs
 * that would reach a shell refused before any job runs. Regenerate goldens with -Dupdate=true.
 */
class ComponentPreviewTest {
    static final Path GOLDEN = Tools.FIXTURES.resolve("golden");

    @TempDir Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "all-inputs"})
    void previewMatchesGoldenFile(String pipeline) throws IOException {
        PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline(pipeline, ""));
        Proc.Result preview = project.preview();
        assertEquals(0, preview.exitCode(), preview::toString);
        String normalized = PipelineProject.normalizePreview(preview.stdout());
        Path golden = GOLDEN.resolve(pipeline + ".preview.yml");
        if (Boolean.getBoolean("update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, normalized);
        }
        assertEquals(Files.readString(golden), normalized,
                "the component changed shape; review and run mvn -q test -Dtest=ComponentPreviewTest -Dupdate=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "role_arn: \"arn:aws:iam::123456789012:role/x; touch @PWNED@\"",
        "profile: \"$(touch @PWNED@)\"",
        "session_name: \"`touch @PWNED@`\"",
        "aws_region: \"eu-west-1\\\"; touch @PWNED@; echo \\\"\"",
        "token_variable: \"T; touch @PWNED@\"",
        "sts_endpoint: \"http://127.0.0.1:1/$(touch @PWNED@)\"",
        "as: \".x\\\"; touch @PWNED@\"",
        "credential_mode: \"static; touch @PWNED@\"",
        "role_arn: \"arn:aws:iam::123456789012:role/x'\"",
        "session_policy: \"{}\\nAWS_OIDC_INPUT_EOF\\ntouch @PWNED@\\n{}\"",
        "ca_bundle: \"certs/ca.pem'; touch @PWNED@; '\"",
    })
    void inputsThatWouldReachAShellAreRefusedBeforeAnyJobRuns(String input) throws IOException {
        Path pwned = temp.resolve("pwned-" + UUID.randomUUID());
        String base = "  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA\n    inputs:\n";
        String key = input.substring(0, input.indexOf(':'));
        StringBuilder inputs = new StringBuilder();
        if (!key.equals("role_arn")) inputs.append("      role_arn: arn:aws:iam::123456789012:role/deploy\n");
        if (!key.equals("aws_region")) inputs.append("      aws_region: eu-west-1\n");
        inputs.append("      ").append(input.replace("@PWNED@", pwned.toString())).append('\n');
        String pipeline = "include:\n" + base + inputs + "\ndeploy:\n  extends: .aws-oidc\n  script: echo ran\n"
                + "\nplain:\n  script: echo plain job ran\n";
        PipelineProject project = PipelineProject.create(temp, pipeline);
        Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", "x.y.z"));
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.all().contains("`" + key + "` input"), "refused for another reason than the input: " + result);
        assertTrue(!result.stdout().contains("ran"), "no job may run: " + result);
        assertTrue(Files.notExists(pwned), "the injected command ran");
    }

    @Test
    void requiredInputsAreEnforced() throws IOException {
        String pipeline = "include:\n  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA\n"
                + "    inputs:\n      aws_region: eu-west-1\n\ndeploy:\n  extends: .aws-oidc\n  script: echo ran\n";
        Proc.Result result = PipelineProject.create(temp, pipeline).run(Map.of());
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.all().contains("`role_arn` input: required value has not been provided"), result::toString);
    }
}
