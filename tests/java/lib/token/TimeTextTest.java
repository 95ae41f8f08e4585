package lib.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_732_590_000L);

    @Test
    void showsFutureTimesAsInAndPastTimesAsAgo() {
        assertEquals("in 4m 12s", TimeText.relative(NOW.getEpochSecond() + 252, NOW));
        assertEquals("5m ago", TimeText.relative(NOW.getEpochSecond() - 300, NOW));
        assertEquals("now", TimeText.relative(NOW.getEpochSecond(), NOW));
    }

    @Test
    void spansLeaveOutZeroUnits() {
        assertEquals("0s", TimeText.span(Duration.ZERO));
        assertEquals("1h 1s", TimeText.span(Duration.ofSeconds(3601)));
        assertEquals("2d 3h", TimeText.span(Duration.ofHours(51)));
    }

    @Test
    void printsIsoInUtc() {
        assertEquals("2024-11-26T03:00:00Z", TimeText.iso(NOW.getEpochSecond()));
    }
}
