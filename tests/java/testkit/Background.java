package testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The fast path builds its cache and trains its archive in the background after a run. Tests wait
 * for that work to end before their temporary directories are removed under it: for the processes
 * whose command line names the test's own directory, never for other runs on the machine.
 */
public final class Background {
    private Background() {}

    public static void awaitIdle(Path scope) {
        String needle = scope.toAbsolutePath().toString();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (!running(needle)) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the fast path's background work in " + needle + " did not end in time");
    }

    static boolean running(String needle) {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> Long.parseLong(p.getFileName().toString()) != self)
                    .anyMatch(p -> read(p.resolve("cmdline")).contains(needle) || read(p.resolve("environ")).contains(needle));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return ""; // ended meanwhile
        }
    }
}
