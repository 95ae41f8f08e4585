package lib.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lib.cli.UsageException;
import lib.json.JsonValues;
import lib.sts.SessionCredentials;

/**
 * credential_process support: the files a process-mode profile points at (settings without
 * secrets, and a 0600 cache of the last credentials) and the JSON the SDKs expect on stdout.
 */
public final class ProcessMode {
    /** Refresh this long before expiry, like the SDKs do for their own refreshing providers. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    /** The settings file's fields, and the input each is read back into. */
    private static final Map<ExchangeInput, String> SETTINGS_FIELDS = settingsFields();

    private ProcessMode() {}

    private static Map<ExchangeInput, String> settingsFields() {
        Map<ExchangeInput, String> fields = new EnumMap<>(ExchangeInput.class);
        fields.put(ExchangeInput.ROLE_ARN, "role_arn");
        fields.put(ExchangeInput.REGION, "region");
        fields.put(ExchangeInput.AUDIENCE, "audience");
        fields.put(ExchangeInput.PROFILE, "profile");
        fields.put(ExchangeInput.DURATION, "duration_seconds");
        fields.put(ExchangeInput.SESSION_NAME, "session_name");
        fields.put(ExchangeInput.TOKEN_FILE, "token_file");
        fields.put(ExchangeInput.ALLOWED_ACCOUNTS, "allowed_account_ids");
        fields.put(ExchangeInput.STS_ENDPOINT, "sts_endpoint");
        fields.put(ExchangeInput.SESSION_POLICY, "session_policy");
        fields.put(ExchangeInput.POLICY_ARNS, "policy_arns");
        fields.put(ExchangeInput.CA_BUNDLE, "ca_bundle");
        fields.put(ExchangeInput.USE_FIPS_ENDPOINT, "use_fips_endpoint");
        fields.put(ExchangeInput.USE_DUALSTACK_ENDPOINT, "use_dualstack_endpoint");
        fields.put(ExchangeInput.MAX_ATTEMPTS, "max_attempts");
        fields.put(ExchangeInput.MAX_TOTAL_SECONDS, "max_total_seconds");
        fields.put(ExchangeInput.ATTEMPT_TIMEOUT, "attempt_timeout_seconds");
        return fields;
    }

    public static Path settingsFile(ExchangeSettings settings) {
        return settings.configFile().resolveSibling("process-" + settings.profile() + ".json");
    }

    public static Path cacheFile(Path settingsFile) {
        return settingsFile.resolveSibling(settingsFile.getFileName().toString().replace(".json", "-cache.json"));
    }

    /** Everything needed to exchange again, with the token kept in its own 0600 file. */
    public static String settingsJson(ExchangeSettings settings) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role_arn", settings.roleArn());
        fields.put("region", settings.region());
        fields.put("audience", settings.audience());
        fields.put("profile", settings.profile());
        fields.put("duration_seconds", settings.durationSeconds());
        fields.put("session_name", settings.sessionName());
        fields.put("token_file", settings.webIdentityTokenFile().toAbsolutePath().toString());
        fields.put("allowed_account_ids", String.join(",", settings.allowedAccountIds()));
        fields.put("sts_endpoint", settings.stsEndpoint() == null ? "" : settings.stsEndpoint().toString());
        fields.put("session_policy", settings.sessionPolicy() == null ? "" : settings.sessionPolicy());
        fields.put("policy_arns", String.join(",", settings.policyArns()));
        fields.put("ca_bundle", settings.caBundle() == null ? "" : settings.caBundle().path().toString());
        fields.put("use_fips_endpoint", String.valueOf(settings.endpointVariant().fips()));
        fields.put("use_dualstack_endpoint", String.valueOf(settings.endpointVariant().dualStack()));
        fields.put("max_attempts", settings.maxAttempts());
        fields.put("max_total_seconds", settings.maxTotalTime().toSeconds());
        fields.put("attempt_timeout_seconds", settings.attemptTimeout().toSeconds());
        return JsonValues.writeObject(fields) + "\n";
    }

    /** The settings file read back as inputs for a fresh exchange. */
    public static RawInputs readSettings(Path file) {
        Map<String, Object> node;
        try {
            node = JsonValues.parseObject(Files.readString(file));
        } catch (IOException e) {
            throw new UsageException("--process-credentials " + file + ": cannot read the process settings ("
                    + e.getClass().getSimpleName() + "). Run AssumeRole.java with --credential-mode process again to write them");
        }
        Map<ExchangeInput, String> values = new EnumMap<>(ExchangeInput.class);
        SETTINGS_FIELDS.forEach((input, field) -> {
            Object value = node.get(field);
            if (value != null) values.put(input, String.valueOf(value));
        });
        values.put(ExchangeInput.MODE, CredentialMode.STATIC.inputName());
        return new RawInputs(values);
    }

    /** The AWS process-credentials document (Version 1). */
    public static String credentialsJson(SessionCredentials credentials) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Version", 1);
        fields.put("AccessKeyId", credentials.accessKeyId());
        fields.put("SecretAccessKey", credentials.secretAccessKey());
        fields.put("SessionToken", credentials.sessionToken());
        fields.put("Expiration", credentials.expiration().toString());
        return JsonValues.writeObject(fields);
    }

    /** The cached document if it is still good for longer than the refresh margin. */
    public static Optional<String> freshCache(Path cache, Instant now) {
        try {
            String document = Files.readString(cache);
            Instant expiration = Instant.parse(String.valueOf(JsonValues.parseObject(document).get("Expiration")));
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

}
