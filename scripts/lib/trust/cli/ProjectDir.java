package lib.trust.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The project directory lint reports against: file paths in reports are relative to it (GitLab's
 * code-quality widget and SARIF viewers want repository-relative paths), and with confinement on a
 * file that resolves outside it (through a symbolic link, or ../) is refused.
 */
public final class ProjectDir {
    private final Path root;
    private final Path realRoot;

    public ProjectDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path real;
        try {
            real = this.root.toRealPath();
        } catch (IOException e) {
            real = this.root;
        }
        this.realRoot = real;
    }

    /**
     * The --project-dir value; else CI_PROJECT_DIR when the working directory is inside it (a job
     * runs there; gitlab-ci-local may name a directory that does not exist); else the working directory.
     */
    public static ProjectDir of(Path option, String ciProjectDir) {
        if (option != null) return new ProjectDir(option);
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (ciProjectDir != null && !ciProjectDir.isBlank()) {
            Path ci = Path.of(ciProjectDir).toAbsolutePath().normalize();
            if (java.nio.file.Files.isDirectory(ci) && cwd.startsWith(ci)) return new ProjectDir(ci);
        }
        return new ProjectDir(cwd);
    }

    /** The path as a report shows it: relative to the project with '/' separators when inside it. */
    public String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path shown = abs.startsWith(root) ? root.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }

    /** True when the file, with every symbolic link resolved, lies inside the project directory. */
    public boolean contains(Path file) {
        try {
            return file.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }
}
