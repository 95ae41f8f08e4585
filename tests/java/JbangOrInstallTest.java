import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testkit.Proc;
import testkit.Tools;

/**
 * jbang-or-install.sh behaves like `jbang`: it reuses an installed JBang, installs the pinned one
 * (digests checked) into the job's directory, runs it under a plain POSIX shell, keeps JBang to
 * the JDK it is given, and keeps JBang's and Maven's files out of a missing home.
 */
class JbangOrInstallTest {
    private static final String SCRIPT = JbangInstallFixture.SCRIPT.toString();
    @TempDir Path temp;
    Path job;
    Path home;

    @BeforeEach
    void directories() throws Exception {
        job = Files.createDirectories(temp.resolve("job"));
        home = Files.createDirectories(temp.resolve("home"));
    }

    @Test
    void installsThePinnedJbangWithMvnAndChecksTheCopiedJars() throws Exception {
        Proc.Result result = Proc.of("sh", SCRIPT, "version")
                .env(jobEnvironment("/usr/local/bin:/usr/bin:/bin"))
                .env("MAVEN_OPTS", "-Dmaven.repo.local=" + JbangInstallFixture.MAVEN_LOCAL)
                .timeout(300).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(JbangInstallFixture.VERSION, result.stdout().strip(), result::toString);
        assertTrue(result.stderr().contains("JBang not found; installing JBang 0.132.1"), result::toString);
        assertEquals(56, count(job.resolve("jbang-0.132.1/lib")), "the pinned jars, checked, in the job's directory");
    }

