package testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a script's main class in a fresh JVM on the test classpath: the real process, minus JBang. */
public final class Scripts {
    private Scripts() {}

    public static Proc java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return Proc.of(command).dir(Tools.ROOT);
    }

    /** The same script through real JBang, as a user on a laptop runs it. */
    public static Proc jbang(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.jbang(), "--quiet", "scripts/" + script));
        command.addAll(List.of(args));
        return Proc.of(command).dir(Tools.ROOT);
    }
}
