package testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/** What an attacker plants where a job looks for code: a jar whose class, once loaded, leaves a mark. */
public final class PlantedCode {
    private PlantedCode() {}

    /**
     * A jar holding class {@code className} (e.g. picocli.CommandLine) whose static initializer
     * creates the file {@code mark}: if the file exists after a run, the planted class was loaded.
     */
    public static byte[] jar(Path workDir, String className, Path mark) {
        try {
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            String simple = className.substring(dot + 1);
            Path source = Files.createDirectories(workDir.resolve("planted-src/" + pkg.replace('.', '/'))).resolve(simple + ".java");
            Files.writeString(source, (pkg.isEmpty() ? "" : "package " + pkg + ";") + " public class " + simple + " { static { try { java.nio.file.Files.writeString("
                    + "java.nio.file.Path.of(\"" + mark + "\"), \"planted code ran\"); } catch (Exception e) { } } }");
            Path classes = Files.createDirectories(workDir.resolve("planted-classes"));
            if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()) != 0) {
                throw new IllegalStateException("could not compile the planted class");
            }
            String entry = className.replace('.', '/') + ".class";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(Files.readAllBytes(classes.resolve(entry)));
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
