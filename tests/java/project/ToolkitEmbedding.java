package project;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The component carries the exact scripts of its own commit inside its before_script, so a job
 * runs the code that was included, with no fetch from a moving ref and no access to this
 * project needed (private component projects, mirrors without internet). This renders that block.
 */
public final class ToolkitEmbedding {
    public static final String BEGIN = "      # >>> toolkit\n";
    public static final String END = "      # <<< toolkit\n";
    static final String DELIMITER = "AWS_OIDC_TOOLKIT_EOF";
    /** Starts each carried file inside the one here-document; field 5 is the file's path. */
    static final String FILE_MARKER = "# >>> aws-oidc file: ";
    private static final String INDENT = "      ";

    private ToolkitEmbedding() {}

    /** What the assume-role job runs beside the script: its entry, the fast path and the shell path. */
    static final List<String> EXCHANGE_HELPERS = List.of("component-exchange.sh", "component-env.sh", "cleanup.sh",
            "find-jdk.sh", "run-fast.sh", "jbang-or-install.sh", "web-identity-profile.sh",
            "lib/fastpath/MergeJars.java", "lib/fastpath/verify-jars.sh", "lib/fastpath/jars.sha256");
    /** Other components only need JBang. */
    static final List<String> JBANG_ONLY = List.of("jbang-or-install.sh");

    static List<String> helpers(Path script) {
        return script.getFileName().toString().equals("AssumeRole.java") ? EXCHANGE_HELPERS : JBANG_ONLY;
    }

    public static String render(Path script) {
        List<Path> files = new java.util.ArrayList<>(ScriptSources.files(script));
        List<String> helpers = helpers(script);
        helpers.forEach(helper -> files.add(Path.of(helper)));
        Path base = script.getParent();
        TreeSet<String> dirs = new TreeSet<>();
        for (Path file : files) {
            dirs.add(file.getParent() == null ? "" : "/" + file.getParent());
        }
        StringBuilder block = new StringBuilder(BEGIN);
        StringBuilder mkdir = new StringBuilder(INDENT + "mkdir -p");
        for (String dir : dirs) mkdir.append(" \"$AWS_OIDC_DIR/toolkit").append(dir).append('"');
        block.append(mkdir).append('\n');
        // One awk for all files: a process per file (cat) cost a job ~50 ms here.
        block.append(INDENT).append("awk '/^").append(FILE_MARKER).append("/ { if (out) close(out); out = ENVIRON[\"AWS_OIDC_DIR\"] \"/toolkit/\" $5; next }")
                .append(" { print > out }' <<'").append(DELIMITER).append("'\n");
        for (Path file : files) {
            block.append(INDENT).append(FILE_MARKER).append(file).append('\n');
            for (String line : ScriptSources.lines(base.resolve(file))) {
                if (line.contains(DELIMITER) || line.startsWith(FILE_MARKER) || line.contains("$[[") || line.startsWith("\t")) {
                    throw new IllegalStateException(file + " has a line the component cannot carry: " + line);
                }
                block.append(line.isEmpty() ? "" : INDENT + line).append('\n');
            }
        }
        block.append(INDENT).append(DELIMITER).append('\n');
        block.append(INDENT).append("chmod +x");
        helpers.stream().filter(helper -> helper.endsWith(".sh"))
                .forEach(helper -> block.append(" \"$AWS_OIDC_DIR/toolkit/").append(helper).append('"'));
        block.append('\n');
        return block.append(END).toString();
    }

    /** The template with its toolkit block replaced by a fresh rendering. */
    public static String embed(String template, Path script) {
        int begin = template.indexOf(BEGIN);
        int end = template.indexOf(END);
        if (begin < 0 || end < begin) throw new IllegalStateException("template lacks the toolkit markers");
        return template.substring(0, begin) + render(script) + template.substring(end + END.length());
    }
}
