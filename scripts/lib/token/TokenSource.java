package lib.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a token from an environment variable or a file, the only two places a secret may come
 * from. Error messages name the script's option and environment variable and say how to fix
 * the problem; they never contain the token.
 *
 * @param envOption       the option that names the variable, e.g. {@code --token-env}
 * @param envOptionEnv    the variable that backs that option, e.g. {@code AWS_OIDC_TOKEN_VARIABLE}
 * @param fileOption      the option that names a file, e.g. {@code --token-file}
 * @param fileOptionEnv   the variable that backs that option, e.g. {@code AWS_OIDC_TOKEN_FILE}
 */
public record TokenSource(String envOption, String envOptionEnv, String fileOption, String fileOptionEnv) {
    public static final String DEFAULT_VARIABLE = "AWS_OIDC_TOKEN";
    private static final long MAX_FILE_BYTES = 1 << 20;

    public String fromEnvironment(String variable, Map<String, String> environment) throws TokenSourceException {
        if (variable == null || variable.isBlank()) {
            throw new TokenSourceException(envOption + " (env " + envOptionEnv + ") is empty: give the name of the variable that holds the ID token, e.g. "
                    + envOption + " " + DEFAULT_VARIABLE);
        }
        String value = environment.get(variable);
        if (value == null) {
            throw new TokenSourceException("no token: the environment variable " + variable + " is not set. Fix: declare it in the job as "
                    + "`id_tokens: {" + variable + ": {aud: sts.amazonaws.com}}`, or name another variable with " + envOption
                    + " (env " + envOptionEnv + "), or read the token from a file with " + fileOption + " (env " + fileOptionEnv + ")");
        }
        if (value.isBlank()) {
            throw new TokenSourceException("no token: the environment variable " + variable + " (named by " + envOption + ", env " + envOptionEnv
                    + ") is empty. Fix: check the job's id_tokens declaration for " + variable + ", or use " + fileOption + " (env " + fileOptionEnv + ")");
        }
        return value.trim();
    }

    public String fromFile(Path file) throws TokenSourceException {
        String where = fileOption + " (env " + fileOptionEnv + ") " + file;
        try {
            if (Files.isDirectory(file)) throw new TokenSourceException("cannot read " + where + ": it is a directory. Fix: name the file that holds the token");
            if (Files.size(file) > MAX_FILE_BYTES) throw new TokenSourceException("cannot read " + where + ": larger than 1 MiB, not a token. Fix: name the file that holds the token");
            String value = Files.readString(file, StandardCharsets.UTF_8);
            if (value.isBlank()) throw new TokenSourceException("no token: " + where + " is empty. Fix: write the token into it, or use " + envOption + " (env " + envOptionEnv + ")");
            return value.trim();
        } catch (NoSuchFileException e) {
            throw new TokenSourceException("cannot read " + where + ": no such file. Fix: check the path, or use " + envOption + " (env " + envOptionEnv + ")");
        } catch (AccessDeniedException e) {
            throw new TokenSourceException("cannot read " + where + ": permission denied. Fix: make it readable for this user");
        } catch (IOException e) {
            // The exception message may quote bytes of the file (malformed input): give only its kind.
            throw new TokenSourceException("cannot read " + where + " (" + e.getClass().getSimpleName() + "). Fix: name a readable UTF-8 text file that holds the token");
        }
    }
}
