package lib.fastpath;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Usage: java MergeJars.java OUT.jar IN... (run by run-fast.sh through the source launcher); each IN is
 * a jar or a directory of classes
 *
 * <p>Merges a classpath into one jar for the fast path: the SDK scans every jar of the classpath
 * for interceptor files while it builds a client, and opening some 30 jars cost each job ~20 ms.
 * The first entry of a name wins, as on the classpath; service files are concatenated; manifests,
 * signatures and Java 9+ versioned entries (only module descriptors here) are left out.
 */
public final class MergeJars {
    private MergeJars() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Set<String> written = new HashSet<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        try (JarOutputStream merged = new JarOutputStream(Files.newOutputStream(out), manifest)) {
            for (int i = 1; i < args.length; i++) {
                Path source = Path.of(args[i]);
                if (Files.isDirectory(source)) {
                    copyDirectory(source, written, merged);
                    continue;
                }
                try (ZipFile jar = new ZipFile(args[i])) {
                    for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        ZipEntry entry = entries.nextElement();
                        String name = entry.getName();
                        if (leftOut(name)) continue;
                        try (InputStream in = jar.getInputStream(entry)) {
                            if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                                ByteArrayOutputStream lines = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                                in.transferTo(lines);
                                lines.write('\n');
                            } else if (written.add(name)) {
                                copy(name, in, merged);
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> service : services.entrySet()) {
                copy(service.getKey(), new ByteArrayInputStream(service.getValue().toByteArray()), merged);
            }
        }
    }

    private static void copyDirectory(Path root, Set<String> written, JarOutputStream merged) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (written.add(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        copy(name, in, merged);
                    }
                }
            }
        }
    }

        private static boolean leftOut(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("META-INF/MANIFEST.MF") || upper.startsWith("META-INF/VERSIONS/")
                || (upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".RSA")
                        || upper.endsWith(".DSA") || upper.endsWith(".EC")))
                || name.equals("module-info.class");
    }

    private static void copy(String name, InputStream in, JarOutputStream merged) throws IOException {
        merged.putNextEntry(new JarEntry(name));
        in.transferTo(merged);
        merged.closeEntry();
    }
}
