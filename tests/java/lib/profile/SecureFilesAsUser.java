package lib.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lib.cli.RuntimeFailure;
import testkit.Proc;

/**
 * Runs one SecureFiles edit as an unprivileged user: root may write into a directory whose
 * owner made it read-only, so the refusal only happens for someone else. As root the edit runs
 * in a child JVM under {@code setpriv --reuid=65534} (nobody); otherwise in this JVM.
 */
final class SecureFilesAsUser {
    /** nobody: a user with a passwd entry, so the JVM knows its name and SecureFiles treats its directories as its own. */
    static final int UID = 65534;

    private SecureFilesAsUser() {}

    static boolean root() {
        return "0".equals(Proc.of("id", "-u").timeout(10).run().stdout().strip());
    }

    /** Hands {@code dir} and everything under it to the unprivileged user when running as root. */
    static void giveAway(Path dir) {
        if (!root()) return;
        Proc.Result chown = Proc.of("chown", "-R", UID + ":" + UID, dir.toString()).timeout(10).run();
        if (chown.exitCode() != 0) throw new IllegalStateException("chown failed: " + chown);
        for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
            if (!Files.isExecutable(parent)) throw new IllegalStateException(parent + " is not searchable for uid " + UID);
        }
    }

    /** The message of the RuntimeFailure the edit ended in, or "written" when it succeeded. */
    static String writeConfig(Path file, String content) {
        if (!root()) return edit(file, content);
        // Only the two class directories: the child needs SecureFiles, RuntimeFailure and Child, and nothing in root's home.
        String classpath = location(SecureFiles.class) + ":" + location(Child.class);
        Proc.Result child = Proc.of(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                Child.class.getName(), file.toString(), content)).timeout(60).run();
        if (child.exitCode() != 0) throw new IllegalStateException("the child JVM failed: " + child);
        return child.stdout().strip();
    }

    private static String edit(Path file, String content) {
        return Child.edit(file, content);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the child JVM runs: no test library on its class path. */
    static final class Child {
        static String edit(Path file, String content) {
            try {
                SecureFiles.edit(Map.of(file, old -> content));
                return "written";
            } catch (RuntimeFailure failure) {
                return failure.getMessage();
            }
        }

        public static void main(String[] args) {
            System.out.println(edit(Path.of(args[0]), args[1]));
        }
    }
}
