package component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.JobImage;
import testkit.Proc;
import testkit.TestIssuer;
import testkit.Tools;

/**
 * What an earlier job on the runner, a CI/CD variable or the job's own script can do to the
 * component's job path, and what the component does about it.
 */
class JobGuardsTest {
    @TempDir Path temp;
    final String token = new TestIssuer().mint();
    ComponentJobScript job;

    @BeforeEach
    void aProjectDirectory() throws IOException {
        job = new ComponentJobScript(temp, token);
    }

    /** An earlier job made PROJECT.tmp a link into the project: the shell path would write the token there. */
    @Test
    void aTmpDirectoryThatIsALinkIsRefusedBeforeTheTokenIsWritten() throws IOException {
        Path inside = Files.createDirectories(job.project.resolve("public"));
        Files.createSymbolicLink(job.project.resolveSibling("webshop.tmp"), inside);
        Path script = job.beforeScript("      java_exchange: never\n");
        Proc.Result result = job.run(JobImage.host(), script);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("webshop.tmp is a symbolic link (an earlier job on this runner may have planted it);"
                + " refusing to write credentials through it"), result::toString);
        try (Stream<Path> files = Files.walk(inside)) {
            assertEquals(List.of(inside), files.toList(), "nothing was written into the project");
        }
    }

    /** Sovereign partitions too: the tools' own exchanges go to the partition's STS, never to AWS_ENDPOINT_URL. */
    @Test
    void everyPartitionGetsItsRegionalStsEndpointAndTheInputWins() {
        Map<String, String> expected = Map.of(
                "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn",
                "us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com", "us-iso-east-1", "https://sts.us-iso-east-1.c2s.ic.gov",
                "us-isob-east-1", "https://sts.us-isob-east-1.sc2s.sgov.gov", "eu-isoe-west-1", "https://sts.eu-isoe-west-1.cloud.adc-e.uk",
                "us-isof-south-1", "https://sts.us-isof-south-1.csp.hci.ic.gov", "eusc-de-east-1", "https://sts.eusc-de-east-1.amazonaws.eu");
        String library = Tools.ROOT.resolve("job/sts-endpoint.sh").toString();
        expected.forEach((region, url) -> {
            Proc.Result result = Proc.of("sh", "-c", ". " + library + " && sts_url_for " + region + " '' && echo $sts_url").run();
            assertEquals(url + "\n", result.stdout(), region);
        });
        Proc.Result input = Proc.of("sh", "-c", ". " + library + " && sts_url_for us-iso-east-1 https://vpce.example && echo $sts_url").run();
        assertEquals("https://vpce.example\n", input.stdout());
    }

    @Test
    void theBeforeScriptSetsTheStsEndpointForEveryRegionAndNeverUnsetsIt() throws IOException {
        String template = Files.readString(Tools.ROOT.resolve("templates/assume-role.yml"));
        assertFalse(template.contains("unset AWS_ENDPOINT_URL_STS"), "the STS endpoint is never left to other variables");
        Path script = job.beforeScript("      java_exchange: never\n");
        Files.writeString(script, Files.readString(script) + "echo \"sts endpoint $AWS_ENDPOINT_URL_STS\"\n");
        Map<String, String> env = job.env();
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9/decoy");
        env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9/decoy");
        env.put("PATH", "/usr/bin:/bin");
        Proc.Result result = job.run(JobImage.host(), env, script);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("sts endpoint " + testkit.Moto.get().endpoint() + "\n"), result::toString);
    }

    /** A job that replaced before_script without !reference is told so, with the line to add. */
    @Test
    void theAfterScriptNamesAForgottenReference() throws IOException {
        Path after = job.afterScript();
        Proc.Result forgotten = job.run(JobImage.host(), after);
        assertEquals(0, forgotten.exitCode(), forgotten::toString);
        assertTrue(forgotten.stderr().contains("this job never ran the component's before_script, so it had no AWS profile."
                + " A job with its own before_script keeps the component's with: before_script: [!reference [.aws-oidc, before_script], ...]"),
                forgotten::toString);

        Path before = job.beforeScript("");
        Proc.Result ran = job.run(JobImage.host(), before);
        assertEquals(0, ran.exitCode(), ran::toString);
        Proc.Result after2 = job.run(JobImage.host(), after);
        assertEquals("", after2.stderr(), "no hint when the component ran");
    }

    /** A job with its own EXIT trap calls aws_oidc_cleanup from it: nothing is left for the next job. */
    @Test
    void aJobsOwnExitTrapKeepsTheCleanupWithOneCall() throws IOException {
        Path script = job.beforeScript("");
        String own = Files.readString(script) + "trap 'aws_oidc_cleanup; echo own trap ran' EXIT\n"
                + "test -s \"$AWS_SHARED_CREDENTIALS_FILE\" && echo has keys\n";
        Files.writeString(script, own);
        Proc.Result result = job.run(JobImage.host(), script);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("has keys") && result.stdout().contains("own trap ran"), result::toString);
        assertFalse(Files.exists(job.jobDir), "the job's keys outlived it");

        Files.writeString(script, Files.readString(script).replace("aws_oidc_cleanup; ", ""));
        Proc.Result withoutIt = job.run(JobImage.host(), script);
        assertEquals(0, withoutIt.exitCode(), withoutIt::toString);
        assertTrue(Files.exists(job.jobDir.resolve("credentials")), "without the call the keys stay (the README says so)");
    }

    /** An earlier job plants the after_script's marker as a link to a file: nothing is written through it. */
    @Test
    void aPlantedMarkerLinkIsNeverWrittenThrough() throws IOException {
        Path victim = Files.writeString(temp.resolve("victim.txt"), "kept\n");
        Path tmp = Files.createDirectories(job.project.resolveSibling("webshop.tmp"));
        Files.createSymbolicLink(tmp.resolve(".ran-aws-oidc-4711001"), victim);
        Path script = job.beforeScript("");
        Proc.Result result = job.run(JobImage.host(), script);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("kept\n", Files.readString(victim), "the marker wrote through a planted link");
        assertFalse(Files.isSymbolicLink(tmp.resolve(".ran-aws-oidc-4711001")));
        assertFalse(Files.exists(job.jobDir), "the job's keys outlived it");
    }
}
