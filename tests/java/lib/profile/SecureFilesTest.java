package lib.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import lib.cli.RuntimeFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.FileSnapshot;
import testkit.TestFiles;

class SecureFilesTest {
    @TempDir Path temp;

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsTheDirectory0700AndTheFile0600() throws IOException {
        Path file = temp.resolve("new/aws/credentials");
        SecureFiles.edit(Map.of(file, old -> old + "[ci]\n"));
        assertEquals("[ci]\n", Files.readString(file));
        assertEquals("rwx------", TestFiles.mode(file.getParent()));
        assertEquals("rw-------", TestFiles.mode(file));
        assertEquals(List.of(".aws-oidc.lock", "credentials"), names(file.getParent()));
        assertEquals("rw-------", TestFiles.mode(file.getParent().resolve(".aws-oidc.lock")));
    }

    @Test
    void narrowsAnExistingWiderFileTo0600() throws IOException {
        Path file = temp.resolve("config");
        Files.writeString(file, "[default]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecureFiles.edit(Map.of(file, old -> old + "region = x\n"));
        assertEquals("rw-------", TestFiles.mode(file));
        assertEquals("[default]\nregion = x\n", Files.readString(file));
    }

    @Test
    void narrowsAnOwnDirectoryTo0700() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("aws"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        SecureFiles.edit(Map.of(dir.resolve("config"), old -> "x\n"));
        assertEquals("rwx------", TestFiles.mode(dir));
    }

    @Test
    void aDirectoryItsOwnerMadeReadOnlyIsNarrowedButNotMadeWritable() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("aws"));
        Files.writeString(dir.resolve("config"), "old\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        SecureFilesAsUser.giveAway(temp);

        String outcome = SecureFilesAsUser.writeConfig(dir.resolve("config"), "new\n");

        assertTrue(outcome.startsWith("could not "), "the edit was not refused: " + outcome);
        assertEquals("r-x------", TestFiles.mode(dir), "group and others removed, owner write not added");
        assertEquals("old\n", Files.readString(dir.resolve("config")));
        assertEquals(List.of("config"), names(dir), "a lock or temporary file appeared");
    }

    @Test
    void replacesTheFileAtomicallyWithANewInode() throws IOException {
        Path file = temp.resolve("credentials");
        Files.writeString(file, "old\n");
        Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        SecureFiles.edit(Map.of(file, old -> "new\n"));
        Object after = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertNotEquals(before, after, "written in place instead of renamed over");
        assertEquals(List.of(".aws-oidc.lock", "credentials"), names(temp), "a temporary file was left behind");
    }

    @Test
    void refusesASymlinkedFileAndLeavesItsTargetAlone() throws IOException {
        Path target = temp.resolve("elsewhere");
        Files.writeString(target, "precious\n");
        Path dir = Files.createDirectory(temp.resolve("aws"));
        Path link = Files.createSymbolicLink(dir.resolve("credentials"), target);
        FileSnapshot before = FileSnapshot.of(temp);
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> SecureFiles.edit(Map.of(link, old -> "secret\n")));
        assertTrue(failure.getMessage().contains("is a symbolic link"), failure.getMessage());
        before.assertUnchanged();
    }

    @Test
    void refusesASymlinkedDirectory() throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("aws"), real);
        FileSnapshot before = FileSnapshot.of(temp);
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> SecureFiles.edit(Map.of(link.resolve("config"), old -> "x\n")));
        assertTrue(failure.getMessage().contains("is a symbolic link"), failure.getMessage());
        before.assertUnchanged();
    }

    @Test
    void refusesASymlinkedLockFile() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("aws"));
        Path target = temp.resolve("target");
        Files.writeString(target, "");
        Files.createSymbolicLink(dir.resolve(".aws-oidc.lock"), target);
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> SecureFiles.edit(Map.of(dir.resolve("config"), old -> "x\n")));
        assertTrue(failure.getMessage().contains("symbolic link"), failure.getMessage());
        assertFalse(Files.exists(dir.resolve("config")));
    }

    @Test
    void aFailingEditLeavesEveryFileAsItWas() throws IOException {
        Path config = temp.resolve("config");
        Path credentials = temp.resolve("credentials");
        Files.writeString(config, "c\n");
        Files.writeString(credentials, "k\n");
        FileSnapshot before = FileSnapshot.of(temp);
        Map<Path, UnaryOperator<String>> edits = new LinkedHashMap<>();
        edits.put(credentials, old -> "new keys\n");
        edits.put(config, old -> {
            throw new IllegalStateException("boom");
        });
        assertThrows(IllegalStateException.class, () -> SecureFiles.edit(edits));
        assertEquals("c\n", Files.readString(config));
        assertEquals("k\n", Files.readString(credentials));
        assertEquals(List.of(".aws-oidc.lock", "config", "credentials"), names(temp), "a temporary file was left behind");
    }

    @Test
    void explainsADirectoryThatCannotBeCreated() throws IOException {
        Path blocker = temp.resolve("not-a-dir");
        Files.writeString(blocker, "");
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> SecureFiles.edit(Map.of(blocker.resolve("aws/config"), old -> "x\n")));
        assertTrue(failure.getMessage().contains("could not prepare directory " + blocker.resolve("aws")), failure.getMessage());
    }

    @Test
    void deletesAFileWhenTheEditReturnsNull() throws IOException {
        Path file = temp.resolve("web-identity-token-ci");
        Files.writeString(file, "x\n");
        SecureFiles.edit(Map.of(file, old -> null));
        assertFalse(Files.exists(file));
    }

    @Test
    void keepsBytesThatAreNotUtf8() throws IOException {
        Path file = temp.resolve("config");
        byte[] latin1 = {'#', ' ', (byte) 0xE9, (byte) 0xFF, '\n'};
        Files.write(file, latin1);
        SecureFiles.edit(Map.of(file, old -> old + "[x]\n"));
        byte[] after = Files.readAllBytes(file);
        assertEquals(latin1.length + 4, after.length);
        for (int i = 0; i < latin1.length; i++) assertEquals(latin1[i], after[i]);
    }
}
