package testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway GitLab project holding this repository's templates and scripts, so that a pipeline
 * can include the component at $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA and
 * gitlab-ci-local runs it as GitLab would.
 */
public final class PipelineProject {
    public final Path dir;

    private PipelineProject(Path dir) {
        this.dir = dir;
    }

    public static PipelineProject create(Path parent, String pipeline) {
        return create(parent, pipeline, Map.of());
    }

    /** With more files committed: paths relative to the project, and their text. */
    public static PipelineProject create(Path parent, String pipeline, Map<String, String> files) {
        Path dir = parent.resolve("webshop");
        try {
            TestFiles.copyTree(Tools.ROOT.resolve("templates"), dir.resolve("templates"));
            Files.writeString(dir.resolve(".gitlab-ci.yml"), pipeline);
            for (var file : files.entrySet()) {
                Files.createDirectories(dir.resolve(file.getKey()).getParent());
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "remote", "add", "origin", "git@gitlab.example.com:acme/webshop.git");
        Git.run(dir, "add", "-A");
        Git.run(dir, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "commit", "-q", "-m", "pipeline");
        Git.run(dir, "update-ref", "refs/remotes/origin/main", "HEAD");
        Git.run(dir, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
        return new PipelineProject(dir);
    }

    /** The pipeline as GitLab would see it after includes and inputs (gitlab-ci-local --preview). */
    public Proc.Result preview() {
        return Proc.of(Tools.gitlabCiLocal(), "--preview").dir(dir).captureViaFiles().timeout(120).run();
    }

    /**
     * A preview without what changes with every commit: the commit itself and the scripts the
     * component carries (GeneratedFilesTest checks those against scripts/).
     */
    public static String normalizePreview(String preview) {
        String yaml = preview.substring(preview.indexOf("---"));
        yaml = yaml.replaceAll("\\b[0-9a-f]{40}\\b", "<component sha>");
        yaml = literalToolkitBlocks(yaml);
        return yaml.replaceAll("(?s)# >>> toolkit.*?# <<< toolkit", "# >>> toolkit (the scripts, verbatim) # <<< toolkit");
    }

    private static final Pattern BLOCK_ITEM = Pattern.compile("( *)- ([>|][+-]?)");

    /**
     * The preview writes a long script folded (>) or literal (|) depending on the length of its
     * lines; the toolkit block is rewritten literal so the golden files do not follow the code.
     */
    private static String literalToolkitBlocks(String yaml) {
        List<String> lines = List.of(yaml.split("\n", -1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Matcher item = BLOCK_ITEM.matcher(lines.get(i));
            int end = i + 1;
            if (item.matches()) {
                String indent = item.group(1);
                while (end < lines.size() && (lines.get(end).isBlank() || lines.get(end).startsWith(indent + "  "))) end++;
                String body = String.join("\n", lines.subList(i + 1, end));
                if (body.contains("# >>> toolkit")) {
                    String text = scalar("value: " + item.group(2) + "\n" + body.replaceAll("(?m)^" + indent, ""));
                    out.append(indent).append("- |\n");
                    for (String line : text.strip().split("\n")) {
                        out.append(line.isEmpty() ? "" : indent + "  " + line).append('\n');
                    }
                    i = end - 1;
                    continue;
                }
            }
            out.append(lines.get(i));
            if (i < lines.size() - 1) out.append('\n');
        }
        return out.toString();
    }

    private static String scalar(String document) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(document).get("value").textValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Proc.Result run(Map<String, String> variables, String... jobs) {
        return run(List.of(), variables, jobs);
    }

    /**
     * With options such as --shell-isolation, under which each job gets its own copy of the project
     * and GitLab-style caches restored and saved by key (in .gitlab-ci-local/cache/KEY).
     */
    public Proc.Result run(List<String> options, Map<String, String> variables, String... jobs) {
        List<String> command = new ArrayList<>(List.of(Tools.gitlabCiLocal(), "--no-color"));
        command.addAll(options);
        // The toolkit's dependency jars come from a mirror on loopback, never a real repository.
        Map<String, String> withMirror = new java.util.LinkedHashMap<>(Map.of("AWS_OIDC_MAVEN_REPOSITORY", MavenMirror.shared().url()));
        withMirror.putAll(variables);
        withMirror.forEach((name, value) -> {
            command.add("--variable");
            command.add(name + "=" + value);
        });
        command.addAll(List.of(jobs));
        Proc.Result result = Proc.of(command).dir(dir).captureViaFiles().timeout(600).run();
        Background.awaitIdle(dir.getParent());
        return result;
    }

    /** The job-private directories left beside the project directory (where the component makes them). */
    public List<Path> leftoverJobDirectories() {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        if (!Files.isDirectory(tmp)) throw new AssertionError("no job ran the component: " + tmp + " was never made");
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("aws-oidc-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the project on another branch at the same commit: only the ref changes. */
    public void checkout(String branch) {
        Git.run(dir, "checkout", "-q", "-B", branch);
    }
}
