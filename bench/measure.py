"""Side-by-side timing of the exchange; called by bench/run, which starts moto and mints a token."""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROLE = "arn:aws:iam::123456789012:role/bench"
JAVA25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def timed(command, env):
    """Wall seconds and peak RSS (MB) of one run, which must succeed."""
    with tempfile.NamedTemporaryFile() as report:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
    args = parser.parse_args()
    root, work = Path(args.root), Path(args.work)
    token = Path(args.token_file).read_text().strip()
    scripts = root / "scripts"
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

    cli = ["sts", "assume-role-with-web-identity", "--role-arn", ROLE, "--role-session-name", "bench",
           "--web-identity-token", token, "--endpoint-url", args.endpoint, "--region", "eu-west-1"]
    cli_env = dict(base, AWS_CONFIG_FILE=str(work / "cli-config"), AWS_SHARED_CREDENTIALS_FILE=str(work / "cli-credentials"))
    v1 = shutil.which("aws", path=os.path.expanduser("~/.pyenv/shims")) or "aws"
    fast = ["sh", str(scripts / "run-fast.sh"), str(scripts / "AssumeRole.java")]
    candidates = {
        "aws-cli-v2": (["/usr/bin/aws", *cli], cli_env),
        "aws-cli-v1": ([v1, *cli], cli_env),
        "warm": (fast, exchange_env("warm", AWS_OIDC_CACHE_DIR=str(work / "cache17"))),
        "jbang-cached": ([str(root / ".tools/bin/jbang"), "--quiet", str(scripts / "AssumeRole.java")], exchange_env("jbang")),
        "curl-floor": (["curl", "-s", "-o", "/dev/null", "-X", "POST", args.endpoint + "/moto-api/reset"], base),
    }
    if (JAVA25 / "bin/java").exists():
        candidates["warm-java25"] = (fast, exchange_env("warm25", JAVA_HOME=str(JAVA25), AWS_OIDC_CACHE_DIR=str(work / "cache25")))

    print("bench: warming up (builds the fast-path caches and trains their archives)", flush=True)
    for name in ("warm", "warm-java25", "jbang-cached"):
        if name in candidates:
            timed(*candidates[name])
            wait_for_training()
            timed(*candidates[name])
            wait_for_training()

    samples = {name: [] for name in candidates}
    samples["cold"] = []
    order = list(candidates) + ["cold"]
    for round_number in range(args.rounds):
        for name in order[round_number % len(order):] + order[:round_number % len(order)]:
            if name == "cold":
                cold = tempfile.mkdtemp(dir=work)
                env = exchange_env("cold", JBANG_CACHE_DIR=cold + "/jbang", AWS_OIDC_CACHE_DIR=cold + "/fast")
                samples[name].append(timed(fast, env))
                wait_for_training()
            else:
                samples[name].append(timed(*candidates[name]))
        print(f"bench: round {round_number + 1}/{args.rounds} done", flush=True)

    fully_cold = tempfile.mkdtemp(dir=work)
    env = exchange_env("fully-cold", JBANG_CACHE_DIR=fully_cold + "/jbang", AWS_OIDC_CACHE_DIR=fully_cold + "/fast",
                       JBANG_REPO=fully_cold + "/m2")
    samples["fully-cold (once)"] = [timed(fast, env)]
    wait_for_training()

    labels = {
        "aws-cli-v2": "AWS CLI v2 assume-role-with-web-identity",
        "aws-cli-v1": "AWS CLI v1 assume-role-with-web-identity",
        "warm": "component fast path, warm (default JDK)",
        "warm-java25": "component fast path, warm (Java 25)",
        "jbang-cached": "jbang AssumeRole.java, cache warm",
        "cold": "cold: empty JBang cache, Maven repo warm",
        "fully-cold (once)": "fully cold: empty JBang cache and Maven repo",
        "curl-floor": "curl round trip to moto (floor)",
    }
    print(f"\n{'candidate':<46} {'median':>8} {'min':>8} {'max':>8} {'peak RSS':>9}")
    for name, runs in samples.items():
        seconds = [s for s, _ in runs]
        print(f"{labels[name]:<46} {statistics.median(seconds):>7.3f}s {min(seconds):>7.3f}s {max(seconds):>7.3f}s"
              f" {max(m for _, m in runs):>7.1f}MB")
    v2 = statistics.median(s for s, _ in samples["aws-cli-v2"])
    if "warm-java25" in samples:
        print(f"warm-java25/aws-cli-v2 = {statistics.median(s for s, _ in samples['warm-java25']) / v2:.2f}")
    print(f"warm/aws-cli-v2 = {statistics.median(s for s, _ in samples['warm']) / v2:.2f}")


if __name__ == "__main__":
    main()
