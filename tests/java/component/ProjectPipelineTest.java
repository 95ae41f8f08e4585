package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.Tools;

/** The project's own .gitlab-ci.yml resolves, includes the component at its commit, and releases on tags. */
class ProjectPipelineTest {
    @TempDir Path temp;

    @Test
    void ownPipelineIncludesTheComponentAtItsCommitAndHasTheReleaseJob() throws IOException {
        String pipeline = Files.readString(Tools.ROOT.resolve(".gitlab-ci.yml"));
        Proc.Result preview = PipelineProject.create(temp, pipeline).preview();
        assertEquals(0, preview.exitCode(), preview::toString);
        String yaml = preview.stdout();
        assertTrue(yaml.contains("self-test:") && yaml.contains("AWS_OIDC_ROLE_ARN='arn:aws:iam::123456789012:role/self-test'"), yaml);
        assertTrue(yaml.contains("AWS_OIDC_STS_ENDPOINT='http://moto:5000'"), yaml);
        assertTrue(yaml.contains("release:") && yaml.contains("tag_name: $CI_COMMIT_TAG"), yaml);
        assertTrue(yaml.contains("semver-check:"), yaml);
    }
}
