package lib.trust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import lib.cli.UsageException;
import lib.trust.read.Excerpt;

/**
 * Turns lint's arguments (files, directories, globs, a --paths list) into the files to read.
 * Directories and globs are walked without following symbolic links; a named file is taken as given
 * (the command may then refuse it when it resolves outside the project, see {@link ProjectDir}).
 */
public final class LintInputs {
    /**
     * A file to lint; {@code explicit} when named on the command line rather than found by a walk;
     * {@code link} when it is a symbolic link (a walk reports links instead of dropping them, so the
     * command can refuse one that leads out of the project rather than lint the project as if it
     * were not there).
     */
    public record Input(Path path, boolean explicit, boolean link) {
        public Input(Path path, boolean explicit) {
            this(path, explicit, false);
        }
    }

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".terraform", "node_modules", ".gitlab-ci-local", "target");

    private LintInputs() {}

    public static List<Input> expand(List<String> inputs) {
        Set<Input> out = new LinkedHashSet<>();
        for (String raw : inputs) {
            String in = raw.trim();
            if (in.isEmpty()) continue;
            Path path = Path.of(in).normalize();
            if (Files.isRegularFile(path)) {
                out.add(new Input(path, true));
            } else if (Files.isDirectory(path) && Files.isSymbolicLink(path)) {
                // A named directory that is a link: the command decides (refused when it leaves a
                // confined project); its contents are walked through the link otherwise.
                out.add(new Input(path, true, true));
                walk(path.resolve("."), p -> true).forEach(out::add);
            } else if (Files.isDirectory(path)) {
                walk(path, p -> true).forEach(out::add);
            } else if (in.contains("*") || in.contains("?") || in.contains("{")) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + in);
                List<Input> matched = walk(Path.of("."), p -> matcher.matches(Path.of(".").relativize(p))
                        || matcher.matches(p.normalize()));
                matched.forEach(out::add);
            } else {
                throw new UsageException("'" + Excerpt.of(in) + "': no such file or directory. Fix: pass existing "
                        + "files, directories or globs as FILE or in --paths (TRUST_POLICY_LINT_PATHS).");
            }
        }
        return new ArrayList<>(out);
    }

    /** --paths: comma-separated, or a JSON array, optionally after "list:" (how the component passes an array input). */
    public static List<String> splitPathList(String list) {
        if (list == null || list.isBlank()) return List.of();
        String t = list.trim();
        if (t.startsWith("list:")) t = t.substring("list:".length()).trim();
        if (t.isEmpty()) return List.of();
        if (t.startsWith("[")) {
            try {
                JsonNode array = new ObjectMapper().readTree(t);
                List<String> out = new ArrayList<>();
                array.forEach(n -> out.add(n.asText()));
                return out;
            } catch (IOException e) {
                throw new UsageException("--paths (TRUST_POLICY_LINT_PATHS): '" + Excerpt.of(t)
                        + "' is not a JSON array. Fix: pass a comma-separated list or a JSON array of strings.");
            }
        }
        return Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Input> walk(Path root, Predicate<Path> accept) {
        List<Input> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && SKIPPED_DIRS.contains(name);
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    boolean kind = n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml")
                            || n.endsWith(".template") || n.endsWith(".tf");
                    // attrs describe the link itself: a symbolic link is never a regular file here. It is
                    // reported as a link (to a file of a policy kind, or to a directory), not dropped.
                    boolean linkToDir = attrs.isSymbolicLink() && Files.isDirectory(file);
                    if (!accept.test(file) || n.endsWith(".expect.json")) return FileVisitResult.CONTINUE;
                    if (attrs.isRegularFile() && kind) found.add(new Input(file.normalize(), false));
                    else if (attrs.isSymbolicLink() && (kind || linkToDir)) found.add(new Input(file.normalize(), false, true));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UsageException("cannot list " + root + " (" + e.getClass().getSimpleName() + ")");
        }
        found.sort(java.util.Comparator.comparing(Input::path));
        return found;
    }
}
