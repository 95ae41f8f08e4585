package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import testkit.AwsConsumers;
import testkit.FaultSts;
import testkit.ForwardProxy;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.TestCa;
import testkit.TestIssuer;

/**
 * The component's job behind a proxy that asks for credentials, with STS presenting a certificate of
 * a private CA (what a TLS-inspecting proxy does): the include names the CA, the exchange and the
 * job's own AWS CLI trust it, and neither the token nor the proxy's password is printed.
 */
class CorporateNetworkPipelineTest {
    @TempDir Path temp;
    final String token = new TestIssuer().mint();

    @ParameterizedTest
    @ValueSource(strings = {"preferred", "never"})
    void theJobTrustsTheIncludesCaThroughTheProxyAndItsAwsCliDoesToo(String javaExchange) throws IOException {
        TestCa ca = TestCa.create(temp.resolve("ca"));
        try (FaultSts sts = FaultSts.startTls(ca.serverContext()); ForwardProxy proxy = ForwardProxy.start("ci", "s3cret/p@ss")) {
            String pipeline = "include:\n  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/assume-role@$CI_COMMIT_SHA\n"
                    + "    inputs:\n      role_arn: arn:aws:iam::123456789012:role/deploy-prod\n      aws_region: eu-west-1\n"
                    + "      sts_endpoint: \"" + sts.endpoint() + "\"\n      ca_bundle: certs/corporate-ca.pem\n"
                    + "      java_exchange: " + javaExchange + "\n"
                    + "deploy:\n  extends: .aws-oidc\n  script:\n"
                    + "    - echo \"cli $(\"" + AwsConsumers.awsCliV1() + "\" sts get-caller-identity --output text --query Arn)\"\n";
            Path checkout = Files.createDirectories(temp.resolve("checkout"));
            PipelineProject project = PipelineProject.create(checkout, pipeline, Map.of("certs/corporate-ca.pem", Files.readString(ca.bundle)));
            Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", token, "https_proxy", proxy.url("ci:s3cret%2Fp%40ss"),
                    "AWS_EC2_METADATA_DISABLED", "true"), "deploy");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("cli arn:aws:sts::"), result::toString);
            int exchanges = sts.requests("AssumeRoleWithWebIdentity").size();
            assertTrue(exchanges >= 1, "STS was reached through the proxy");
            assertTrue(proxy.seen().stream().anyMatch(seen -> seen.method().equals("CONNECT") && seen.allowed()), proxy.seen()::toString);
            assertFalse(result.all().contains(token), "the token was printed");
            assertFalse(result.all().contains("s3cret"), "the proxy's password was printed");
        }
    }
}
