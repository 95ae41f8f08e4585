package testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The toolkit exactly as a component's template carries it (job scripts, pinned jars, built jar),
 * unpacked into a directory as the job's awk does, so tests run what a job runs.
 */
public final class ShippedToolkit {
    private static final String MARKER = "# >>> aws-oidc file: ";
    private static final String INDENT = "      ";

    private ShippedToolkit() {}

    /** Unpacks templates/COMPONENT.yml's toolkit into dir/toolkit and returns that directory. */
    public static Path unpack(String component, Path dir) {
        try {
            List<String> lines = Files.readAllLines(Tools.ROOT.resolve("templates/" + component + ".yml"));
            Path toolkit = Files.createDirectories(dir.resolve("toolkit"));
            int start = indexOf(lines, "<<'AWS_OIDC_TOOLKIT_EOF'") + 1;
            List<String> current = null;
            Path file = null;
            for (String line : lines.subList(start, lines.size())) {
                String text = line.startsWith(INDENT) ? line.substring(INDENT.length()) : line;
                if (text.equals("AWS_OIDC_TOOLKIT_EOF") || text.startsWith(MARKER)) {
                    if (file != null) Files.writeString(file, String.join("\n", current) + "\n");
                    if (!text.startsWith(MARKER)) break;
                    file = toolkit.resolve(text.substring(MARKER.length()));
                    current = new ArrayList<>();
                } else {
                    current.add(text);
                }
            }
            return toolkit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).endsWith(suffix)) return i;
        throw new IllegalStateException("no toolkit block in the template");
    }

    /** A job-like environment for java-toolkit.sh: the project directory (the jar cache's home) and the mirror. */
    public static Map<String, String> jobEnvironment(Path projectDir) {
        return Map.of("CI_PROJECT_DIR", projectDir.toString(), "AWS_OIDC_MAVEN_REPOSITORY", MavenMirror.shared().url());
    }
}
