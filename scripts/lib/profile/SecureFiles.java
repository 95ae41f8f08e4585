package lib.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import lib.cli.RuntimeFailure;

/**
 * Writes files that hold secrets: directories 0700, files 0600, no symlink followed, each file
 * replaced atomically (temporary file in the same directory, then rename), all edits of one
 * call made under an exclusive lock so that parallel jobs on one runner lose nothing.
 * When any step fails, every file is left as it was.
 */
public final class SecureFiles {
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final String LOCK_NAME = ".aws-oidc.lock";

    private SecureFiles() {}

    /** Applies each edit (old text, "" when absent, to new text; null deletes the file) as one locked update. */
    public static void edit(Map<Path, UnaryOperator<String>> edits) {
        Map<Path, UnaryOperator<String>> byPath = new LinkedHashMap<>();
        edits.forEach((path, edit) -> byPath.put(path.toAbsolutePath().normalize(), edit));
        TreeSet<Path> directories = new TreeSet<>();
        for (Path file : byPath.keySet()) {
            refuseSymlink(file);
            directories.add(file.getParent());
        }
        for (Path dir : directories) prepareDirectory(dir);
        List<FileChannel> locks = new ArrayList<>();
        try {
            for (Path dir : directories) locks.add(lock(dir));
            replaceAll(byPath);
        } finally {
            for (FileChannel lock : locks) {
                try {
                    lock.close();
                } catch (IOException ignored) {
                    // Closing releases the lock; nothing else to undo.
                }
            }
        }
    }

    private static void replaceAll(Map<Path, UnaryOperator<String>> edits) {
        Map<Path, Path> staged = new LinkedHashMap<>();
        List<Path> deletions = new ArrayList<>();
        try {
            for (Map.Entry<Path, UnaryOperator<String>> edit : edits.entrySet()) {
                Path file = edit.getKey();
                refuseSymlink(file);
                String updated = edit.getValue().apply(read(file));
                if (updated == null) {
                    deletions.add(file);
                } else {
                    staged.put(file, stage(file, updated));
                }
            }
            for (Map.Entry<Path, Path> entry : staged.entrySet()) move(entry.getValue(), entry.getKey());
            staged.clear();
            for (Path file : deletions) Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new RuntimeFailure("could not write " + describe(e) + "; the AWS files were left as they were");
        } finally {
            for (Path temp : staged.values()) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A leftover temporary file holds no more than the file it was meant to replace.
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full
            }
            // ISO-8859-1 maps every byte to one char, so untouched text is written back byte for byte.
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static Path stage(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        // CREATE_NEW (O_EXCL) never follows or reuses an existing name. Files.createTempFile would
        // do the same but seeds a SecureRandom first, which costs a job tens of milliseconds.
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), OWNER_FILE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.ISO_8859_1));
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(file + ": the file system cannot rename atomically", e);
        }
    }

    private static FileChannel lock(Path dir) {
        Path lockFile = dir.resolve(LOCK_NAME);
        try {
            refuseSymlink(lockFile);
            FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), OWNER_FILE);
            FileLock ignored = channel.lock();
            return channel;
        } catch (IOException e) {
            throw new RuntimeFailure("could not lock " + lockFile + ": " + describe(e));
        }
    }

    private static void prepareDirectory(Path dir) {
        try {
            refuseSymlink(dir);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                    Files.setPosixFilePermissions(dir, OWNER_DIR);
                    return;
                } catch (java.nio.file.FileAlreadyExistsException createdByAParallelJob) {
                    refuseSymlink(dir);
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new RuntimeFailure(dir + " is not a directory; point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at files in a directory");
            }
            tighten(dir);
        } catch (IOException e) {
            throw new RuntimeFailure("could not prepare directory " + dir + ": " + describe(e));
        }
    }

    /**
     * A directory of our own (not a shared sticky one such as /tmp) loses group and other access.
     * Only narrowed: a directory its owner made read-only stays read-only, and the write fails.
     */
    private static void tighten(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean ours = attributes.owner().getName().equals(System.getProperty("user.name"));
        boolean shared = attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        Set<PosixFilePermission> narrowed = new java.util.HashSet<>(attributes.permissions());
        narrowed.retainAll(OWNER_DIR);
        if (ours && !shared && !attributes.permissions().equals(narrowed)) {
            Files.setPosixFilePermissions(dir, narrowed);
        }
    }

    private static void refuseSymlink(Path path) {
        if (Files.isSymbolicLink(path)) {
            throw new RuntimeFailure(path + " is a symbolic link; refusing to follow it with credentials. "
                    + "Remove the link or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a regular file");
        }
        Path parent = path.getParent();
        if (parent != null && Files.isSymbolicLink(parent)) {
            throw new RuntimeFailure(parent + " is a symbolic link; refusing to write credentials through it. "
                    + "Use the real directory in AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE");
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
