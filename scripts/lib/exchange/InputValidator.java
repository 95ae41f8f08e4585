package lib.exchange;

import static lib.exchange.ExchangeInput.*;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lib.aws.Arns;
import lib.aws.StsEndpointVariants;
import lib.cli.InputName;
import lib.cli.Redactor;
import lib.cli.UsageException;
import lib.cli.Values;
import lib.http.CaBundle;
import lib.http.Network;
import lib.json.JsonValues;
import lib.token.MalformedTokenException;
import lib.token.TokenClaims;

/** Turns raw inputs into ExchangeSettings, or throws UsageException naming the input and the fix. */
public final class InputValidator {
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(TokenClaims.CLOCK_SKEW_SECONDS);
    private static final InputName CONFIG_FILE = new InputName("config file", "AWS_CONFIG_FILE", null);
    private static final InputName CREDENTIALS_FILE = new InputName("credentials file", "AWS_SHARED_CREDENTIALS_FILE", null);

    private final Map<String, String> env;
    private final Instant now;

    public InputValidator(Map<String, String> env, Instant now) {
        this.env = env;
        this.now = now;
    }

    public ExchangeSettings validate(RawInputs raw) {
        String region = region(raw.get(REGION));
        String roleArn = roleArn(raw.get(ROLE_ARN), region);
        String audience = valueOrDefault(raw, AUDIENCE);
        String profile = profile(valueOrDefault(raw, PROFILE));
        int duration = number(raw, DURATION, "Use a number of seconds", ", at most the role's MaxSessionDuration");
        CredentialMode mode = mode(valueOrDefault(raw, MODE));
        List<String> accounts = accountIds(raw.get(ALLOWED_ACCOUNTS));
        URI endpoint = endpoint(raw.get(STS_ENDPOINT));
        String sessionPolicy = sessionPolicy(raw.get(SESSION_POLICY));
        List<String> policyArns = policyArns(raw.get(POLICY_ARNS), roleArn);
        int maxAttempts = number(raw, MAX_ATTEMPTS, "Use a whole number", "");
        int maxTotal = number(raw, MAX_TOTAL_SECONDS, "Use a whole number of seconds", "");
        int attemptTimeout = number(raw, ATTEMPT_TIMEOUT, "Use a whole number of seconds", "");
        if (mode == CredentialMode.WEB_IDENTITY && (sessionPolicy != null || !policyArns.isEmpty())) {
            throw MODE.invalid(mode.inputName(), "a web_identity profile cannot carry session_policy or policy_arns "
                    + "(the SDKs make the exchange themselves without them)", "Use credential_mode static or process, or drop the session policies");
        }
        Path config = awsFile(CONFIG_FILE, "config");
        Path credentials = awsFile(CREDENTIALS_FILE, "credentials");
        String tokenFileOut = raw.get(WEB_IDENTITY_TOKEN_FILE);
        Path tokenOut = Values.isBlank(tokenFileOut)
                ? config.resolveSibling("web-identity-token-" + profile)
                : expandHome(tokenFileOut);

        Network network = Network.of(env, CaBundle.fromInput(CA_BUNDLE.naming(), raw.get(CA_BUNDLE), env));
        String token = token(valueOrDefault(raw, TOKEN_VARIABLE), raw.get(TOKEN_FILE));
        TokenClaims claims = claims(token, audience);
        String sessionName = sessionName(raw.get(SESSION_NAME), claims);
        return new ExchangeSettings(roleArn, region, audience, profile, duration, sessionName, mode,
                new ExchangeSettings.SecretToken(token), claims, accounts, endpoint, !Values.isBlank(raw.get(STS_ENDPOINT)),
                sessionPolicy, policyArns, maxAttempts, Duration.ofSeconds(maxTotal), config, credentials, tokenOut,
                Duration.ofSeconds(attemptTimeout), network, endpointVariant(raw, region, endpoint));
    }

