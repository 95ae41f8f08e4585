package testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The fast path builds its cache and trains its archive in the background after a run. Tests wait
 * for that work to end before their temporary directories are removed under it.
 */
public final class Background {
    private static final List<String> WORK = List.of("run-fast.sh", "--training-run");

    private Background() {}

    public static void awaitIdle() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (WORK.stream().noneMatch(Background::running)) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the fast path's background work did not end in time");
    }

    private static boolean running(String pattern) {
        return Proc.of("pgrep", "-f", "--", pattern).timeout(10).run().exitCode() == 0;
    }
}
