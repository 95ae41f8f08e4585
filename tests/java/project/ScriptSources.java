package project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A JBang script and the files its //SOURCES lines pull in, in a stable order. */
public final class ScriptSources {
    private ScriptSources() {}

    public static List<String> directives(Path script, String directive) {
        List<String> values = new ArrayList<>();
        for (String line : lines(script)) {
            if (line.startsWith("//" + directive + " ")) {
                for (String value : line.substring(directive.length() + 3).trim().split("\\s+")) values.add(value);
            }
        }
        return values;
    }

    /** Paths relative to the script's directory: the script first, then its sources sorted. */
    public static List<Path> files(Path script) {
        Path base = script.getParent();
        TreeSet<Path> sources = new TreeSet<>();
        for (String pattern : directives(script, "SOURCES")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(Files::isRegularFile).map(base::relativize).filter(matcher::matches).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Path> files = new ArrayList<>();
        files.add(base.relativize(script));
        files.addAll(sources);
        return files;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
