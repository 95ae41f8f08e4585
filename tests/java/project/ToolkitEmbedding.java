package project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A component carries its toolkit built: the shell files that run in its job (from job/), the
 * dependency jars it pins (job/COMPONENT.jars.sha256), and the toolkit jar (ToolkitJar) as base64
 * with its SHA-256. A job thus runs the code that was included, with no compiler, no fetch from a
 * moving ref and no access to this project (private component projects, mirrors without internet).
 * This renders that block of the template, between its markers.
 */
public final class ToolkitEmbedding {
    public static final String BEGIN = "      # >>> toolkit\n";
    public static final String END = "      # <<< toolkit\n";
    static final String DELIMITER = "AWS_OIDC_TOOLKIT_EOF";
    /** Starts each carried file inside the one here-document; field 5 is the file's name. */
    static final String FILE_MARKER = "# >>> aws-oidc file: ";
    private static final String INDENT = "      ";
    private static final int BASE64_LINE = 64;

    private ToolkitEmbedding() {}

    /** The shell files a component's job runs, from job/. */
    static List<String> shellFiles(String component) {
        List<String> common = List.of("java-toolkit.sh", "find-java.sh", "clean-env.sh");
        if (!component.equals("assume-role")) return common;
        List<String> files = new ArrayList<>(List.of("assume-role.sh", "ca-bundle.sh", "web-identity-profile.sh", "sts-check.sh", "sts-endpoint.sh", "cleanup.sh"));
        files.addAll(common);
        return files;
    }

    public static Path pins(Path root, String component) {
        return root.resolve("job/" + component + ".jars.sha256");
    }

    public static String render(Path root, String component, Path script) {
        byte[] jar = ToolkitJar.build(root, script, pins(root, component));
        StringBuilder block = new StringBuilder(BEGIN);
        block.append(INDENT).append("# toolkit.jar: ").append(script.getFileName()).append(" and what it uses, built by ")
                .append(ToolkitJar.COMPILER).append("; SHA-256 ").append(ToolkitJar.sha256(jar)).append('\n');
        block.append(INDENT).append("mkdir -p \"$AWS_OIDC_DIR/toolkit\"\n");
        // One awk for all files: a process per file (cat) cost a job ~50 ms.
        block.append(INDENT).append("awk '/^").append(FILE_MARKER).append("/ { if (out) close(out); out = ENVIRON[\"AWS_OIDC_DIR\"] \"/toolkit/\" $5; next }")
                .append(" { print > out }' <<'").append(DELIMITER).append("'\n");
        for (String file : shellFiles(component)) {
            carry(block, file, ScriptSources.lines(root.resolve("job").resolve(file)));
        }
        carry(block, "jars.sha256", ScriptSources.lines(pins(root, component)));
        carry(block, "toolkit.sha256", List.of(ToolkitJar.sha256(jar)));
        String encoded = Base64.getEncoder().encodeToString(jar);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < encoded.length(); i += BASE64_LINE) lines.add(encoded.substring(i, Math.min(encoded.length(), i + BASE64_LINE)));
        carry(block, "toolkit.jar.b64", lines);
        block.append(INDENT).append(DELIMITER).append('\n');
        return block.append(END).toString();
    }

    private static void carry(StringBuilder block, String name, List<String> lines) {
        block.append(INDENT).append(FILE_MARKER).append(name).append('\n');
        for (String line : lines) {
            if (line.contains(DELIMITER) || line.startsWith(FILE_MARKER) || line.contains("$[[") || line.startsWith("\t")) {
                throw new IllegalStateException(name + " has a line the component cannot carry: " + line);
            }
            block.append(line.isEmpty() ? "" : INDENT + line).append('\n');
        }
    }

    /** The template with its toolkit block replaced by a fresh rendering. */
    public static String embed(Path root, String template, String component, Path script) {
        int begin = template.indexOf(BEGIN);
        int end = template.indexOf(END);
        if (begin < 0 || end < begin) throw new IllegalStateException("template lacks the toolkit markers");
        String cacheKey = "key: " + component + "-jars-" + ToolkitJar.sha256(String.join("\n", ScriptSources.lines(pins(root, component))).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
        return (template.substring(0, begin) + render(root, component, script) + template.substring(end + END.length()))
                .replaceAll("key: " + component + "-jars-[0-9a-f]{12}", cacheKey);
    }
}
