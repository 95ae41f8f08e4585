"""Side-by-side timing of the exchange; called by bench/run, which starts moto and mints a token."""
import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import component_job

ROLE = "arn:aws:iam::123456789012:role/bench"
JAVA17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")
JAVA25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
JOB_IDS = itertools.count(1000)
LINT_POLICY = str(Path(__file__).resolve().parent.parent / "tests/fixtures/trust/corpus-real/codedeploy-main.json")


def timed(command, env):
    """Wall seconds and peak RSS (MB) of one run, which must succeed."""
    with tempfile.NamedTemporaryFile() as report:
        started = time.perf_counter()
        # A runner starts the job's script in the project directory, where the component's cache is.
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], env=env,
                                cwd=env.get("CI_PROJECT_DIR"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"bench: {command[0]} failed ({result.returncode}): {result.stderr[-2000:]}")
        return elapsed, int(Path(report.name).read_text().split()[-1]) / 1024


def wait_for_training(timeout=120):
    """The fast path builds its cache and trains its archive in the background; let it finish before timing."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        busy = [subprocess.run(["pgrep", "-f", "--", pattern], stdout=subprocess.DEVNULL).returncode == 0
                for pattern in ("--training-run", "run-fast.sh")]
        if not any(busy):
            return
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser()
    for option in ("--root", "--work", "--endpoint", "--token-file"):
        parser.add_argument(option, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    for option in ("--tls-endpoint", "--ca-bundle", "--trust-store"):
        parser.add_argument(option)
    args = parser.parse_args()
    root, work = Path(args.root), Path(args.work)
    token = Path(args.token_file).read_text().strip()
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    base.update(AWS_EC2_METADATA_DISABLED="true", AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="")
    base.pop("AWS_ACCESS_KEY_ID"), base.pop("AWS_SECRET_ACCESS_KEY")

    def exchange_env(name, **extra):
        env = dict(base, AWS_OIDC_TOKEN_FILE=args.token_file, AWS_OIDC_ROLE_ARN=ROLE, AWS_REGION="eu-west-1",
                   AWS_OIDC_STS_ENDPOINT=args.endpoint, AWS_OIDC_SESSION_NAME="bench",
                   AWS_CONFIG_FILE=str(work / name / "config"), AWS_SHARED_CREDENTIALS_FILE=str(work / name / "credentials"),
                   JBANG=str(root / ".tools/bin/jbang"))
        env.update(extra)
        return env

    class ComponentJob:
        """The component's whole before_script, one new job (CI_JOB_ID) per run, in one project directory."""

        def __init__(self, project, endpoint=args.endpoint, **extra):
            self.project, self.endpoint, self.extra = work / project, endpoint, extra
            self.project.mkdir(parents=True, exist_ok=True)

        def command(self):
            predefined = dict(base, CI_PROJECT_DIR=str(self.project), CI_JOB_ID=str(next(JOB_IDS)),
                              AWS_OIDC_TOKEN=token, **self.extra)
            script, env = component_job.job(root, {"role_arn": ROLE, "aws_region": "eu-west-1",
                                                   "sts_endpoint": self.endpoint, "session_name": "bench"}, predefined)
            self.job_dir = f"{self.project}.tmp/aws-oidc-{predefined['CI_JOB_ID']}"
            self.script_file = work / f"job-{predefined['CI_JOB_ID']}.sh"  # as a runner does: too long for -c
            self.script_file.write_text(script)
            return ["bash", str(self.script_file)], env

        def done(self):
            shutil.rmtree(self.job_dir, ignore_errors=True)  # what the component's after_script does
            self.script_file.unlink()

    def run(candidate):
        if isinstance(candidate, ComponentJob):
            try:
                return timed(*candidate.command())
            finally:
                candidate.done()
        return timed(*candidate)

    lint_job = work / "lint-job"
    lint_job.mkdir(mode=0o700)
    lint_env = dict(base, PATH=str(root / ".tools/bin") + os.pathsep + base["PATH"], AWS_OIDC_DIR=str(lint_job))
    cli = ["sts", "assume-role-with-web-identity", "--role-arn", ROLE, "--role-session-name", "bench",
           "--web-identity-token", token, "--endpoint-url", args.endpoint, "--region", "eu-west-1"]
    cli_env = dict(base, AWS_CONFIG_FILE=str(work / "cli-config"), AWS_SHARED_CREDENTIALS_FILE=str(work / "cli-credentials"))
    v1 = shutil.which("aws", path=os.path.expanduser("~/.pyenv/shims")) or "aws"
    candidates = {
        "aws-cli-v2": (["/usr/bin/aws", *cli], cli_env),
        "aws-cli-v1": ([v1, *cli], cli_env),
        "warm": ComponentJob("project-default"),
        "jbang-cached": ([str(root / ".tools/bin/jbang"), "--quiet", str(root / "scripts/AssumeRole.java")], exchange_env("jbang")),
        "curl-floor": (["curl", "-s", "-o", "/dev/null", "-X", "POST", args.endpoint + "/moto-api/reset"], base),
        # trust-policy lint of one real policy, as a user runs it and as the lint component's job runs it.
        "lint-jbang": ([str(root / ".tools/bin/jbang"), "--quiet", str(root / "scripts/TrustPolicy.java"), "lint", LINT_POLICY], lint_env),
        "lint-component": (["sh", str(root / "scripts/jbang-or-install.sh"), "--quiet", str(root / "scripts/TrustPolicy.java"),
                            "lint", LINT_POLICY], lint_env),
    }
    if args.tls_endpoint:
        tls_cli = [part if part != args.endpoint else args.tls_endpoint for part in cli]
        candidates["aws-cli-v2-https"] = (["/usr/bin/aws", *tls_cli], dict(cli_env, AWS_CA_BUNDLE=args.ca_bundle))
        # The component ignores JAVA_TOOL_OPTIONS (a CI/CD variable must not steer the JVM): the
        # throwaway certificate goes into a JDK's own trust store, as an image with a private CA has it.
        candidates["warm-https"] = ComponentJob("project-https", endpoint=args.tls_endpoint, AWS_OIDC_JAVA_HOME=args.trust_store)
    for name, home in (("warm-java17", JAVA17), ("warm-java25", JAVA25)):
        if (home / "bin/java").exists():
            candidates[name] = ComponentJob("project-" + name, JAVA_HOME=str(home))

    print("bench: warming up (builds the fast-path caches and trains their archives)", flush=True)
    for name in ("warm", "warm-java17", "warm-java25", "warm-https", "jbang-cached", "lint-jbang", "lint-component"):
        if name in candidates:
            for _ in range(2):
                run(candidates[name])
                wait_for_training()

    def cold_job():
        """A job of a new ref with no cache to restore (and no default-branch one to fall back to)."""
        fresh = Path(tempfile.mkdtemp(dir=work))
        return ComponentJob(fresh.name)

    samples = {name: [] for name in candidates}
    samples["cold"] = []
    order = list(candidates) + ["cold"]
    for round_number in range(args.rounds):
        for name in order[round_number % len(order):] + order[:round_number % len(order)]:
            if name == "cold":
                samples[name].append(run(cold_job()))
                wait_for_training()
            else:
                samples[name].append(run(candidates[name]))
        print(f"bench: round {round_number + 1}/{args.rounds} done", flush=True)

    caches = list((work / "project-default" / ".aws-oidc-cache").glob("*/"))
    cache_bytes = sum(f.stat().st_size for c in caches for f in c.rglob("*") if f.is_file())

    labels = {
        "aws-cli-v2": "AWS CLI v2 assume-role-with-web-identity",
        "aws-cli-v1": "AWS CLI v1 assume-role-with-web-identity",
        "warm": "component before_script, warm (runner's JDK)",
        "warm-java17": "component before_script, warm, Java 17",
        "warm-java25": "component before_script, warm, Java 25",
        "jbang-cached": "jbang AssumeRole.java, cache warm",
        "cold": "cold: new ref, no cache, Maven repo warm",
        "curl-floor": "curl round trip to moto (floor)",
        "aws-cli-v2-https": "AWS CLI v2, same call over TLS",
        "warm-https": "component before_script, warm, over TLS",
        "lint-jbang": "jbang TrustPolicy.java lint, cache warm",
        "lint-component": "lint component's command, cache warm",
    }
    print(f"\n{'candidate':<46} {'median':>8} {'min':>8} {'max':>8} {'peak RSS':>9}")
    for name, runs in samples.items():
        seconds = [s for s, _ in runs]
        print(f"{labels[name]:<46} {statistics.median(seconds):>7.3f}s {min(seconds):>7.3f}s {max(seconds):>7.3f}s"
              f" {max(m for _, m in runs):>7.1f}MB")
    print(f"cache a job restores: {cache_bytes / 1e6:.1f} MB in .aws-oidc-cache/ (jar and archive of the runner's JDK)")
    v2 = statistics.median(s for s, _ in samples["aws-cli-v2"])
    if "warm-https" in samples:
        v2_tls = statistics.median(s for s, _ in samples["aws-cli-v2-https"])
        print(f"warm-https/aws-cli-v2-https = {statistics.median(s for s, _ in samples['warm-https']) / v2_tls:.2f}")
    for name in ("warm-java17", "warm-java25", "warm"):
        if name in samples:
            print(f"{name}/aws-cli-v2 = {statistics.median(s for s, _ in samples[name]) / v2:.2f}")


if __name__ == "__main__":
    main()