    private String region(String value) {
        String region = Values.isBlank(value) ? env.get("AWS_DEFAULT_REGION") : value.strip();
        if (Values.isBlank(region)) {
            throw REGION.invalid(null, "no region is set", "Set the region of the STS endpoint and of the profile, e.g. --region eu-west-1 (AWS_REGION or AWS_DEFAULT_REGION also work)");
        }
        if (!Arns.isRegionShaped(region)) {
            throw REGION.invalid(region, "is not an AWS region name", "Use a region code such as eu-west-1, us-east-1, us-gov-west-1 or cn-north-1");
        }
        return region;
    }

    private String roleArn(String value, String region) {
        String arn = required(ROLE_ARN, value, "Set it to the ARN of the role to assume, e.g. arn:aws:iam::123456789012:role/deploy");
        Arns.RoleArn role = Arns.parseRole(arn);
        if (role == null) {
            throw ROLE_ARN.invalid(arn, "is not an IAM role ARN",
                    "Use arn:<partition>:iam::<12-digit account id>:role/<name>, e.g. arn:aws:iam::123456789012:role/deploy (copy it from the role's summary page)");
        }
        String partition = role.partition();
        if (!Arns.isKnownPartition(partition)) {
            throw ROLE_ARN.invalid(arn, "names the unknown partition \"" + partition + "\"", "Use " + Arns.partitionNames());
        }
        String expected = Arns.partitionOfRegion(region);
        if (!partition.equals(expected)) {
            throw ROLE_ARN.invalid(arn, "is in partition " + partition + " but region " + region + " is in partition " + expected,
                    "Use a region of the role's partition, or the ARN of a role in " + expected + " (arn:" + expected + ":iam::...)");
        }
        if (arn.length() > 2048) {
            throw ROLE_ARN.invalid(arn.substring(0, 40) + "...", "is longer than 2048 characters", "Check the value");
        }
        return arn;
    }

    private String profile(String profile) {
        if (!PROFILE_NAME.matcher(profile).matches()) {
            throw PROFILE.invalid(profile, "is not a usable profile name",
                    "Use 1 to 64 letters, digits, '_', '.' or '-' (no spaces or brackets), e.g. deploy-prod");
        }
        return profile;
    }

    private CredentialMode mode(String mode) {
        try {
            return CredentialMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw MODE.invalid(mode, "is not a credential mode", "Use one of " + CredentialMode.choices());
        }
    }

    private List<String> accountIds(String value) {
        List<String> ids = new ArrayList<>();
        for (String item : listItems(value)) {
            if (!ACCOUNT_ID.matcher(item).matches()) {
                throw ALLOWED_ACCOUNTS.invalid(item, "is not an AWS account id", "List 12-digit account ids, e.g. [\"123456789012\"]");
            }
            ids.add(item);
        }
        return ids;
    }

    private URI endpoint(String explicit) {
        InputName source = STS_ENDPOINT.naming();
        String value = explicit;
        if (Values.isBlank(value) && !Values.isBlank(env.get("AWS_ENDPOINT_URL_STS"))) {
            source = new InputName("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_STS", null);
            value = env.get("AWS_ENDPOINT_URL_STS");
        } else if (Values.isBlank(value) && !Values.isBlank(env.get("AWS_ENDPOINT_URL"))) {
            source = new InputName("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL", null);
            value = env.get("AWS_ENDPOINT_URL");
        }
        if (Values.isBlank(value)) return null;
        String fix = "Use an http(s) URL such as https://sts.eu-west-1.amazonaws.com or https://vpce-1234.sts.eu-west-1.vpce.amazonaws.com, or leave it empty for the regional endpoint";
        // A user:password@ part is never repeated in a message, whatever the password holds.
        String shown = Redactor.hideUserInfoOfUrl(value.strip());
        try {
            URI uri = new URI(value.strip());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getUserInfo() != null || uri.getQuery() != null) {
                throw source.invalid(shown, "is not an http(s) endpoint URL", fix);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw source.invalid(shown, "is not a URL", fix);
        }
    }

