package testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs git in a test's repository; a failing git command fails the test with its output. */
public final class Git {
    private Git() {}

    public static Proc.Result run(Path repository, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Proc.Result result = Proc.of(command).dir(repository).run();
        if (result.exitCode() != 0) throw new AssertionError("git " + String.join(" ", args) + " failed in " + repository + ": " + result);
        return result;
    }
}
