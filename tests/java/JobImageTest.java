import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.JobImage;
import testkit.Proc;

/** The simulated job images are what they claim to be, and leave the host as it was. */
class JobImageTest {
    static final String PROBE = "command -v java || echo no-java; command -v bash || echo no-bash; ls /usr/lib/jvm | wc -l";

    @TempDir Path temp;

    @Test
    void hostHasJavaAndBashWhileTheNoJdkImageHasNoJava() {
        Proc.Result host = JobImage.host().run(Map.of(), "/bin/sh", "-c", PROBE);
        assertFalse(host.stdout().contains("no-java"), host::toString);
        Proc.Result noJdk = JobImage.withoutJdk().run(Map.of(), "/bin/sh", "-c", PROBE);
        assertEquals(0, noJdk.exitCode(), noJdk::toString);
        assertTrue(noJdk.stdout().contains("no-java"), noJdk::toString);
        assertTrue(noJdk.stdout().strip().endsWith("0"), "an empty /usr/lib/jvm: " + noJdk);
        assertTrue(Files.isDirectory(Path.of("/usr/lib/jvm").resolve(Path.of(System.getProperty("java.home")).getFileName())),
                "the host keeps its JDKs");
    }

    @Test
    void busyboxRootHasOnlyBusyboxAndSeesTheSharedDirectories() throws Exception {
        Path job = Files.createDirectories(temp.resolve("job"));
        Files.writeString(job.resolve("hello"), "from the host");
        Proc.Result result = JobImage.busyboxOnly(temp.resolve("root")).share(job).run(Map.of("JOB", job.toString()),
                "/bin/sh", "-c", PROBE + "; readlink /bin/sh; command -v cksum || echo no-cksum; cat \"$JOB/hello\"; echo \"PATH=$PATH\"");
        assertEquals(0, result.exitCode(), result::toString);
        for (String expected : new String[] {"no-java", "no-bash", "no-cksum", "busybox", "from the host", "PATH=/bin"}) {
            assertTrue(result.stdout().contains(expected), expected + " in " + result);
        }
    }

    @Test
    void jobUserHasNoPasswdEntryOnTheHostAndInTheBusyboxRoot() throws Exception {
        Path job = Files.createDirectories(temp.resolve("job"));
        JobImage.giveToJobUser(job);
        String probe = "id -u; id -un >/dev/null 2>&1 || echo no-name; touch \"$JOB/written\" && echo wrote";
        for (JobImage image : new JobImage[] {JobImage.host(), JobImage.busyboxOnly(temp.resolve("root")).share(job)}) {
            Proc.Result result = image.asUidWithoutPasswdEntry().run(Map.of("JOB", job.toString()), "/bin/sh", "-c", probe);
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().startsWith(JobImage.NO_PASSWD_UID + "\nno-name\nwrote"), result::toString);
        }
    }

    @Test
    void fakeJdkAndJreReplaceUsrLibJvmWithoutTouchingTheRealOne() throws Exception {
        Path realRelease = Path.of(System.getProperty("java.home")).toRealPath().resolve("release");
        String before = Files.readString(realRelease);
        Path jvm = temp.resolve("jvm");
        JobImage.fakeJdk(jvm.resolve("old-jdk"), "11.0.2");
        JobImage.jre(jvm.resolve("jre-17"), "17.0.15");
        Proc.Result result = JobImage.withoutJdk().jvm(jvm).run(Map.of(), "/bin/sh", "-c",
                "grep JAVA_VERSION= /usr/lib/jvm/old-jdk/release; test -x /usr/lib/jvm/old-jdk/bin/javac && echo jdk-has-javac;"
                        + " test -e /usr/lib/jvm/jre-17/bin/javac || echo jre-without-javac; /usr/lib/jvm/jre-17/bin/java -version 2>&1 | head -1");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("JAVA_VERSION=\"11.0.2\"\njdk-has-javac\njre-without-javac\n"), result::toString);
        assertTrue(result.stdout().contains("version \""), "the JRE's java runs: " + result);
        assertEquals(before, Files.readString(realRelease), "the real JDK's release file is unchanged");
        Proc.of("rm", "-rf", jvm.toString()).run(); // its links into /etc would each get a warning from JUnit's cleanup
    }
}
