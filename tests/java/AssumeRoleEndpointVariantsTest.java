import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.FaultSts;
import testkit.ForwardProxy;
import testkit.Proc;
import testkit.TestCa;
import testkit.Tools;

/**
 * --use-fips-endpoint and --use-dualstack-endpoint: the exchange calls the real FIPS or dual-stack
 * host name, and so does the AWS CLI through the written profile. Offline: both go through a proxy
 * that records the host each CONNECT names and routes it to a local STS whose certificate (from a
 * throwaway CA) carries those names.
 */
class AssumeRoleEndpointVariantsTest {
    @TempDir Path temp;

    record Variant(String region, List<String> args, String host, List<String> profileLines) {}

    @Test
    void theExchangeAndTheAwsCliCallTheFipsOrDualStackHost() {
        List<Variant> variants = List.of(
                new Variant("us-east-1", List.of("--use-fips-endpoint", "true"), "sts-fips.us-east-1.amazonaws.com",
                        List.of("use_fips_endpoint = true")),
                new Variant("eu-west-1", List.of("--use-dualstack-endpoint", "true"), "sts.eu-west-1.api.aws",
                        List.of("use_dualstack_endpoint = true")),
                new Variant("us-east-2", List.of("--use-fips-endpoint", "TRUE", "--use-dualstack-endpoint", "true"), "sts-fips.us-east-2.api.aws",
                        List.of("use_fips_endpoint = true", "use_dualstack_endpoint = true")));
        TestCa ca = TestCa.create(temp, variants.stream().map(Variant::host).toArray(String[]::new));
        try (FaultSts sts = FaultSts.startTls(ca.serverContext());
             ForwardProxy proxy = ForwardProxy.start().routeAllTo(Integer.parseInt(sts.endpoint().replaceAll(".*:", "")))) {
            for (Variant variant : variants) {
                AssumeRoleRun job = new AssumeRoleRun(temp.resolve(variant.region()), null);
                job.env.put("AWS_REGION", variant.region());
                job.env.put("AWS_OIDC_CA_BUNDLE", ca.bundle.toString());
                job.env.put("HTTPS_PROXY", proxy.url(null));
                Proc.Result result = job.run(variant.args().toArray(String[]::new));
                assertEquals(0, result.exitCode(), variant + ": " + result);
                assertEquals("CONNECT " + variant.host() + ":443", last(proxy), variant.toString());
                String config = job.files.read(job.files.config);
                variant.profileLines().forEach(line -> assertTrue(config.contains(line + "\n"), variant + ": " + config));

                Proc.Result cli = Proc.of(Tools.awsCliV2(), "sts", "get-caller-identity", "--profile", "default", "--output", "json")
                        .env(job.files.env()).env("HTTPS_PROXY", proxy.url(null)).env("HOME", temp.resolve("home").toString())
                        .timeout(60).run();
                assertEquals(0, cli.exitCode(), variant + ": " + cli);
                assertEquals("CONNECT " + variant.host() + ":443", last(proxy), "the AWS CLI did not follow the profile: " + variant);
            }
        }
    }

    private static String last(ForwardProxy proxy) {
        ForwardProxy.Seen seen = proxy.seen().get(proxy.seen().size() - 1);
        return seen.method() + " " + seen.target();
    }

    @Test
    void aVariantStsDoesNotHaveIsRefusedWithTheListBeforeAnyCall() {
        record Refusal(String region, Map<String, String> env, String says) {}
        List<Refusal> refusals = List.of(
                new Refusal("eu-central-1", Map.of("AWS_OIDC_USE_FIPS_ENDPOINT", "true"),
                        "--use-fips-endpoint (env AWS_OIDC_USE_FIPS_ENDPOINT) \"true\": STS has FIPS endpoints only in us-east-1, us-east-2, "
                                + "us-west-1, us-west-2, us-gov-east-1, us-gov-west-1, not in eu-central-1"),
                new Refusal("cn-north-1", Map.of("AWS_OIDC_USE_FIPS_ENDPOINT", "true"), "not in cn-north-1"),
                new Refusal("us-iso-east-1", Map.of("AWS_OIDC_USE_DUALSTACK_ENDPOINT", "true"),
                        "STS has dual-stack endpoints only in the partitions aws, aws-us-gov, aws-cn, not in aws-iso"),
                new Refusal("us-gov-west-1", Map.of("AWS_OIDC_USE_FIPS_ENDPOINT", "true", "AWS_OIDC_USE_DUALSTACK_ENDPOINT", "true"),
                        "STS has FIPS dual-stack endpoints only in us-east-1, us-east-2, us-west-1, us-west-2, not in us-gov-west-1"),
                new Refusal("us-east-1", Map.of("AWS_OIDC_USE_FIPS_ENDPOINT", "true", "AWS_OIDC_STS_ENDPOINT", "https://sts.example.com"),
                        "cannot choose an endpoint when the STS endpoint is set (sts.example.com)"));
        try (FaultSts sts = FaultSts.start()) {
            for (Refusal refusal : refusals) {
                AssumeRoleRun job = new AssumeRoleRun(temp.resolve(refusal.region()), sts.endpoint());
                job.env.put("AWS_REGION", refusal.region());
                String partition = lib.aws.Arns.partitionOfRegion(refusal.region());
                job.env.put("AWS_OIDC_ROLE_ARN", "arn:" + partition + ":iam::123456789012:role/deploy");
                Proc.Result result = job.run(refusal.env());
                assertEquals(2, result.exitCode(), refusal + ": " + result);
                assertTrue(result.stderr().contains(refusal.says()), refusal + ": " + result);
            }
            assertEquals(List.of(), sts.requests());
        }
    }
}