    @Test
    void theMvnRouteRefusesACopiedJarWhoseDigestDiffers() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("resolved"));
        for (JbangInstallFixture.Pinned jar : JbangInstallFixture.pinnedJars()) {
            Files.copy(JbangInstallFixture.MAVEN_LOCAL.resolve(jar.path()), jars.resolve(jar.fileName()));
        }
        Files.writeString(jars.resolve("commons-io-2.16.1.jar"), "not the jar from Maven Central");
        Path bin = Files.createDirectories(temp.resolve("fake-mvn"));
        executable(bin.resolve("mvn"), "#!/bin/sh\n"
                + "for a; do case $a in -DoutputDirectory=*) cp \"$RESOLVED\"/*.jar \"${a#*=}/\";; esac; done\n");

        Proc.Result result = Proc.of("sh", SCRIPT, "version")
                .env(jobEnvironment(bin + ":" + JbangInstallFixture.JAVA_BIN + ":/bin"))
                .env("RESOLVED", jars.toString()).timeout(60).run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.stdout(), result::toString);
        assertTrue(result.stderr().contains("SHA-256 of commons-io-2.16.1.jar from the Maven repository used by mvn"),
                result::toString);
        assertFalse(Files.exists(job.resolve("jbang-0.132.1")), result::toString);
    }

    @Test
    void jbangsOwnJvmStartsWithC1AndTheSerialCollectorUnlessTheCallerSaysOtherwise() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("options-jbang"));
        executable(bin.resolve("jbang"), "#!/bin/sh\necho \"[$JBANG_JAVA_OPTIONS]\"\n");

        Proc.Result byDefault = Proc.of("sh", SCRIPT, "version").env(jobEnvironment(bin + ":/bin")).timeout(30).run();
        assertEquals("[-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djbang.jdkproviders=javahome,path"
                + " -Daws.oidc.jbang.option=jbang.jdkproviders]", byDefault.stdout().strip(), byDefault::toString);

        Proc.Result empty = Proc.of("sh", SCRIPT, "version").env(jobEnvironment(bin + ":/bin"))
                .env("JBANG_JAVA_OPTIONS", "").timeout(30).run();
        assertEquals("[ -Djbang.jdkproviders=javahome,path -Daws.oidc.jbang.option=jbang.jdkproviders]",
                empty.stdout().strip(), empty::toString);
    }

    @Test
    void aJbangOnPathIsUsedAsItIsAndToldToUseOnlyTheGivenJdk() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("own-jbang"));
        executable(bin.resolve("jbang"), "#!/bin/sh\necho \"own jbang: $* [$JBANG_JAVA_OPTIONS]\"\nexit 3\n");

        Proc.Result result = Proc.of("sh", SCRIPT, "run", "a b")
                .env(jobEnvironment(bin + ":/bin")).env("JBANG_JAVA_OPTIONS", "-Xmx64m").timeout(30).run();

        assertEquals(3, result.exitCode(), result::toString);
        assertEquals("own jbang: run a b [-Xmx64m -Djbang.jdkproviders=javahome,path"
                + " -Daws.oidc.jbang.option=jbang.jdkproviders]", result.stdout().strip());
        assertEquals(0, count(job), "nothing installed");
    }

    @Test
    void aBashLauncherIsPassedOverWhereThereIsNoBash() throws Exception {
        JbangInstallFixture.seedInstall(job);
        Path busybox = JbangInstallFixture.busyboxBin(temp);
        Path bin = Files.createDirectories(temp.resolve("bash-jbang"));
        executable(bin.resolve("jbang"), "#!/usr/bin/env bash\necho bash launcher\n");

        Proc.Result result = busyboxSh("version").env(jobEnvironment(bin + ":" + busybox + ":" + JbangInstallFixture.JAVA_BIN))
                .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(JbangInstallFixture.VERSION, result.stdout().strip(), result::toString);
        assertTrue(result.stderr().contains("needs bash, which this image lacks"), result::toString);
    }

    @Test
    void anInstalledJbangRunsThroughItsJarsUnderBusyboxWithoutBash() throws Exception {
        Path busybox = JbangInstallFixture.busyboxBin(temp);
        Path project = Files.createDirectories(temp.resolve("a project dir"));
        Path script = JbangInstallFixture.javaScript(project, "Hello", "//JAVA 17+\n", "hello ");

        Proc.Result result = busyboxSh("run", script.toString(), "a b", "it's", "$HOME")
                .env(jobEnvironment(Tools.TOOLS_BIN + ":" + busybox + ":" + JbangInstallFixture.JAVA_BIN))
                .env("JBANG_CACHE_DIR", temp.resolve("jbang cache").toString()).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("hello a b|it's|$HOME", result.stdout().strip(), "arguments and paths with spaces survive");
        assertEquals(0, count(job), "the installed JBang was used");
    }

    @Test
    void busyboxShRunsTheInstalledJbangFromAJobDirectoryWithSpaces() throws Exception {
        job = Files.createDirectories(temp.resolve("job with spaces"));
        JbangInstallFixture.seedInstall(job);
        Path busybox = JbangInstallFixture.busyboxBin(temp);

        Proc.Result result = busyboxSh("version")
                .env(jobEnvironment(busybox + ":" + JbangInstallFixture.JAVA_BIN)).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(JbangInstallFixture.VERSION, result.stdout().strip(), result::toString);
    }

    @Test
    void leavesAHomeWithoutJbangFilesUntouched() throws Exception {
        JbangInstallFixture.seedInstall(job);
        Proc.Result result = Proc.of("sh", SCRIPT, "version")
                .env(jobEnvironment("/bin")).env("JBANG_DIR", null).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(0, count(home), "the build lock is not created in a guessed JBang home");
    }

    @Test
    void runsWithTheJdkInJavaHomeAndNeverDownloadsAnother() throws Exception {
        JbangInstallFixture.seedInstall(job);
        Path needs17 = JbangInstallFixture.javaScript(temp, "On17", "//JAVA 17+\n", "ran on ");
        Path needs22 = JbangInstallFixture.javaScript(temp, "On22", "//JAVA 22+\n", "ran on ");
        Map<String, String> env = jobEnvironment("/bin");

        Proc.Result ok = Proc.of("sh", SCRIPT, "run", needs17.toString(), "17")
                .env(env).env("JAVA_HOME", JbangInstallFixture.JDK.toString()).run();
        assertEquals(0, ok.exitCode(), ok::toString);
        assertEquals("ran on 17", ok.stdout().strip());

        Proc.Result refused = Proc.of("sh", SCRIPT, "--verbose", "run", needs22.toString())
                .env(env).env("JAVA_HOME", JbangInstallFixture.JDK.toString()).timeout(120).run();
        assertEquals(4, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("No suitable JDK was found for requested version: 22"), refused::toString);
        assertTrue(refused.stderr().contains("Using JDK provider(s): JavaHomeJdkProvider, PathJdkProvider\n"),
                refused::toString);
        assertFalse(refused.stderr().contains("foojay"), "no JDK download was attempted: " + refused);
        assertFalse(Files.exists(temp.resolve("jbang-dir/cache/jdks")), "no JDK installed");
    }

    @Test
    void failsFastAndSaysSoWhenThereIsNoJava() throws Exception {
        JbangInstallFixture.seedInstall(job);
        Path busybox = JbangInstallFixture.busyboxBin(temp);

        Proc.Result result = busyboxSh("version").env(jobEnvironment(busybox.toString())).run();

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.millis() < 2000, result.millis() + " ms");
        assertTrue(result.stderr().contains("no Java found: JBang needs a JDK 17+"), result::toString);
        assertTrue(result.stderr().contains("apt-get install openjdk-17-jdk-headless"), result::toString);
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed() throws Exception {
        Proc.Result result = Proc.of("sh", SCRIPT, "version")
                .env(jobEnvironment("/bin")).env("JAVA_HOME", temp.toString()).run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("JAVA_HOME=" + temp + " has no bin/java"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unset", "?", "missing", "a-file"})
    void withoutAUsableHomeJbangKeepsItsFilesInTheJobDirectory(String homeValue) throws Exception {
        JbangInstallFixture.seedInstall(job);
        Path cwd = Files.createDirectories(temp.resolve("project"));
        Path script = JbangInstallFixture.javaScript(cwd, "Homeless", "//JAVA 17+\n", "homeless ");
        Proc proc = Proc.of("sh", SCRIPT, "run", script.getFileName().toString()).dir(cwd)
                .env(jobEnvironment("/bin")).env("JBANG_DIR", null).env("JBANG_REPO", null);
        proc.env("HOME", switch (homeValue) {
            case "unset" -> null;
            case "missing" -> temp.resolve("nonexistent").toString();
            case "a-file" -> Files.writeString(temp.resolve("a-file"), "").toString();
            default -> homeValue;
        });

        Proc.Result result = proc.run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("homeless", result.stdout().strip());
        assertTrue(Files.isDirectory(job.resolve("home/.jbang/cache/jars")), "JBang's cache in the job's directory");
        assertEquals(1, count(cwd), "nothing but the script in the current directory");
    }

    @Test
    void aUidWithoutAPasswdEntryLeavesNoQuestionMarkDirectory() throws Exception {
        JbangInstallFixture.seedInstall(job);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cwd = Files.createDirectories(temp.resolve("project"));
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        JbangInstallFixture.javaScript(cwd, "NoName", "//JAVA 17+\n", "no name ");
        Files.setPosixFilePermissions(cwd.resolve("NoName.java"), PosixFilePermissions.fromString("rw-r--r--"));
        try (Stream<Path> all = Files.walk(job)) {
            for (Path p : (Iterable<Path>) all::iterator) Files.setAttribute(p, "unix:uid", 4711);
        }

        Proc.Result result = Proc.of("setpriv", "--reuid=4711", "--regid=4711", "--clear-groups",
                        "sh", SCRIPT, "run", "NoName.java")
                .dir(cwd).env(jobEnvironment("/bin")).env("JBANG_DIR", null).env("JBANG_REPO", null)
                .env("HOME", "/root").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("no name", result.stdout().strip());
        assertFalse(Files.exists(cwd.resolve("?")), "no ?/ directory in the current directory");
        assertEquals(1, count(cwd));
        assertTrue(Files.isDirectory(job.resolve("home/.jbang")), result::toString);
    }

    private Proc busyboxSh(String... args) {
        String[] command = Stream.concat(Stream.of("/usr/bin/busybox", "sh", SCRIPT), Stream.of(args))
                .toArray(String[]::new);
        return Proc.of(command).timeout(120);
    }

    private Map<String, String> jobEnvironment(String path) {
        Map<String, String> env = JbangInstallFixture.cleanEnvironment(path, home, job);
        env.put("JBANG_DIR", temp.resolve("jbang-dir").toString());
        env.put("JBANG_REPO", JbangInstallFixture.MAVEN_LOCAL.toString());
        return env;
    }

    private static void executable(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
