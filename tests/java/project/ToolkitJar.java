package project;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The built toolkit a component carries: a script, the files its //SOURCES lines name and
 * job/JarFetch.java, compiled by this JDK's javac with --release 17 against exactly the dependency
 * jars the component pins, into a reproducible jar (entries sorted, one fixed timestamp, no
 * manifest). The same sources and compiler give the same bytes, which GeneratedFilesTest checks.
 */
public final class ToolkitJar {
    /** What a jar built here says about its compiler; part of the template, so a change shows. */
    public static final String COMPILER = "javac " + System.getProperty("java.version") + " --release 17";
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    /** JarFetch and the JDK-only classes it uses, in every toolkit jar. */
    static final List<Path> FETCHER = List.of(Path.of("job/JarFetch.java"), Path.of("scripts/lib/http/EnvironmentProxies.java"),
            Path.of("scripts/lib/http/ProxyUrl.java"), Path.of("scripts/lib/cli/Redactor.java"), Path.of("scripts/lib/cli/UsageException.java"));

    private ToolkitJar() {}

    /** The pinned dependency jars of a component: lines "sha256  repository/path.jar". */
    public static List<Path> pinnedJars(Path pins) {
        Path repository = testkit.MavenMirror.localRepository();
        List<Path> jars = new ArrayList<>();
        for (String line : ScriptSources.lines(pins)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) jars.add(repository.resolve(fields[1]));
        }
        return jars;
    }

    public static byte[] build(Path root, Path script, Path pins) {
        Path classes = null;
        try {
            classes = Files.createTempDirectory("toolkit-classes");
            List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-g:source,lines", "-d", classes.toString(), "-cp", String.join(java.io.File.pathSeparator,
                            pinnedJars(pins).stream().map(Path::toString).toList())));
            Path base = script.getParent();
            java.util.Set<Path> sources = new java.util.LinkedHashSet<>();
            ScriptSources.files(script).forEach(file -> sources.add(base.resolve(file).toAbsolutePath().normalize()));
            FETCHER.forEach(file -> sources.add(root.resolve(file).toAbsolutePath().normalize()));
            sources.forEach(file -> arguments.add(file.toString()));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            if (javac.run(null, messages, messages, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed on " + script + ":\n" + messages);
            }
            return jar(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (classes != null) delete(classes);
        }
    }

    private static byte[] jar(Path classes) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).forEach(file -> entries.put(classes.relativize(file).toString().replace('\\', '/'), file));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            for (var entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(zipEntry);
                zip.write(Files.readAllBytes(entry.getValue()));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
