package lib.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import testkit.TestIssuer;

class ClaimsTableTest {
    @Test
    void listsHeaderThenEveryClaimWithTimesInThreeForms() throws Exception {
        TestIssuer issuer = new TestIssuer();
        Instant now = Instant.ofEpochSecond(1_732_590_000L);
        TokenClaims claims = TokenClaims.decode(issuer.mint(Map.of("exp", now.getEpochSecond() + 252, "iat", now.getEpochSecond() - 300)));
        List<String> lines = ClaimsTable.lines(claims, now, "  ");
        assertEquals("Header", lines.get(0));
        assertTrue(lines.get(1).matches("  alg +RS256"), lines.get(1));
        assertTrue(lines.get(2).matches("  kid +" + issuer.currentKey().kid()), lines.get(2));
        assertEquals("Claims", lines.get(4));
        assertEquals(5 + claims.claims().size(), lines.size());
        assertLine(lines, "  exp +1732590252  2024-11-26T03:04:12Z  \\(in 4m 12s\\)");
        assertLine(lines, "  iat +1732589700  2024-11-26T02:55:00Z  \\(5m ago\\)");
        assertLine(lines, "  runner_id +12");
        assertLine(lines, "  environment_protected  true");
    }

    private static void assertLine(List<String> lines, String regex) {
        assertTrue(lines.stream().anyMatch(line -> line.matches(regex)), regex + " not in:\n" + String.join("\n", lines));
    }

    @Test
    void escapesControlCharactersSoAClaimCannotDriveTheTerminal() {
        assertEquals("main\\u001b[2J\\u202e", ClaimsTable.printable("main\u001b[2J\u202e"));
        assertEquals("[\"a\",\"b\"]", ClaimsTable.value(List.of("a", "b")));
    }
}
