package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.FaultSts;
import testkit.Moto;
import testkit.PipelineProject;
import testkit.Proc;
import testkit.TestIssuer;

/**
 * The component's promise, tried as a Developer would attack it: CI/CD variables, caches written by
 * other refs and files left by earlier jobs never steer a credential-bearing job.
 */
class TrustBoundaryTest {
    @TempDir Path temp;
    final TestIssuer issuer = new TestIssuer();
    final String token = issuer.mint();

    @Test
    void noVariableChangesAnInputWhereTheTokenGoesOrWhatRunsWithIt() throws IOException {
        try (FaultSts sts = FaultSts.start(); FaultSts decoy = FaultSts.start()) {
            PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline("hostile-variables", sts.endpoint()));
            Path pwned = temp.resolve("pwned");
            Path planted = Files.createDirectories(temp.resolve("planted"));
            Path evil = Files.writeString(planted.resolve("evil.sh"), "#!/bin/sh\ntouch " + pwned + "\n");
            evil.toFile().setExecutable(true);
            Path fakeJdk = Files.createDirectories(project.dir.resolve("fake-jdk/bin"));
            Files.writeString(fakeJdk.resolveSibling("release"), "JAVA_VERSION=\"99\"\n");
            Files.copy(evil, fakeJdk.resolve("java"));
            fakeJdk.resolve("java").toFile().setExecutable(true);
            Path leaked = project.dir.resolve("leaked");

            Map<String, String> variables = new HashMap<>();
            variables.put("AWS_OIDC_TOKEN", token);
            variables.put("AWS_OIDC_ROLE_ARN", "arn:aws:iam::999999999999:role/attacker");
            variables.put("AWS_OIDC_REGION", "us-east-1");
            variables.put("AWS_REGION", "us-east-1");
            variables.put("AWS_OIDC_AUDIENCE", "attacker");
            variables.put("AWS_OIDC_PROFILE", "evil");
            variables.put("AWS_PROFILE", "evil");
            variables.put("AWS_OIDC_SESSION_NAME", "attacker-session");
            variables.put("AWS_OIDC_DURATION_SECONDS", "43200");
            variables.put("AWS_OIDC_CREDENTIAL_MODE", "process");
            variables.put("AWS_OIDC_JAVA_EXCHANGE", "never");
            variables.put("AWS_OIDC_TOKEN_VARIABLE", "ATTACKER_TOKEN");
            variables.put("AWS_OIDC_ALLOWED_ACCOUNT_IDS", "[]");
            variables.put("AWS_OIDC_POLICY_ARNS", "[\"arn:aws:iam::aws:policy/AdministratorAccess\"]");
            variables.put("AWS_OIDC_SESSION_POLICY", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
            variables.put("AWS_OIDC_STS_ENDPOINT", decoy.endpoint());
            variables.put("AWS_ENDPOINT_URL", decoy.endpoint());
            variables.put("AWS_ENDPOINT_URL_STS", decoy.endpoint());
            variables.put("AWS_OIDC_DIR", leaked.toString());
            variables.put("AWS_CONFIG_FILE", leaked.resolve("config").toString());
            variables.put("AWS_SHARED_CREDENTIALS_FILE", leaked.resolve("credentials").toString());
            variables.put("AWS_OIDC_CACHE_DIR", planted.toString());
            variables.put("AWS_OIDC_JAVA_HOME", fakeJdk.getParent().toString());
            // A JDK inside the project directory (a cache or an earlier job can put one there) is never run.
            variables.put("JAVA_HOME", fakeJdk.getParent().toString());
            variables.put("JAVA_TOOL_OPTIONS", "-javaagent:" + planted.resolve("agent.jar"));
            variables.put("JDK_JAVA_OPTIONS", "-javaagent:" + planted.resolve("agent.jar"));
            variables.put("JBANG_JAVA_OPTIONS", "-javaagent:" + planted.resolve("agent.jar"));
            variables.put("JBANG", evil.toString());
            variables.put("AWS_OIDC_PROCESS_COMMAND", evil.toString());
            variables.put("AWS_OIDC_FAST_PATH", "false");
            Proc.Result result = project.run(variables, "deploy");

            assertEquals(0, result.exitCode(), result::toString);
            String log = result.stdout();
            assertTrue(log.contains("profile ci (static) ready: arn:aws:iam::123456789012:role/deploy-prod as session gitlab-"), log);
            assertTrue(log.contains("config at " + project.dir + ".tmp/aws-oidc-"), log);
            assertTrue(log.contains("profile ci region eu-west-1 sts " + sts.endpoint()), log);
            assertTrue(log.contains("boto3 arn:aws:sts::"), log);
            assertFalse(result.all().contains("Picked up"), "JVM options from variables were applied: " + result);
            assertEquals(List.of(), decoy.requests(), "the decoy endpoint named by variables got requests");
            FaultSts.Request exchange = sts.requests("AssumeRoleWithWebIdentity").get(0);
            assertEquals("arn:aws:iam::123456789012:role/deploy-prod", exchange.param("RoleArn"));
            assertEquals("3600", exchange.param("DurationSeconds"));
            assertTrue(exchange.param("RoleSessionName").startsWith("gitlab-"), exchange.toString());
            assertEquals(null, exchange.param("Policy"));
            assertEquals(List.of(), exchange.policyArns());
            assertEquals(token, exchange.param("WebIdentityToken"));
            assertEquals(1, sts.requests("GetCallerIdentity").size() - 1, "the account allow-list was checked (and boto3 asked once)");
            assertFalse(Files.exists(pwned), "code named by a variable ran");
            assertFalse(Files.exists(leaked), "credentials landed in the project directory");
            assertFalse(result.all().contains(token), "the token appeared in the job log");
        }
    }

