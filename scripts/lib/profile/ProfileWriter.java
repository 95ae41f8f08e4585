package lib.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import lib.exchange.CredentialMode;
import lib.exchange.ExchangeSettings;
import lib.exchange.ProcessMode;
import lib.sts.SessionCredentials;

/** Writes the profile for the chosen credential mode, keeping every other profile as it was. */
public final class ProfileWriter {
    private static final Set<String> CREDENTIAL_KEYS = Set.of("aws_access_key_id", "aws_secret_access_key", "aws_session_token");
    /** Config keys that would make the SDKs take credentials from somewhere else than this profile's mode. */
    private static final Set<String> SOURCE_KEYS = Set.of(
            "role_arn", "web_identity_token_file", "role_session_name", "credential_process", "source_profile",
            "credential_source", "sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region",
            "duration_seconds", "services", "aws_access_key_id", "aws_secret_access_key", "aws_session_token");

    private ProfileWriter() {}

    /** processCommand: how credential_process runs this toolkit again (process mode only). */
    public static void write(ExchangeSettings settings, SessionCredentials credentials, String processCommand) {
        Map<Path, UnaryOperator<String>> edits = new LinkedHashMap<>();
        String profile = settings.profile();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("region", settings.region());
        String servicesSection = "aws-oidc-" + profile;
        if (settings.endpointFromInput()) config.put("services", servicesSection);
        // The job's own AWS tools must trust what the exchange trusted.
        if (settings.caBundle() != null) config.put("ca_bundle", settings.caBundle().path().toString());
        if (settings.endpointVariant().fips()) config.put("use_fips_endpoint", "true");
        if (settings.endpointVariant().dualStack()) config.put("use_dualstack_endpoint", "true");

        switch (settings.mode()) {
            case STATIC -> edits.put(settings.credentialsFile(), text -> update(text, profile, Map.of(
                    "aws_access_key_id", credentials.accessKeyId(),
                    "aws_secret_access_key", credentials.secretAccessKey(),
                    "aws_session_token", credentials.sessionToken())));
            case WEB_IDENTITY -> {
                // No trailing newline: botocore sends the file content as it is.
                edits.put(settings.webIdentityTokenFile(), ignored -> settings.token().value());
                edits.put(settings.credentialsFile(), text -> removeCredentials(text, profile));
                config.put("role_arn", settings.roleArn());
                config.put("web_identity_token_file", settings.webIdentityTokenFile().toAbsolutePath().toString());
                config.put("role_session_name", settings.sessionName());
            }
            case PROCESS -> {
                Path processSettings = ProcessMode.settingsFile(settings);
                edits.put(settings.webIdentityTokenFile(), ignored -> settings.token().value());
                edits.put(processSettings, ignored -> ProcessMode.settingsJson(settings));
                edits.put(ProcessMode.cacheFile(processSettings), ignored -> ProcessMode.credentialsJson(credentials));
                edits.put(settings.credentialsFile(), text -> removeCredentials(text, profile));
                config.put("credential_process", processCommand + " --process-credentials "
                        + ProcessMode.command(java.util.List.of(processSettings.toAbsolutePath().toString())));
            }
        }
        edits.put(settings.configFile(), text -> {
            IniFile ini = IniFile.parse(text);
            ini.update(IniFile.configSection(profile), config, SOURCE_KEYS);
            if (settings.endpointFromInput()) {
                ini.removeSection("services " + servicesSection);
                ini.update("services " + servicesSection, Map.of("sts", "\n  endpoint_url = " + settings.stsEndpoint()), Set.of());
            }
            return ini.render();
        });
        if (settings.mode() == CredentialMode.STATIC && java.nio.file.Files.exists(settings.webIdentityTokenFile())) {
            edits.put(settings.webIdentityTokenFile(), ignored -> null);
        }
        SecureFiles.edit(edits);
    }

    /** Refreshes the process-mode cache after credential_process exchanged again. */
    public static void writeProcessCache(Path settingsFile, SessionCredentials credentials) {
        SecureFiles.edit(Map.of(ProcessMode.cacheFile(settingsFile), ignored -> ProcessMode.credentialsJson(credentials)));
    }

    private static String update(String text, String section, Map<String, String> values) {
        IniFile ini = IniFile.parse(text);
        ini.update(section, new LinkedHashMap<>(new java.util.TreeMap<>(values)), Set.of());
        return ini.render();
    }

    private static String removeCredentials(String text, String profile) {
        IniFile ini = IniFile.parse(text);
        if (!ini.hasSection(profile)) return text;
        ini.update(profile, Map.of(), CREDENTIAL_KEYS);
        if (ini.section(profile).isEmpty()) ini.removeSection(profile);
        return ini.render();
    }
}
