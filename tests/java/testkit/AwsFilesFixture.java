package testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A private pair of AWS config and credentials files, as the component gives each job. */
public final class AwsFilesFixture {
    public final Path dir;
    public final Path config;
    public final Path credentials;

    public AwsFilesFixture(Path parent) {
        this.dir = parent.resolve("aws");
        this.config = dir.resolve("config");
        this.credentials = dir.resolve("credentials");
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        return env;
    }

    public String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
