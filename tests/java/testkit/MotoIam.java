package testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The IAM side of the shared moto server for tests: an SDK client to arrange state, and the AWS
 * CLI v2 to read it back as a user would. moto accepts any credentials; its account is 123456789012.
 */
public final class MotoIam {
    public static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoIam() {}

    /** Credentials and endpoint as a process would get them from its environment. */
    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_ENDPOINT_URL", Moto.get().endpoint(), "AWS_EC2_METADATA_DISABLED", "true");
    }

    public static IamClient client() {
        return IamClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(Moto.get().endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Runs {@code aws iam ARGS --output json} (CLI v2) against moto and parses what it printed. */
    public static JsonNode cli(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.awsCliV2(), "iam"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", Moto.get().endpoint(), "--region", "us-east-1", "--output", "json"));
        Proc.Result result = Proc.of(command).env(environment()).env("AWS_ENDPOINT_URL", null)
                .env("AWS_CONFIG_FILE", "/dev/null").env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null").run();
        if (result.exitCode() != 0) throw new AssertionError("aws iam " + String.join(" ", args) + " failed: " + result);
        try {
            return result.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError("aws printed no JSON: " + result, e);
        }
    }

    /** The AWS CLI's exit code alone, for reads that are expected to fail (NoSuchEntity is 254). */
    public static int cliExit(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.awsCliV2(), "iam"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", Moto.get().endpoint(), "--region", "us-east-1"));
        return Proc.of(command).env(environment()).env("AWS_ENDPOINT_URL", null)
                .env("AWS_CONFIG_FILE", "/dev/null").env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null").run().exitCode();
    }
}
