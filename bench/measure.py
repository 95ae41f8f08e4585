"""Timings of the exchange and of component jobs; called by bench/run, which starts moto and a Maven
mirror on loopback and mints a token.

Two parts:
- side by side, warm: the AWS CLI v2 and v1 call from GitLab's docs, the toolkit's exchange alone,
  the component's whole before_script, the lint component's command, a curl round trip (the floor);
- fresh containers: jobs as a Docker runner runs them, one after the other. Each job gets an empty
  project directory and HOME, the cache restored from a store under its key, before_script and a
  one-second script in a session of their own, every process of that session killed when the
  script ends, and the cache saved right after. Timed: the before_script alone. Counted: the jars
  downloaded from the mirror, and the cache's size.
"""
import argparse
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import component_job

ROLE = "arn:aws:iam::123456789012:role/bench"
LINT_POLICY = str(Path(__file__).resolve().parent.parent / "tests/fixtures/trust/component/policies/good.json")


def timed(command, env, cwd=None):
    """Wall seconds and peak RSS (MB) of one run, which must succeed."""
    with tempfile.NamedTemporaryFile() as report:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], env=env, cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"bench: {command[0]} failed ({result.returncode}): {result.stderr[-2000:]}")
        return elapsed, int(Path(report.name).read_text().split()[-1]) / 1024


def size_of(directory):
    return sum(f.stat().st_size for f in Path(directory).rglob("*") if f.is_file()) if Path(directory).exists() else 0


