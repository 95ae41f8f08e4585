package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.JobImage;
import testkit.Proc;
import testkit.TestIssuer;

/**
 * The component's real before_script (as gitlab-ci-local interpolates it) run as a job in the
 * images users extend it from: no Java, no bash, an old Java, a JRE, a uid without a home. Each
 * either works or fails at once naming what is missing and how to get it. Times are printed for
 * the record (speed is measured by bench/run, not asserted here).
 */
class JobImagesTest {
    static final String ROLE = ComponentJobScript.ROLE;

    @TempDir Path temp;
    final String token = new TestIssuer().mint();
    ComponentJobScript job;
    Path project;
    Path jobDir;

    @BeforeEach
    void aProjectDirectory() throws IOException {
        job = new ComponentJobScript(temp, token);
        project = job.project;
        jobDir = job.jobDir;
    }

    Path jobScript(String inputs) throws IOException {
        return job.beforeScript(inputs);
    }

    Proc.Result runJob(JobImage image, Path script) {
        return job.run(image, script);
    }

    void profileWorksForBoto3() {
        job.profileWorksForBoto3();
    }

    @Test
    void aBusyboxOnlyImageGetsAWebIdentityProfileTheSdksUse() throws IOException {
        Path script = jobScript("");
        JobImage image = JobImage.busyboxOnly(temp.resolve("root")).share(temp);
        Proc.Result result = runJob(image, script.toAbsolutePath());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.all().contains("no usable Java 17+ in this image (no java on PATH, in JAVA_HOME or in the standard JDK directories)"),
                result::toString);
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
        assertTrue(busybox.stderr().contains("input java_exchange is required, but this job's image has no java on PATH, in JAVA_HOME"
                + " or in the standard JDK directories"), busybox::toString);
        assertTrue(busybox.stderr().contains("apk add openjdk21-jre-headless") && busybox.stderr().contains("openjdk-17-jre-headless")
                && busybox.stderr().contains("eclipse-temurin:21-jre"), busybox::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");

        Path jvm = Files.createDirectories(temp.resolve("jvm-11"));
        JobImage.fakeJdk(jvm.resolve("java-11"), "11.0.2");
        Proc.Result java11 = runJob(JobImage.withoutJdk().jvm(jvm), script);
        assertEquals(1, java11.exitCode(), java11::toString);
        assertTrue(java11.stderr().contains("has Java 11 at /usr/lib/jvm/java-11 (17 or newer is needed)"), java11::toString);
    }

    /** Like eclipse-temurin:17-jre: java without javac, nothing cached, default inputs. */
    @Test
    void aJreOnlyImageWithDefaultInputsGetsStaticKeysFromTheJavaExchange() throws IOException {
        Path script = jobScript("");
        Path jreDir = Files.createDirectories(temp.resolve("jvm-jre"));
        JobImage.jre(jreDir.resolve("jre-17"), "17.0.15");
        Files.writeString(script, Files.readString(script) + "trap - EXIT\n");
        Proc.Result jre = runJob(JobImage.withoutJdk().jvm(jreDir), script);
        assertEquals(0, jre.exitCode(), jre::toString);
        assertTrue(jre.stdout().contains("profile default (static) ready: " + ROLE), jre::toString);
        assertTrue(Files.readString(jobDir.resolve("credentials")).contains("aws_secret_access_key"), "static keys written");
        assertFalse(jre.all().contains("javac") || jre.all().contains("jbang"), jre::toString);
    }

    @Test
    void anOldJavaFallsBackToTheShellPath() throws IOException {
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
        Path script = jobScript("      policy_arns: [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]\n");
        Proc.Result result = runJob(JobImage.withoutJdk(), script);
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("input policy_arns (AWS_OIDC_POLICY_ARNS)"), result::toString);
        assertTrue(result.stderr().contains("a web_identity profile cannot carry managed session policies"), result::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");

        Path accounts = jobScript("      allowed_account_ids: [\"123456789012\"]\n");
        Proc.Result busybox = runJob(JobImage.busyboxOnly(temp.resolve("root")).share(temp), accounts);
        assertEquals(2, busybox.exitCode(), busybox::toString);
        assertTrue(busybox.stderr().contains("input allowed_account_ids (AWS_OIDC_ALLOWED_ACCOUNT_IDS)"), busybox::toString);
        assertTrue(busybox.stderr().contains("neither Java, curl nor GNU wget to check it up front"), busybox::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");
    }

    /** Without Java, curl exchanges once up front: allowed_account_ids holds, a refusal fails the before_script. */
    @Test
    void withoutJavaCurlChecksTheRoleAndTheAccountUpFront() throws IOException {
        Path other = jobScript("      allowed_account_ids: [\"111111111111\"]\n");
        Proc.Result refused = runJob(JobImage.withoutJdk(), other);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("the role gave credentials for account 123456789012, which allowed_account_ids does not list"),
                refused::toString);
        assertFalse(Files.exists(jobDir.resolve("config")), "nothing written");

        Path listed = jobScript("      allowed_account_ids: [\"123456789012\"]\n");
        Files.writeString(listed, Files.readString(listed) + "trap - EXIT\n");
        Proc.Result allowed = runJob(JobImage.withoutJdk(), listed);
        assertEquals(0, allowed.exitCode(), allowed::toString);
        assertTrue(allowed.stdout().contains("wrote a web_identity profile"), allowed::toString);
        profileWorksForBoto3();
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
