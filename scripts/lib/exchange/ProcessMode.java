package lib.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lib.cli.UsageException;
import lib.sts.SessionCredentials;

/**
 * credential_process support: the files a process-mode profile points at (settings without
 * secrets, and a 0600 cache of the last credentials) and the JSON the SDKs expect on stdout.
 */
public final class ProcessMode {
    /** Refresh this long before expiry, like the SDKs do for their own refreshing providers. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProcessMode() {}

    public static Path settingsFile(ExchangeSettings settings) {
        return settings.configFile().resolveSibling("process-" + settings.profile() + ".json");
    }

    public static Path cacheFile(Path settingsFile) {
        return settingsFile.resolveSibling(settingsFile.getFileName().toString().replace(".json", "-cache.json"));
    }

    /** Everything needed to exchange again, with the token kept in its own 0600 file. */
    public static String settingsJson(ExchangeSettings settings) {
        ObjectNode node = JSON.createObjectNode()
                .put("role_arn", settings.roleArn())
                .put("region", settings.region())
                .put("audience", settings.audience())
                .put("profile", settings.profile())
                .put("duration_seconds", settings.durationSeconds())
                .put("session_name", settings.sessionName())
                .put("token_file", settings.webIdentityTokenFile().toAbsolutePath().toString())
                .put("allowed_account_ids", String.join(",", settings.allowedAccountIds()))
                .put("sts_endpoint", settings.stsEndpoint() == null ? "" : settings.stsEndpoint().toString())
                .put("session_policy", settings.sessionPolicy() == null ? "" : settings.sessionPolicy())
                .put("policy_arns", String.join(",", settings.policyArns()))
                .put("max_attempts", settings.maxAttempts())
                .put("max_total_seconds", settings.maxTotalTime().toSeconds())
                .put("attempt_timeout_seconds", settings.attemptTimeout().toSeconds());
        return node.toPrettyString() + "\n";
    }

    /** The settings file read back as inputs for a fresh exchange. */
    public static RawInputs readSettings(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UsageException("--process-credentials " + file + ": cannot read the process settings ("
                    + e.getClass().getSimpleName() + "). Run AssumeRole.java with --credential-mode process again to write them");
        }
        return new RawInputs(text(node, "role_arn"), text(node, "region"), text(node, "audience"), text(node, "profile"),
                text(node, "duration_seconds"), text(node, "session_name"), "static", null, text(node, "token_file"),
                text(node, "allowed_account_ids"), text(node, "sts_endpoint"), text(node, "session_policy"),
                text(node, "policy_arns"), text(node, "max_attempts"), text(node, "max_total_seconds"), null,
                text(node, "attempt_timeout_seconds"));
    }

    /** The AWS process-credentials document (Version 1). */
    public static String credentialsJson(SessionCredentials credentials) {
        return JSON.createObjectNode()
                .put("Version", 1)
                .put("AccessKeyId", credentials.accessKeyId())
                .put("SecretAccessKey", credentials.secretAccessKey())
                .put("SessionToken", credentials.sessionToken())
                .put("Expiration", credentials.expiration().toString())
                .toString();
    }

    /** The cached document if it is still good for longer than the refresh margin. */
    public static Optional<String> freshCache(Path cache, Instant now) {
        try {
            String document = Files.readString(cache);
            Instant expiration = Instant.parse(JSON.readTree(document).path("Expiration").asText());
            return expiration.isAfter(now.plus(REFRESH_MARGIN)) ? Optional.of(document) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** credential_process value: each argument single-quoted, which both botocore (shlex) and sh -c read alike. */
    public static String command(List<String> arguments) {
        StringBuilder command = new StringBuilder();
        for (String argument : arguments) {
            if (command.length() > 0) command.append(' ');
            command.append('\'').append(argument.replace("'", "'\\''")).append('\'');
        }
        return command.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
