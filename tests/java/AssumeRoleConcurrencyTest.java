import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.AssumeRoleRun;
import testkit.AwsConsumers;
import testkit.Moto;
import testkit.Proc;
import testkit.Tools;

/** Fifty jobs on one runner writing fifty profiles into the same two files at once lose none. */
class AssumeRoleConcurrencyTest {
    static final int JOBS = 50;

    @TempDir Path temp;

    @Test
    void fiftyParallelProcessesWritingDifferentProfilesLoseNone() throws Exception {
        Moto moto = Moto.get();
        AssumeRoleRun job = new AssumeRoleRun(temp, moto.endpoint());
        job.files.write(job.files.config, "# shared by all jobs\n[default]\nregion = us-east-1\n");
        List<Proc.Result> results = runAll(JOBS, i -> job.run("--profile", "job-" + i, "--session-name", "session-" + i));
        for (int i = 0; i < JOBS; i++) assertEquals(0, results.get(i).exitCode(), "job " + i + ": " + results.get(i));

        String config = job.files.read(job.files.config);
        String credentials = job.files.read(job.files.credentials);
        assertTrue(config.startsWith("# shared by all jobs\n[default]\nregion = us-east-1\n"), config);
        for (int i = 0; i < JOBS; i++) {
            assertEquals(1, count(config, "[profile job-" + i + "]\n"), config);
            assertEquals(1, count(credentials, "[job-" + i + "]\n"), credentials);
        }

        // All 50 with boto3 in one process; the AWS CLI v2 (a process of its own each, about 1.5 s of CPU)
        // for a sample of 8 across the range, to stay within a minute on a shared 2-core machine.
        long started = System.nanoTime();
        String program = String.join("\n",
                "import boto3, sys",
                "for i in range(int(sys.argv[2])):",
                "    arn = boto3.Session(profile_name='job-%d' % i).client('sts', endpoint_url=sys.argv[1]).get_caller_identity()['Arn']",
                "    print('job-%d %s' % (i, arn))");
        Proc.Result boto = Proc.of(Tools.python(), "-c", program, moto.endpoint(), String.valueOf(JOBS)).env(job.files.env()).timeout(120).run();
        assertEquals(0, boto.exitCode(), boto::toString);
        for (int i = 0; i < JOBS; i++) {
            assertTrue(boto.stdout().contains("job-" + i + " arn:aws:sts::123456789012:assumed-role/deploy-prod/session-" + i + "\n"), boto::toString);
        }
        List<Integer> sample = List.of(0, 7, 14, 21, 28, 35, 42, 49);
        List<Proc.Result> checks = runAll(sample.size(),
                i -> AwsConsumers.callerIdentityV2(job.files.env(), "job-" + sample.get(i), moto.endpoint()), 4);
        for (int i = 0; i < sample.size(); i++) {
            Proc.Result check = checks.get(i);
            int n = sample.get(i);
            assertEquals(0, check.exitCode(), "profile job-" + n + ": " + check);
            assertTrue(check.stdout().contains("assumed-role/deploy-prod/session-" + n + "\""), "profile job-" + n + ": " + check);
        }
        System.out.println("AssumeRoleConcurrencyTest: " + JOBS + " profiles written in parallel; all " + JOBS + " read by boto3, "
                + sample.size() + " by AWS CLI v2, in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    interface Run {
        Proc.Result run(int index) throws Exception;
    }

    static List<Proc.Result> runAll(int count, Run run) throws Exception {
        return runAll(count, run, count);
    }

    static List<Proc.Result> runAll(int count, Run run, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Proc.Result>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> run.run(index)));
            }
            List<Proc.Result> results = new ArrayList<>();
            for (Future<Proc.Result> future : futures) results.add(future.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
