import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import testkit.AgainstFaultSts;
import testkit.AssumeRoleRun;
import testkit.FaultSts.Step;
import testkit.FileSnapshot;
import testkit.Proc;
import testkit.TestFiles;

/** How AssumeRole treats the AWS files: modes, symlinks, other profiles, and failures at any step. */
class AssumeRoleFileSafetyTest extends AgainstFaultSts {
    static final String CONFIG = "# team defaults\r\n[default]\r\nregion = us-east-1\r\n\r\n; the deploy job\r\n[profile  ci] # old\r\n"
            + "region = us-west-2\r\ns3 =\r\n  max_concurrent_requests = 20\r\n\r\n[profile other]\r\nrole_arn = arn:aws:iam::111111111111:role/x\r\n"
            + "source_profile = base";
    static final String CREDENTIALS = "[base]\naws_access_key_id = AKIABASEEXAMPLE0000\n# keep\n[ci]\naws_access_key_id = AKIAOLD\n"
            + "aws_secret_access_key = old\n\n[zzz]\nx = 1";


    @Test
    void narrowsWiderExistingFilesAndDirectory() throws IOException {
        job.files.write(job.files.config, "[default]\n");
        job.files.write(job.files.credentials, "");
        Files.setPosixFilePermissions(job.files.config, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(job.files.credentials, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(job.files.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc.Result result = job.run("--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("rwx------", TestFiles.mode(job.files.dir));
        assertEquals("rw-------", TestFiles.mode(job.files.config));
        assertEquals("rw-------", TestFiles.mode(job.files.credentials));
    }

    @Test
    void changesOnlyItsOwnProfileKeepingEverythingElseByteForByte() {
        job.files.write(job.files.config, CONFIG);
        job.files.write(job.files.credentials, CREDENTIALS);
        Proc.Result result = job.run("--profile", "ci");
        assertEquals(0, result.exitCode(), result::toString);
        String config = job.files.read(job.files.config);
        // The job's endpoint input goes to the profile as a services section, in the file's CRLF line endings.
        assertEquals(CONFIG.replace("region = us-west-2\r\n", "region = eu-west-1\r\nservices = aws-oidc-ci\r\n")
                + "\r\n\r\n[services aws-oidc-ci]\r\nsts = \r\n  endpoint_url = " + sts.endpoint() + "\r\n", config);
        String keys = "[ci]\naws_access_key_id = " + sts.identity().accessKeyId() + "\naws_secret_access_key = "
                + sts.identity().secretAccessKey() + "\naws_session_token = " + sts.identity().sessionToken() + "\n";
        assertEquals(CREDENTIALS.replace("[ci]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n", keys), job.files.read(job.files.credentials));
    }

    @Test
    void refusesASymlinkedCredentialsFileAndLeavesItsTargetUntouched() throws IOException {
        Path target = temp.resolve("target-credentials");
        Files.writeString(target, "[precious]\naws_access_key_id = AKIAPRECIOUS\n");
        Files.createDirectories(job.files.dir);
        Files.createSymbolicLink(job.files.credentials, target);
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result result = job.run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(job.files.credentials + " is a symbolic link; refusing to follow it"), result::toString);
        before.assertUnchanged();
    }

    @Test
    void refusesASymlinkedConfigDirectory() throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"));
        Files.writeString(real.resolve("config"), "[default]\n");
        Files.createSymbolicLink(job.files.dir, real);
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result result = job.run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(job.files.dir + " is a symbolic link"), result::toString);
        before.assertUnchanged();
    }

    @Test
    void leavesTheFilesAsTheyWereWhenStsRefuses() {
        job.files.write(job.files.config, CONFIG);
        job.files.write(job.files.credentials, CREDENTIALS);
        FileSnapshot before = FileSnapshot.of(temp);
        sts.script(Step.error("AccessDenied"));
        Proc.Result result = job.run("--profile", "ci");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("STS refused AssumeRoleWithWebIdentity for " + AssumeRoleRun.ROLE + ": AccessDenied"),
                result::toString);
        assertTrue(result.stderr().contains("The role's trust policy does not allow this token"), result::toString);
        before.assertUnchanged();
    }

    @Test
    void explainsADirectoryThatCannotBeCreatedAndWritesNothing() throws IOException {
        Path blocker = temp.resolve("blocker");
        Files.writeString(blocker, "not a directory\n");
        FileSnapshot before = FileSnapshot.of(temp);
        Proc.Result result = job.run(Map.of("AWS_CONFIG_FILE", blocker.resolve("aws/config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", blocker.resolve("aws/credentials").toString()));
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("could not prepare directory " + blocker.resolve("aws")), result::toString);
        before.assertUnchanged();
    }

    @Test
    void refusesAConfigPathThatIsADirectoryAndKeepsTheCredentials() throws IOException {
        job.files.write(job.files.credentials, CREDENTIALS);
        Files.createDirectories(job.files.config);
        FileSnapshot before = FileSnapshot.of(job.files.credentials);
        Proc.Result result = job.run("--profile", "ci");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("the AWS files were left as they were"), result::toString);
        assertEquals(CREDENTIALS, job.files.read(job.files.credentials));
        assertFalse(result.stderr().contains("\tat "), "no stack trace");
        assertTrue(Files.isDirectory(job.files.config));
        before.assertUnchanged();
    }
}
