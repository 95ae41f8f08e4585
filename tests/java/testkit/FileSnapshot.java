package testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and directory under a root, byte for byte with mode and mtime, to prove nothing was touched. */
public record FileSnapshot(Path root, Map<String, String> entries) {

    public static FileSnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return new FileSnapshot(root, entries);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what;
                if (attributes.isSymbolicLink()) what = "link -> " + Files.readSymbolicLink(path);
                else if (attributes.isDirectory()) what = "dir " + PosixFilePermissions.toString(attributes.permissions());
                else what = "file " + PosixFilePermissions.toString(attributes.permissions())
                        + " mtime " + attributes.lastModifiedTime().toInstant()
                        + " bytes " + Base64.getEncoder().encodeToString(Files.readAllBytes(path));
                entries.put(root.relativize(path).toString(), what);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileSnapshot(root, entries);
    }

    public void assertUnchanged() {
        assertEquals(entries, of(root).entries, "files under " + root + " changed");
    }
}
