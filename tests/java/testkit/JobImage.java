package testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a command as a job would run in another container image, without a container engine:
 * mount namespaces (as root), a chroot and setpriv. Modes, combinable:
 * <ul>
 * <li>{@link #host()}: the machine as it is;</li>
 * <li>{@link #withoutJdk()}: a tmpfs over /usr/lib/jvm in a private mount namespace, so every JDK
 *     and `java` on PATH (an alternatives link into it) are gone; {@link #hide} hides more;</li>
 * <li>{@link #jvm(Path)}: a directory of the caller's in place of /usr/lib/jvm, e.g. with a
 *     {@link #fakeJdk fake JDK} that says it is Java 11, or a {@link #jre JRE} without javac;</li>
 * <li>{@link #busyboxOnly(Path)}: a root holding nothing but a static busybox and its applets (like
 *     alpine or hashicorp/terraform: no bash, no Java, no cksum), entered with chroot; the job's
 *     directories are bound in at the same paths with {@link #share};</li>
 * <li>{@link #asUidWithoutPasswdEntry()}: uid and gid {@value #NO_PASSWD_UID}, known to no passwd
 *     file (OpenShift-style); directories the job writes must belong to it ({@link #giveToJobUser}).</li>
 * </ul>
 * The environment is exactly what the caller passes, plus a PATH for the image when none is given.
 * Mounts live only in the job's namespace: the host and other tests never see them.
 */
public final class JobImage {
    public static final int NO_PASSWD_UID = 4711;
    private static final String JVM = "/usr/lib/jvm";

    private final Path root;
    private final List<String> hidden = new ArrayList<>();
    private final List<Path> shared = new ArrayList<>();
    private Path jvm;
    private boolean noPasswdUid;

    private JobImage(Path root) {
        this.root = root;
    }

    public static JobImage host() {
        return new JobImage(null);
    }

    public static JobImage withoutJdk() {
        return host().hide(JVM);
    }

    /** A busybox-only root in {@code dir}, built there on first use (see {@link #buildBusyboxRoot}). */
    public static JobImage busyboxOnly(Path dir) {
        if (!Files.isExecutable(dir.resolve("bin/busybox"))) buildBusyboxRoot(dir);
        return new JobImage(dir);
    }

    /** An empty tmpfs over this directory (of the host, or of the busybox root). */
    public JobImage hide(String dir) {
        hidden.add(dir);
        return this;
    }

    /** {@code dir} appears as /usr/lib/jvm. */
    public JobImage jvm(Path dir) {
        this.jvm = dir;
        return this;
    }

    /** Directories (or files) of the host that a busybox-only job sees at the same paths. */
    public JobImage share(Path... paths) {
        shared.addAll(List.of(paths));
        return this;
    }

    public JobImage asUidWithoutPasswdEntry() {
        this.noPasswdUid = true;
        return this;
    }

    /** The command as this image's job, with exactly {@code env} (and a PATH when it has none). */
    public Proc proc(Map<String, String> env, String... command) {
        List<String> argv = new ArrayList<>();
        String setup = setupScript();
        if (!setup.isEmpty()) {
            argv.addAll(List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-euc",
                    setup + "exec \"$@\"", "job-image"));
        }
        if (root != null) {
            argv.add("/usr/sbin/chroot");
            if (noPasswdUid) argv.add("--userspec=" + NO_PASSWD_UID + ":" + NO_PASSWD_UID);
            argv.add(root.toString());
        } else if (noPasswdUid) {
            argv.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NO_PASSWD_UID, "--regid=" + NO_PASSWD_UID, "--clear-groups"));
        }
        argv.addAll(List.of(command));
        Proc proc = Proc.of(argv).timeout(60);
        Proc.baseEnvironment().keySet().forEach(name -> proc.env(name, null));
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putIfAbsent("PATH", root != null ? "/bin" : "/usr/local/bin:/usr/bin:/bin");
        return proc.env(all);
    }

    public Proc.Result run(Map<String, String> env, String... command) {
        return proc(env, command).run();
    }

    private String setupScript() {
        StringBuilder script = new StringBuilder();
        String prefix = root == null ? "" : root.toString();
        if (root != null) {
            script.append("mount --rbind /dev ").append(quote(prefix + "/dev")).append('\n');
            for (Path path : shared) {
                Path inside = Path.of(prefix + path.toAbsolutePath());
                mountPoint(path, inside);
                script.append("mount --bind ").append(quote(path.toAbsolutePath().toString())).append(' ')
                        .append(quote(inside.toString())).append('\n');
            }
        }
        for (String dir : hidden) script.append("mount -t tmpfs tmpfs ").append(quote(prefix + dir)).append('\n');
        if (jvm != null) script.append("mount --bind ").append(quote(jvm.toAbsolutePath().toString())).append(' ').append(quote(prefix + JVM)).append('\n');
        return script.toString();
    }

    /** The busybox root's mount point for a shared path: a directory, or an empty file for a file. */
    private static void mountPoint(Path host, Path inside) {
        try {
            if (Files.isDirectory(host)) {
                Files.createDirectories(inside);
            } else {
                Files.createDirectories(inside.getParent());
                if (!Files.exists(inside)) Files.createFile(inside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * bin/ with a static busybox and a link per applet (sh is busybox's ash), an empty /tmp (1777),
     * /dev (bound from the host per job), /etc/passwd and /etc/group with root only, /usr/lib/jvm
     * empty. The busybox comes from Debian's busybox-static package, installed by tools/setup.
     */
    public static void buildBusyboxRoot(Path dir) {
        Path busybox = staticBusybox();
        try {
            for (String sub : List.of("bin", "dev", "etc", "root", "usr/lib/jvm")) Files.createDirectories(dir.resolve(sub));
            Files.createDirectories(dir.resolve("tmp"));
            Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.copy(busybox, dir.resolve("bin/busybox"));
            Files.setPosixFilePermissions(dir.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(dir.resolve("etc/group"), "root:x:0:\n");
            String applets = Proc.of(busybox.toString(), "--list").timeout(10).run().stdout();
            for (String applet : applets.split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) Files.createSymbolicLink(dir.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's busybox-static: unpacked into .tools/busybox by tools/setup, or installed as /bin/busybox. */
    public static Path staticBusybox() {
        for (Path candidate : List.of(Tools.ROOT.resolve(".tools/busybox/bin/busybox"), Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"))) {
            if (Files.isExecutable(candidate) && isStatic(candidate)) return candidate;
        }
        throw new IllegalStateException("no statically linked busybox: run tools/setup (it installs Debian's busybox-static)");
    }

    /** An ELF executable without a PT_INTERP program header needs no dynamic loader, so it runs in any root. */
    private static boolean isStatic(Path file) {
        try {
            ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2) return false;
            long programHeaders = elf.getLong(0x20);
            int entrySize = elf.getShort(0x36) & 0xffff;
            int count = elf.getShort(0x38) & 0xffff;
            for (int i = 0; i < count; i++) {
                if (elf.getInt((int) programHeaders + i * entrySize) == 3) return false;
            }
            return true;
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** A JDK that says it is {@code javaVersion} in its release file, at {@code dir}; its java is this JDK's. */
    public static Path fakeJdk(Path dir, String javaVersion) {
        return copyOfThisJdk(dir, javaVersion, true);
    }

    /** A runtime without bin/javac (a JRE), at {@code dir}: java runs, JBang cannot compile. */
    public static Path jre(Path dir, String javaVersion) {
        return copyOfThisJdk(dir, javaVersion, false);
    }

    /**
     * Hard links to the JDK running the tests (same file system, so cheap and independent of
     * /usr/lib/jvm, which the job will not see), with a release file of its own.
     */
    private static Path copyOfThisJdk(Path dir, String javaVersion, boolean withJavac) {
        Path home = Path.of(System.getProperty("java.home"));
        try {
            home = home.toRealPath();
            Files.createDirectories(dir.getParent());
            Proc.Result copy = Proc.of("cp", "-a", "--link", home.toString(), dir.toString()).timeout(60).run();
            if (copy.exitCode() != 0) { // another file system: a real copy
                Proc.of("rm", "-rf", dir.toString()).run();
                copy = Proc.of("cp", "-a", home.toString(), dir.toString()).timeout(120).run();
            }
            if (copy.exitCode() != 0) throw new IllegalStateException("cannot copy the JDK: " + copy);
            if (!withJavac) Files.delete(dir.resolve("bin/javac"));
            Path release = dir.resolve("release");
            String text = Files.readString(release).replaceAll("(?m)^JAVA_VERSION=.*$", "JAVA_VERSION=\"" + javaVersion + "\"");
            Files.delete(release); // a hard link: writing through it would change the real JDK's file
            Files.writeString(release, text);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands these paths to uid {@value #NO_PASSWD_UID}, and lets it pass through their parents. */
    public static void giveToJobUser(Path... paths) {
        try {
            for (Path path : paths) {
                Files.setAttribute(path, "unix:uid", NO_PASSWD_UID);
                Files.setAttribute(path, "unix:gid", NO_PASSWD_UID);
                for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
                    var mode = Files.getPosixFilePermissions(parent);
                    if (mode.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) Files.setPosixFilePermissions(parent, mode);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