    private static ExchangeSettings.EndpointVariant endpointVariant(RawInputs raw, String region, URI endpoint) {
        boolean fips = flag(raw, USE_FIPS_ENDPOINT);
        boolean dualStack = flag(raw, USE_DUALSTACK_ENDPOINT);
        ExchangeInput asked = fips ? USE_FIPS_ENDPOINT : USE_DUALSTACK_ENDPOINT;
        String unavailable = StsEndpointVariants.unavailable(region, fips, dualStack);
        if (unavailable != null) throw asked.invalid("true", unavailable, "Use one of those regions, or set it to false");
        if ((fips || dualStack) && endpoint != null) {
            throw asked.invalid("true", "cannot choose an endpoint when the STS endpoint is set (" + endpoint.getAuthority() + ")",
                    "Name the FIPS or dual-stack endpoint itself as the STS endpoint, or leave the STS endpoint empty");
        }
        return new ExchangeSettings.EndpointVariant(fips, dualStack);
    }

    private static boolean flag(RawInputs raw, ExchangeInput input) {
        String value = valueOrDefault(raw, input);
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw input.invalid(value, "is not true or false", "Use true or false");
    }

    private String sessionPolicy(String value) {
        if (Values.isBlank(value)) return null;
        String policy = value.strip();
        if (policy.length() > 2048) {
            throw SESSION_POLICY.invalid(null, "is " + policy.length() + " characters long; STS accepts at most 2048",
                    "Shorten the inline policy, or move statements into a managed policy and pass it in policy_arns");
        }
        try {
            JsonValues.parseObject(policy);
        } catch (IOException e) {
            String shown = policy.length() > 80 ? policy.substring(0, 80) + "..." : policy;
            throw SESSION_POLICY.invalid(shown, "is not a JSON policy document",
                    "Pass a JSON object such as {\"Version\":\"2012-10-17\",\"Statement\":[...]}");
        }
        return policy;
    }

    private List<String> policyArns(String value, String roleArn) {
        List<String> arns = listItems(value);
        if (arns.size() > 10) {
            throw POLICY_ARNS.invalid(String.valueOf(arns.size()) + " ARNs", "STS accepts at most 10 managed session policies",
                    "Pass at most 10, or combine them into one managed policy");
        }
        String partition = roleArn.split(":")[1];
        for (String arn : arns) {
            String policyPartition = Arns.policyPartition(arn);
            if (policyPartition == null) {
                throw POLICY_ARNS.invalid(arn, "is not an IAM managed policy ARN",
                        "Use arn:" + partition + ":iam::<account id or aws>:policy/<name>, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess");
            }
            if (!policyPartition.equals(partition)) {
                throw POLICY_ARNS.invalid(arn, "is in partition " + policyPartition + ", the role in " + partition,
                        "Use policies of the role's partition");
            }
        }
        return arns;
    }

    private Path awsFile(InputName name, String fileName) {
        String value = env.get(name.environmentVariable());
        if (Values.isBlank(value)) return Path.of(System.getProperty("user.home"), ".aws", fileName);
        return expandHome(value.strip());
    }