class Bench:
    def __init__(self, args):
        self.root, self.work = Path(args.root), Path(args.work)
        self.endpoint, self.mirror, self.mirror_log = args.endpoint, args.mirror, Path(args.mirror_log)
        self.token = Path(args.token_file).read_text().strip()
        self.token_file = args.token_file
        base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        base.update(AWS_EC2_METADATA_DISABLED="true", AWS_OIDC_MAVEN_REPOSITORY=self.mirror)
        self.base = base
        self.job_ids = iter(range(1000, 10**6))

    def component_job(self, project, home, extra=None, script_seconds=0):
        """(script, env) of one new job of the assume-role component in this project directory."""
        job_id = str(next(self.job_ids))
        predefined = dict(self.base, CI_PROJECT_DIR=str(project), CI_JOB_ID=job_id, HOME=str(home),
                          AWS_OIDC_TOKEN=self.token, **(extra or {}))
        script, env = component_job.job(self.root, {"role_arn": ROLE, "aws_region": "eu-west-1",
                                                    "sts_endpoint": self.endpoint, "session_name": "bench"}, predefined)
        script = ('aws_oidc_bench_start=$(date +%s%N)\n' + script
                  + 'echo "before_script $(( ($(date +%s%N) - aws_oidc_bench_start) / 1000000 ))" >&3\n')
        if script_seconds:
            script += f"sleep {script_seconds}\n"
        return script, env

    def side_by_side(self, rounds):
        work = self.work / "warm"
        project, home = work / "project", work / "home"
        for d in (project, home):
            d.mkdir(parents=True)
        toolkit = component_job.unpack_toolkit(self.root, "assume-role", work / "assume-role-job")
        lint_toolkit = component_job.unpack_toolkit(self.root, "trust-policy-lint", work / "lint-job")
        exchange_env = dict(self.base, CI_PROJECT_DIR=str(project), AWS_OIDC_TOKEN=self.token, AWS_OIDC_ROLE_ARN=ROLE,
                            AWS_OIDC_REGION="eu-west-1", AWS_OIDC_STS_ENDPOINT=self.endpoint, AWS_OIDC_SESSION_NAME="bench",
                            AWS_CONFIG_FILE=str(work / "exchange/config"), AWS_SHARED_CREDENTIALS_FILE=str(work / "exchange/credentials"))
        cli = ["sts", "assume-role-with-web-identity", "--role-arn", ROLE, "--role-session-name", "bench",
               "--web-identity-token", self.token, "--endpoint-url", self.endpoint, "--region", "eu-west-1"]
        cli_env = dict(self.base, AWS_CONFIG_FILE=str(work / "cli-config"), AWS_SHARED_CREDENTIALS_FILE=str(work / "cli-credentials"))
        v1 = shutil.which("aws", path=os.path.expanduser("~/.pyenv/shims")) or "aws"
        lint_env = dict(self.base, CI_PROJECT_DIR=str(project))
        jbang = str(self.root / ".tools/bin/jbang")

        def before_script():
            script, env = self.component_job(project, home)
            path = work / "job.sh"
            path.write_text(script)
            return ["bash", "-c", f"exec 3>/dev/null; . {shlex.quote(str(path))}"], env

        candidates = {
            "aws-cli-v2": lambda: (["/usr/bin/aws", *cli], cli_env),
            "aws-cli-v1": lambda: ([v1, *cli], cli_env),
            "exchange": lambda: (["sh", str(toolkit / "java-toolkit.sh"), "AssumeRole"], exchange_env),
            "before_script": before_script,
            "curl-floor": lambda: (["curl", "-s", "-o", "/dev/null", "-X", "POST", self.endpoint + "/moto-api/reset"], self.base),
            "lint-component": lambda: (["sh", str(lint_toolkit / "java-toolkit.sh"), "TrustPolicy", "lint", LINT_POLICY], lint_env),
            "lint-jbang": lambda: ([jbang, "--quiet", str(self.root / "scripts/TrustPolicy.java"), "lint", LINT_POLICY], self.base),
        }
        print("bench: warming up (jar caches, JBang's cache)", flush=True)
        for make in candidates.values():
            timed(*make(), cwd=project)
        samples = {name: [] for name in candidates}
        order = list(candidates)
        for round_number in range(rounds):
            for name in order[round_number % len(order):] + order[:round_number % len(order)]:
                samples[name].append(timed(*candidates[name](), cwd=project))
        labels = {
            "aws-cli-v2": "AWS CLI v2 assume-role-with-web-identity",
            "aws-cli-v1": "AWS CLI v1 assume-role-with-web-identity",
            "exchange": "toolkit exchange (java-toolkit.sh AssumeRole)",
            "before_script": "component before_script, jars cached",
            "curl-floor": "curl round trip to moto (floor)",
            "lint-component": "lint component's command, jars cached",
            "lint-jbang": "jbang TrustPolicy.java lint, cache warm",
        }
        print(f"\nwarm, side by side ({rounds} rounds)\n{'candidate':<46} {'median':>8} {'min':>8} {'max':>8} {'peak RSS':>9}")
        for name, runs in samples.items():
            seconds = [s for s, _ in runs]
            print(f"{labels[name]:<46} {statistics.median(seconds):>7.3f}s {min(seconds):>7.3f}s {max(seconds):>7.3f}s"
                  f" {max(m for _, m in runs):>7.1f}MB")
        v2 = statistics.median(s for s, _ in samples["aws-cli-v2"])
        for name in ("exchange", "before_script"):
            print(f"{name}/aws-cli-v2 = {statistics.median(s for s, _ in samples[name]) / v2:.2f}")

    def fresh_containers(self, label, jobs, java_home=None):
        """Jobs in fresh containers one after another, sharing only the cache store."""
        work = self.work / ("containers-" + label.replace(" ", "-"))
        store = work / "cache-store"
        store.mkdir(parents=True)
        extra = {"JAVA_HOME": java_home} if java_home else {}
        print(f"\nfresh containers, {label}: {jobs} jobs, one-second script, cache saved after each job")
        print(f"{'job':<6} {'before_script':>14} {'downloads':>10} {'cache saved':>12}")
        results = []
        for number in range(1, jobs + 1):
            container = work / f"job-{number}"
            project, home = container / "builds/acme/webshop", container / "home"
            project.mkdir(parents=True)
            home.mkdir()
            if any(store.iterdir()):
                shutil.copytree(store / ".aws-oidc-cache", project / ".aws-oidc-cache", symlinks=True)
            requests_before = len(self.mirror_log.read_text().splitlines()) if self.mirror_log.exists() else 0
            script, env = self.component_job(project, home, extra, script_seconds=1)
            (container / "job.sh").write_text(script)
            read, write = os.pipe()
            job = subprocess.Popen(["bash", "-c", f"exec 3>&{write}; . {shlex.quote(str(container / 'job.sh'))}"], env=env, cwd=project,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(write,), start_new_session=True)
            os.close(write)
            _, stderr = job.communicate(timeout=300)
            timing = os.read(read, 4096).decode()
            os.close(read)
            try:
                os.killpg(job.pid, signal.SIGKILL)  # the container ends: whatever the job started goes with it
            except ProcessLookupError:
                pass
            if job.returncode != 0 or "before_script" not in timing:
                raise SystemExit(f"bench: job {number} failed ({job.returncode}): {stderr.decode()[-2000:]}")
            millis = int(timing.split()[1])
            downloads = len(self.mirror_log.read_text().splitlines()) - requests_before
            shutil.rmtree(store / ".aws-oidc-cache", ignore_errors=True)
            if (project / ".aws-oidc-cache").exists():
                shutil.copytree(project / ".aws-oidc-cache", store / ".aws-oidc-cache", symlinks=True)
            saved = size_of(store / ".aws-oidc-cache")
            print(f"{number:<6} {millis / 1000:>13.3f}s {downloads:>10} {saved / 1e6:>10.1f}MB", flush=True)
            results.append((millis / 1000, downloads, saved))
        later = [s for s, _, _ in results[1:]]
        if later:
            print(f"{label}: cold {results[0][0]:.3f}s with {results[0][1]} downloads; later jobs median "
                  f"{statistics.median(later):.3f}s (max {max(later):.3f}s), {sum(d for _, d, _ in results[1:])} downloads;"
                  f" cache {max(c for _, _, c in results) / 1e6:.1f} MB")


def main():
    parser = argparse.ArgumentParser()
    for option in ("--root", "--work", "--endpoint", "--token-file", "--mirror", "--mirror-log"):
        parser.add_argument(option, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--containers", type=int, default=5)
    parser.add_argument("--jre")
    args = parser.parse_args()
    bench = Bench(args)
    bench.fresh_containers("image with a JDK", args.containers)
    if args.jre:
        bench.fresh_containers("JRE-only image", args.containers, java_home=args.jre)
    bench.side_by_side(args.rounds)


if __name__ == "__main__":
    main()
