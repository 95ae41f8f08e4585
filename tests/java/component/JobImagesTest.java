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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AwsConsumers;
import testkit.JobImage;
import testkit.Moto;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.TestIssuer;

/**
 * The component's real before_script (as gitlab-ci-local interpolates it) run as a job in the
 * images users extend it from: no Java, no bash, an old Java, a JRE, a uid without a home. Each
 * either works or fails at once naming what is missing and how to get it. Times are printed for
 * the record (speed is measured by bench/run, not asserted here).
 */
class JobImagesTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/deploy-prod";

    @TempDir Path temp;
    final String token = new TestIssuer().mint();
    Path project;
    Path jobDir;

    @BeforeEach
    void aProjectDirectory() throws IOException {
        project = Files.createDirectories(temp.resolve("builds/acme/webshop"));
        jobDir = project.resolveSibling("webshop.tmp/aws-oidc-4711001");
    }

    /** The before_script of a job extending the component with these inputs, as one sh script. */
    Path jobScript(String inputs) throws IOException {
        String pipeline = "include:\n  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA\n"
                + "    inputs:\n      role_arn: " + ROLE + "\n      aws_region: eu-west-1\n"
                + "      sts_endpoint: \"" + Moto.get().endpoint() + "\"\n" + inputs
                + "\ndeploy:\n  extends: .aws-oidc\n  script: echo ran\n";
        Proc.Result preview = PipelineProject.create(temp.resolve("gcl"), pipeline).preview();
        assertEquals(0, preview.exitCode(), preview::toString);
        String yaml = preview.stdout().substring(preview.stdout().indexOf("---"));
        JsonNode deploy = new YAMLMapper().readTree(yaml).path("deploy");
        StringBuilder script = new StringBuilder("set -e\n");
        deploy.path("before_script").forEach(item -> script.append(item.asText()).append('\n'));
        script.append("echo \"profile $AWS_PROFILE at $AWS_CONFIG_FILE\"\n");
        Path file = temp.resolve("job.sh");
        Files.writeString(file, script);
        return file;
    }

    Map<String, String> jobEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("CI_PROJECT_DIR", project.toString());
        env.put("CI_JOB_ID", "4711001");
        env.put("CI_PROJECT_ID", "42");
        env.put("CI_PIPELINE_ID", "900001");
        env.put("AWS_OIDC_TOKEN", token);
        env.put("HOME", temp.resolve("home").toString());
        return env;
    }

    Proc.Result runJob(JobImage image, Path script) {
        Proc.Result result = image.proc(jobEnv(), "sh", script.toString()).dir(project).timeout(300).run();
        System.out.println("JobImagesTest: exit " + result.exitCode() + " in " + result.millis() + " ms");
        assertFalse(result.stdout().contains(token) || result.stderr().contains(token), "the token was printed");
        return result;
    }

    /** The profile the shell path wrote, read back by boto3 on the host, exchanging with moto itself. */
    void profileWorksForBoto3() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", jobDir.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", jobDir.resolve("credentials").toString());
        Proc.Result boto3 = AwsConsumers.callerIdentityBoto3(env, "default", Moto.get().endpoint());
        assertEquals(0, boto3.exitCode(), boto3::toString);
        assertTrue(boto3.stdout().contains("assumed-role/deploy-prod/gitlab-42-900001-4711001"), boto3::toString);
    }

    @Test
    void aBusyboxOnlyImageGetsAWebIdentityProfileTheSdksUse() throws IOException {
        Path script = jobScript("");
        JobImage image = JobImage.busyboxOnly(temp.resolve("root")).share(temp);
        Proc.Result result = runJob(image, script.toAbsolutePath());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.all().contains("no usable Java 17+ in this image (no java)"), result::toString);
        assertTrue(result.stdout().contains("profile default at " + jobDir.resolve("config")), result::toString);
        assertFalse(Files.exists(jobDir), "the job's credentials outlived it");
    }

    @Test
    void theShellPathProfileIsReadByBoto3() throws IOException {
        Path script = jobScript("");
        // Keeps the profile past the job's end (the EXIT trap would remove it) to read it back.
        Files.writeString(script, Files.readString(script) + "trap - EXIT\n");
        Proc.Result result = runJob(JobImage.busyboxOnly(temp.resolve("root")).share(temp), script);
        assertEquals(0, result.exitCode(), result::toString);
        profileWorksForBoto3();
    }

    @Test
    void requiredJavaFailsAtOnceNamingWhatIsMissingAndTheFix() throws IOException {
        Path script = jobScript("      java_exchange: required\n");
        Proc.Result busybox = runJob(JobImage.busyboxOnly(temp.resolve("root")).share(temp), script);
        assertEquals(1, busybox.exitCode(), busybox::toString);
        assertTrue(busybox.stderr().contains("java_exchange is required, but this job's image has no java"), busybox::toString);
        assertTrue(busybox.stderr().contains("apk add openjdk21-jdk") && busybox.stderr().contains("openjdk-17-jdk-headless")
                && busybox.stderr().contains("AWS_OIDC_JAVA_HOME") && busybox.stderr().contains("eclipse-temurin:21-jdk"), busybox::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");

        Path jvm = Files.createDirectories(temp.resolve("jvm-11"));
        JobImage.fakeJdk(jvm.resolve("java-11"), "11.0.2");
        Proc.Result java11 = runJob(JobImage.withoutJdk().jvm(jvm), script);
        assertEquals(1, java11.exitCode(), java11::toString);
        assertTrue(java11.stderr().contains("has Java 11 at /usr/lib/jvm/java-11 (17 or newer is needed)"), java11::toString);

        Path jreDir = Files.createDirectories(temp.resolve("jvm-jre"));
        JobImage.jre(jreDir.resolve("jre-17"), "17.0.15");
        Proc.Result jre = runJob(JobImage.withoutJdk().jvm(jreDir), script);
        assertEquals(1, jre.exitCode(), jre::toString);
        assertTrue(jre.stderr().contains("runtime without javac"), jre::toString);
    }

    @Test
    void anOldJavaOrAJreWithoutACacheFallsBackToTheShellPath() throws IOException {
        Path script = jobScript("");
        Path jvm = Files.createDirectories(temp.resolve("jvm-11"));
        JobImage.fakeJdk(jvm.resolve("java-11"), "11.0.2");
        Proc.Result java11 = runJob(JobImage.withoutJdk().jvm(jvm), script);
        assertEquals(0, java11.exitCode(), java11::toString);
        assertTrue(java11.all().contains("no usable Java 17+ in this image (Java 11 at"), java11::toString);
        assertTrue(java11.all().contains("wrote a web_identity profile"), java11::toString);
    }

    @Test
    void whatAProfileCannotEnforceIsRefusedWithoutJava() throws IOException {
        Path script = jobScript("      allowed_account_ids: [\"123456789012\"]\n");
        Proc.Result result = runJob(JobImage.withoutJdk(), script);
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("allowed_account_ids"), result::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");
    }

    @Test
    void aUidWithoutAPasswdEntryLeavesNoStrayDirectoryInTheProject() throws IOException {
        Path script = jobScript("");
        JobImage.giveToJobUser(project.getParent(), project, Files.createDirectories(temp.resolve("home")));
        Proc.Result result = runJob(JobImage.withoutJdk().asUidWithoutPasswdEntry(), script);
        assertEquals(0, result.exitCode(), result::toString);
        try (Stream<Path> entries = Files.list(project)) {
            assertEquals(List.of(), entries.toList(), "the job left files in the project directory");
        }
    }
}