    private String token(String variable, String file) {
        if (!Values.isBlank(file)) {
            Path path = expandHome(file.strip());
            try {
                String token = Files.readString(path, StandardCharsets.US_ASCII).strip();
                if (token.isEmpty()) {
                    throw TOKEN_FILE.invalid(path.toString(), "is empty", "Write the GitLab ID token into it, or use " + TOKEN_VARIABLE.describe());
                }
                return registered(token);
            } catch (IOException e) {
                throw TOKEN_FILE.invalid(path.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")",
                        "Check that the file exists and is readable");
            }
        }
        String name = variable;
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw TOKEN_VARIABLE.invalid(name, "is not a variable name", "Use letters, digits and '_', e.g. AWS_OIDC_TOKEN");
        }
        String token = env.get(name);
        if (Values.isBlank(token)) {
            throw TOKEN_VARIABLE.invalidSecret("the ID token variable " + name + " is " + (token == null ? "not set" : "empty"),
                    "Declare it in the job: id_tokens: { " + name + ": { aud: sts.amazonaws.com } } (extending the component's hidden job does this), "
                            + (InputName.inComponentJob() ? "or name the variable that holds it with " + TOKEN_VARIABLE.describe()
                                    : "or pass the token in a file with " + TOKEN_FILE.describe()));
        }
        return registered(token.strip());
    }

    private static String registered(String token) {
        Redactor.register(token);
        Redactor.register(token.substring(token.lastIndexOf('.') + 1));
        return token;
    }

    private TokenClaims claims(String token, String audience) {
        if (token.length() < 4 || token.length() > 20000) {
            throw TOKEN_VARIABLE.invalidSecret("the ID token is " + token.length() + " characters long; STS accepts 4 to 20000",
                    "Pass the token GitLab issued, unchanged");
        }
        TokenClaims claims;
        try {
            claims = TokenClaims.decode(token);
        } catch (MalformedTokenException e) {
            throw TOKEN_VARIABLE.invalidSecret("the ID token is malformed, it is not a JWT: " + e.getMessage(),
                    "Pass the token GitLab issued in id_tokens, unchanged (not a CI_JOB_TOKEN or a personal access token)");
        }
        if (!claims.audiences().contains(audience)) {
            throw AUDIENCE.invalid(audience, "does not match the token's aud " + claims.audiences(),
                    "Request the token with aud: " + audience + " in the job's id_tokens entry, or set " + AUDIENCE.describe()
                            + " to the token's aud; the IAM OIDC provider must list the same value as a client id");
        }
        Instant expiry = claims.epochSeconds("exp").map(Instant::ofEpochSecond).orElseThrow(() -> TOKEN_VARIABLE.invalidSecret("the ID token has no exp claim",
                "Pass the token GitLab issued in id_tokens"));
        if (!expiry.isAfter(now)) {
            throw TOKEN_VARIABLE.invalidSecret("the ID token expired at " + expiry + " (" + Duration.between(expiry, now).toSeconds() + " s ago)",
                    "GitLab tokens live as long as the job's timeout: run the exchange early in the job, or exchange in a fresh job");
        }
        claims.epochSeconds("nbf").map(Instant::ofEpochSecond).filter(nbf -> nbf.isAfter(now.plus(CLOCK_SKEW))).ifPresent(nbf -> {
            throw TOKEN_VARIABLE.invalidSecret("the ID token is not valid before " + nbf + ", and this machine's clock says " + now,
                    "Fix the runner's clock (NTP); STS refuses tokens from the future");
        });
        return claims;
    }

    private String sessionName(String value, TokenClaims claims) {
        if (Values.isBlank(value)) return SessionNames.derive(env, claims::string);
        String name = SessionNames.sanitize(value.strip());
        if (!SessionNames.VALID.matcher(name).matches()) {
            throw SESSION_NAME.invalid(value, "is too short for a session name", "Use 2 to 64 characters of letters, digits and +=,.@_-");
        }
        return name;
    }

    /** A whole number within the input's range from the table; the default when unset. */
    private static int number(RawInputs raw, ExchangeInput input, String fix, String limit) {
        String text = valueOrDefault(raw, input);
        String range = fix + " from " + input.min() + " to " + input.max() + limit;
        try {
            int number = Integer.parseInt(text);
            if (number < input.min() || number > input.max()) {
                throw input.invalid(text, "is out of range " + input.min() + "-" + input.max(), range);
            }
            return number;
        } catch (NumberFormatException e) {
            throw input.invalid(text, "is not a whole number", range);
        }
    }

    /** The stripped value, or the table's default when it is unset or blank. */
    private static String valueOrDefault(RawInputs raw, ExchangeInput input) {
        String value = raw.get(input);
        return Values.isBlank(value) ? input.defaultValue() : value.strip();
    }

    private static String required(ExchangeInput name, String value, String fix) {
        if (Values.isBlank(value)) throw name.invalid(null, "is required", fix);
        return value.strip();
    }

    /** Array inputs arrive as "a,b", "a b", or ["a", "b"] (GitLab renders arrays in strings that way). */
    static List<String> listItems(String value) {
        List<String> items = new ArrayList<>();
        if (Values.isBlank(value)) return items;
        for (String item : value.split("[\\[\\]\"',\\s]+")) {
            if (!item.isEmpty()) items.add(item);
        }
        return items;
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) return Path.of(System.getProperty("user.home") + path.substring(1));
        return Path.of(path);
    }

}
