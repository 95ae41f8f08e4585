package lib.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import lib.cli.InputName;
import lib.cli.UsageException;

/**
 * Reads a token from an environment variable or a file, the only two places a secret may come
 * from. Error messages name the script's option and environment variable and say how to fix
 * the problem; they never contain the token.
 *
 * @param variableOption the option that names the variable, e.g. {@code --token-env}
 * @param fileOption     the option that names a file, e.g. {@code --token-file}
 */
public record TokenSource(InputName variableOption, InputName fileOption) {
    private static final long MAX_FILE_BYTES = 1 << 20;

    public String fromEnvironment(String variable, Map<String, String> environment) {
        if (variable == null || variable.isBlank()) {
            throw new UsageException(variableOption.describe() + " is empty: give the name of the variable that holds the ID token, e.g. "
                    + (InputName.inComponentJob() ? "AWS_OIDC_TOKEN" : variableOption.option() + " AWS_OIDC_TOKEN"));
        }
        String value = environment.get(variable);
        if (value == null) {
            throw new UsageException("no token: the environment variable " + variable + " is not set. Fix: declare it in the job as "
                    + "`id_tokens: {" + variable + ": {aud: sts.amazonaws.com}}`, or name another variable with " + variableOption.describe()
                    + ", or read the token from a file with " + fileOption.describe());
        }
        if (value.isBlank()) {
            throw new UsageException("no token: the environment variable " + variable + ", named by " + variableOption.describe()
                    + ", is empty. Fix: check the job's id_tokens declaration for " + variable + ", or use " + fileOption.describe());
        }
        return value.trim();
    }

    public String fromFile(Path file) {
        String where = fileOption.describe() + " " + file;
        try {
            if (Files.isDirectory(file)) throw new UsageException("cannot read " + where + ": it is a directory. Fix: name the file that holds the token");
            if (Files.size(file) > MAX_FILE_BYTES) throw new UsageException("cannot read " + where + ": larger than 1 MiB, not a token. Fix: name the file that holds the token");
            String value = Files.readString(file, StandardCharsets.UTF_8);
            if (value.isBlank()) throw new UsageException("no token: " + where + " is empty. Fix: write the token into it, or use " + variableOption.describe());
            return value.trim();
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + where + ": no such file. Fix: check the path, or use " + variableOption.describe());
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + where + ": permission denied. Fix: make it readable for this user");
        } catch (IOException e) {
            // The exception message may quote bytes of the file (malformed input): give only its kind.
            throw new UsageException("cannot read " + where + " (" + e.getClass().getSimpleName() + "). Fix: name a readable UTF-8 text file that holds the token");
        }
    }
}
