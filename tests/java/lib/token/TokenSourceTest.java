package lib.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lib.cli.InputName;
import lib.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
    private static final TokenSource SOURCE = new TokenSource(
            new InputName("--token-env", "AWS_OIDC_TOKEN_VARIABLE", "token_variable"), new InputName("--token-file", "AWS_OIDC_TOKEN_FILE", null));
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    @Test
    void readsAndTrimsTheNamedVariable() throws Exception {
        assertEquals(TOKEN, SOURCE.fromEnvironment("MY_TOKEN", Map.of("MY_TOKEN", " " + TOKEN + "\n")));
    }

    @Test
    void unsetVariableNamesTheVariableTheOptionsAndTheFix() {
        String message = assertThrows(UsageException.class, () -> SOURCE.fromEnvironment("AWS_OIDC_TOKEN", Map.of())).getMessage();
        assertTrue(message.startsWith("no token: the environment variable AWS_OIDC_TOKEN is not set"), message);
        for (String word : new String[] {"id_tokens", "--token-env", "AWS_OIDC_TOKEN_VARIABLE", "--token-file", "AWS_OIDC_TOKEN_FILE"}) {
            assertTrue(message.contains(word), word + " missing in: " + message);
        }
    }

    @Test
    void emptyVariableIsBadUsage() {
        String message = assertThrows(UsageException.class, () -> SOURCE.fromEnvironment("AWS_OIDC_TOKEN", Map.of("AWS_OIDC_TOKEN", "  "))).getMessage();
        assertTrue(message.contains("AWS_OIDC_TOKEN, named by --token-env (env AWS_OIDC_TOKEN_VARIABLE), is empty"), message);
    }

    @Test
    void readsAndTrimsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertEquals(TOKEN, SOURCE.fromFile(file));
    }

    @Test
    void missingEmptyOrDirectoryFileIsBadUsageNamingTheOption() throws Exception {
        String missing = assertThrows(UsageException.class, () -> SOURCE.fromFile(dir.resolve("nope"))).getMessage();
        assertTrue(missing.contains("cannot read --token-file (env AWS_OIDC_TOKEN_FILE) " + dir.resolve("nope") + ": no such file"), missing);
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(assertThrows(UsageException.class, () -> SOURCE.fromFile(empty)).getMessage().contains("is empty"));
        assertTrue(assertThrows(UsageException.class, () -> SOURCE.fromFile(dir)).getMessage().contains("it is a directory"));
    }

    @Test
    void unreadableBytesAreReportedWithoutQuotingThem() throws Exception {
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xC3, (byte) 0x28, 'e', 'y', 'J'});
        String message = assertThrows(UsageException.class, () -> SOURCE.fromFile(binary)).getMessage();
        assertTrue(message.contains("MalformedInputException"), message);
        assertFalse(message.contains("eyJ"), message);
    }
}