    @Test
    void aJobWithItsOwnAfterScriptLeavesNoCredentialsAndLeftoversOfEndedJobsGo() throws IOException {
        PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline("own-after-script", Moto.get().endpoint()));
        Path leftover = Files.createDirectories(project.dir.resolveSibling(project.dir.getFileName() + ".tmp/aws-oidc-1"));
        Files.writeString(leftover.resolve("config"), "[profile ci]\nendpoint_url = http://127.0.0.1:9/\n");
        Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", token), "deploy", "later");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("deploy has credentials"), result::toString);
        assertTrue(result.stdout().contains("own after_script ran"), result::toString);
        assertTrue(result.stdout().contains("left behind 0 0"), result::toString);
        assertFalse(Files.exists(leftover), "an ended job's directory was kept");
    }

    @Test
    void noLiveCredentialsTheAwsCliCachedRemainInHome() throws IOException {
        try (FaultSts sts = FaultSts.start()) {
            PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline("cli-cache", sts.endpoint()));
            Path home = Files.createDirectories(temp.resolve("home"));
            Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", token, "HOME", home.toString()), "deploy");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("cli-v1 arn:aws:sts::"), result::toString);
            assertTrue(result.stdout().contains("cached by the CLI 1"), "the CLI cached the role's credentials: " + result);
            try (Stream<Path> cached = Files.list(home.resolve(".aws/cli/cache"))) {
                assertEquals(List.of(), cached.toList(), "live credentials left in HOME");
            }
        }
    }

    /**
     * The cache holds only dependency jars, checked before every use, so its key names neither the
     * ref nor the component's commit: every ref shares it and a new branch starts warm.
     */
    @Test
    void theCacheKeyIsOneForEveryRefAndHoldsOnlyTheJarCache() throws IOException {
        PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline("cache-by-ref", Moto.get().endpoint()));
        Proc.Result preview = project.preview();
        assertEquals(0, preview.exitCode(), preview::toString);
        JsonNode cache = new YAMLMapper().readTree(preview.stdout().substring(preview.stdout().indexOf("---")))
                .path("deploy").path("cache").get(0);
        assertTrue(cache.path("key").asText().matches("assume-role-jars-[0-9a-f]{12}"), cache::toString);
        assertEquals("[\".aws-oidc-cache/\"]", cache.path("paths").toString());
        assertTrue(cache.path("fallback_keys").isMissingNode(), cache::toString);
    }

    /**
     * Another protected ref's job saves under the very key main restores: it plants jars holding
     * classes the exchange loads, class-data and AOT archives, option files and a launcher. None of
     * it runs, and the job still writes its profile.
     */
    @Test
    void nothingPlantedUnderTheKeyMainRestoresRuns() throws Exception {
        PipelineProject project = PipelineProject.create(temp, ComponentPipelineTest.pipeline("cache-by-ref", Moto.get().endpoint()));
        Path cache = Files.createDirectories(project.dir.resolve(".aws-oidc-cache"));
        Path mark = temp.resolve("planted-code-ran");
        Files.write(cache.resolve("picocli-4.7.7.jar"), testkit.PlantedCode.jar(temp.resolve("p1"), "picocli.CommandLine", mark));
        Files.write(cache.resolve("sts-2.57.8.jar"), testkit.PlantedCode.jar(temp.resolve("p2"),
                "software.amazon.awssdk.services.sts.StsClient", mark));
        Files.createDirectories(cache.resolve("AssumeRole-main/lib"));
        Files.write(cache.resolve("AssumeRole-main/lib/app.jar"), testkit.PlantedCode.jar(temp.resolve("p3"), "AssumeRole", mark));
        Path agent = temp.resolve("agent.jar");
        for (String name : List.of("AssumeRole-main/app-http.jsa", "AssumeRole-main/app-tls.aot", "jvm.options", "argfile", "classpath")) {
            Files.writeString(cache.resolve(name), "-javaagent:" + agent + "\n");
        }
        Files.writeString(cache.resolve("run-fast.sh"), "touch " + mark + "\n");
        Proc.Result result = project.run(Map.of("AWS_OIDC_TOKEN", token), "deploy");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("profile default (static) ready"), result::toString);
        assertFalse(Files.exists(mark), "planted code ran");
        assertFalse(result.all().contains("agent"), result::toString);
    }
}
