///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Generate, lint and explain IAM trust policies for GitLab CI/CD OIDC (sts:AssumeRoleWithWebIdentity)
//JAVA 17+
//CDS
//RUNTIME_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning,cds*=off:stderr
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.23.0
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/cli/UsageException.java lib/cli/UsageErrors.java lib/cli/HelpLayout.java lib/cli/Values.java lib/aws/Arns.java
//SOURCES lib/trust/**/*.java

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lib.cli.UsageErrors;
import lib.cli.UsageException;
import lib.trust.cli.ExplainClaims;
import lib.trust.cli.LintInputs;
import lib.trust.cli.LintRun;
import lib.trust.cli.ProjectDir;
import lib.trust.cli.StrictBoolean;
import lib.trust.cli.TrustOptions;
import lib.trust.cli.TrustPolicyExamples;
import lib.cli.Values;
import lib.trust.eval.Decision;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.generate.PolicyRenderer;
import lib.trust.generate.TrustPolicyGenerator;
import lib.trust.generate.TrustPolicyRequest;
import lib.trust.lint.Severity;
import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.model.PolicyDocument;
import lib.trust.read.PolicyReadException;
import lib.trust.read.PolicySources;
import lib.trust.report.FindingFormatter;
import lib.trust.report.LogText;
import lib.trust.report.Tool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trust-policy", mixinStandardHelpOptions = true, version = Tool.NAME + " " + Tool.VERSION,
        description = "Generate, lint and explain IAM role trust policies for GitLab CI/CD ID tokens.%n"
                + "Exit codes: 0 ok/clean/allowed, 1 findings/denied, 2 bad usage, 3 a file could not be read.",
        footerHeading = "%nExamples:%n",
        footer = TrustPolicyExamples.COMMAND,
        subcommands = {TrustPolicy.Generate.class, TrustPolicy.Lint.class, TrustPolicy.Explain.class})
public class TrustPolicy implements Callable<Integer> {
    static final int FINDINGS = 1, USAGE = 2, UNREADABLE = 3;
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's exit codes; a bad option prints one line of usage, not the whole help. */
    public static CommandLine commandLine() {
        CommandLine cl = UsageErrors.install(new CommandLine(new TrustPolicy()));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (!(ex instanceof UsageException) && !(ex instanceof PolicyReadException)) throw ex;
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + LogText.escape(ex.getMessage()));
            return ex instanceof UsageException ? USAGE : UNREADABLE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("trust-policy: a command is missing: generate, lint or explain.");
        spec.commandLine().getErr().println(UsageErrors.usageLine(spec.commandLine()));
        return USAGE;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Print a least-privilege trust policy for a GitLab project's branches, tags or "
                    + "environments. Refuses policies its own lint would flag unless an --allow-* option names the risk.",
            footerHeading = "%nExamples:%n",
            footer = TrustPolicyExamples.GENERATE)
    static class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TrustOptions trust;

        @Option(names = "--account-id", paramLabel = "ID", defaultValue = "${env:TRUST_POLICY_ACCOUNT_ID}",
                description = "12-digit AWS account holding the IAM OIDC provider (env TRUST_POLICY_ACCOUNT_ID). Required.")
        String accountId;

        @Option(names = "--partition", defaultValue = "${env:TRUST_POLICY_PARTITION:-aws}",
                description = "AWS partition: aws, aws-cn, aws-us-gov (env TRUST_POLICY_PARTITION; default ${DEFAULT-VALUE}).")
        String partition;

        @Option(names = "--deployment-tier", defaultValue = "${env:TRUST_POLICY_DEPLOYMENT_TIER}",
                description = "deployment_tier value when --sub-components has deployment_tier (env TRUST_POLICY_DEPLOYMENT_TIER).")
        String deploymentTier;

        @Option(names = "--project-id-sub", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
                converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_PROJECT_ID_SUB:-false}",
                description = "The project's sub starts with project_id (ci_id_token_sub_claim_components "
                        + "project_id,ref_type,ref); needs --project-id (env TRUST_POLICY_PROJECT_ID_SUB).")
        boolean projectIdSub;

        @Option(names = "--format", defaultValue = "${env:TRUST_POLICY_FORMAT:-json}",
                description = "json, cloudformation or terraform (env TRUST_POLICY_FORMAT; default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            PolicyRenderer renderer = PolicyRenderer.parse(format);
            List<String> components = trust.subComponents();
            if (projectIdSub) {
                if (!components.isEmpty()) {
                    throw new UsageException("--project-id-sub and --sub-components "
                            + "(TRUST_POLICY_SUB_COMPONENTS) both set. Fix: list project_id first in --sub-components.");
                }
                components = TrustPolicyRequest.PROJECT_ID_SUB;
            } else if (components.isEmpty() && trust.projectPath() == null && trust.projectId() != null) {
                components = TrustPolicyRequest.PROJECT_ID_SUB;
            }
            TrustPolicyRequest request = trust.request().subComponents(components).accountId(Values.trimmedOrNull(accountId))
                    .partition(Values.trimmedOrNull(partition)).deploymentTier(Values.trimmedOrNull(deploymentTier)).build();
            ObjectNode policy = TrustPolicyGenerator.generate(request);
            PrintWriter out = spec.commandLine().getOut();
            out.print(renderer.render(policy));
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            TrustPolicyGenerator.notes(request, trust.token()).forEach(n -> err.println("note: " + n));
            err.flush();
            return 0;
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check trust policies (raw JSON, aws iam get-role output, CloudFormation JSON/YAML, "
                    + "terraform show -json, Terraform HCL) for GitLab pitfalls. Prints file:statement rule-id "
                    + "severity message. Exit 0 clean, 1 findings at or above --fail-on, 2 bad usage, "
                    + "3 a named file could not be read or was refused (the others are still linted and the report written).",
            footerHeading = "%nExamples:%n",
            footer = TrustPolicyExamples.LINT)
    static class Lint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "${env:TRUST_POLICY_LINT_FORMAT:-text}",
                description = "text, json, codequality (GitLab code-quality report) or sarif "
                        + "(env TRUST_POLICY_LINT_FORMAT; default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--fail-on", defaultValue = "${env:TRUST_POLICY_FAIL_ON:-info}",
                description = "Lowest severity that makes the exit code 1: info, minor, major, critical, blocker "
                        + "(env TRUST_POLICY_FAIL_ON; default ${DEFAULT-VALUE}).")
        String failOn;

        @Option(names = "--codequality-report", defaultValue = "${env:TRUST_POLICY_CODEQUALITY_REPORT}",
                description = "Also write a GitLab code-quality report to this file (env TRUST_POLICY_CODEQUALITY_REPORT).")
        Path codeQualityReport;

        @Option(names = "--paths", defaultValue = "${env:TRUST_POLICY_LINT_PATHS}",
                description = "More files, directories or globs: comma-separated or a JSON array, optionally after 'list:' "
                        + "(env TRUST_POLICY_LINT_PATHS).")
        String pathList;

        @Option(names = "--project-dir", defaultValue = "${env:TRUST_POLICY_PROJECT_DIR}",
                description = "Directory reports are relative to (env TRUST_POLICY_PROJECT_DIR; default CI_PROJECT_DIR, "
                        + "else the working directory).")
        Path projectDir;

        @Option(names = "--confine", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
                converter = StrictBoolean.class, defaultValue = "${env:TRUST_POLICY_CONFINE:-false}",
                description = "Refuse named files that resolve outside the project directory, e.g. through a "
                        + "symbolic link (exit 3; env TRUST_POLICY_CONFINE; default ${DEFAULT-VALUE}; the component sets it).")
        boolean confine;

        @Option(names = "--gitlab-url", paramLabel = "URL", defaultValue = "${env:TRUST_POLICY_GITLAB_URL}",
                description = "A self-managed GitLab instance: statements on its host get every GitLab rule even when "
                        + "the host name does not contain 'gitlab' (env TRUST_POLICY_GITLAB_URL; gitlab.com and hosts "
                        + "named *gitlab* are always judged as GitLab).")
        String gitlabUrl;

        @Parameters(paramLabel = "FILE", arity = "0..*",
                description = "Files, directories (searched for .json .yaml .yml .template .tf) or globs.")
        List<String> files = new ArrayList<>();

        @Override
        public Integer call() {
            FindingFormatter formatter = FindingFormatter.parse(format);
            Severity threshold = Severity.parse(failOn);
            List<String> inputs = new ArrayList<>(files == null ? List.of() : files);
            inputs.addAll(LintInputs.splitPathList(pathList));
            if (inputs.isEmpty()) {
                throw new UsageException("FILE or --paths (TRUST_POLICY_LINT_PATHS) is required: nothing to lint.");
            }
            ProjectDir project = ProjectDir.of(projectDir, System.getenv("CI_PROJECT_DIR"));
            java.util.Set<String> gitlabHosts = java.util.Set.of();
            if (gitlabUrl != null && !gitlabUrl.isBlank()) {
                try {
                    gitlabHosts = java.util.Set.of(AwsConditionKeys.hostOf(gitlabUrl));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--gitlab-url (TRUST_POLICY_GITLAB_URL): '" + gitlabUrl + "' has no host. "
                            + "Fix: give the instance URL, e.g. https://gitlab.example.com");
                }
            }
            LintRun run = LintRun.of(LintInputs.expand(inputs), project, confine, gitlabHosts);
            PrintWriter err = spec.commandLine().getErr(), out = spec.commandLine().getOut();
            run.notes.forEach(n -> err.println("note: " + LogText.escape(n)));
            run.unreadable.forEach(u -> err.println("error: " + LogText.escape(u.text())));
            out.print(formatter.render(run.findings, run.unreadable));
            out.flush();
            if (codeQualityReport != null) {
                try {
                    Files.writeString(codeQualityReport, FindingFormatter.CODEQUALITY.render(run.findings, run.unreadable), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UsageException("--codequality-report (TRUST_POLICY_CODEQUALITY_REPORT): cannot write "
                            + codeQualityReport + " (" + e.getClass().getSimpleName() + ")");
                }
            }
            long failing = run.findings.stream().filter(f -> f.rule().severity.compareTo(threshold) >= 0).count();
            err.println(run.policies + " trust polic" + (run.policies == 1 ? "y" : "ies") + " checked, "
                    + run.findings.size() + " finding(s), " + failing + " at or above " + threshold.id()
                    + (run.unreadable.isEmpty() ? "" : ", " + run.unreadable.size() + " file(s) not read"));
            err.flush();
            if (!run.unreadable.isEmpty()) return UNREADABLE;
            return failing > 0 ? FINDINGS : 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Evaluate a trust policy for one token or claim set as IAM does for "
                    + "sts:AssumeRoleWithWebIdentity: only the keys AWS sets for the provider exist (on gitlab.com "
                    + "sub, aud, project_id, namespace_id, user_*, ref_protected, pipeline_source, runner_environment; "
                    + "self-managed sub and aud). Says which statement and condition decided and which key was missing. "
                    + "Exit 0 allowed, 1 denied, 2 bad usage, 3 unreadable policy. The token is decoded locally and never printed.",
            footerHeading = "%nExamples:%n",
            footer = TrustPolicyExamples.EXPLAIN)
    static class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--policy", defaultValue = "${env:TRUST_POLICY_FILE}",
                description = "Policy file, any format lint reads (env TRUST_POLICY_FILE). Required.")
        Path policy;

        @Option(names = "--select", defaultValue = "${env:TRUST_POLICY_SELECT}",
                description = "Which policy of a file with several (resource name or address; env TRUST_POLICY_SELECT).")
        String select;

        @Option(names = "--claims", defaultValue = "${env:TRUST_POLICY_CLAIMS_FILE}",
                description = "JSON object of token claims (env TRUST_POLICY_CLAIMS_FILE).")
        Path claimsFile;

        @Option(names = "--token-env", defaultValue = "${env:TRUST_POLICY_TOKEN_ENV}",
                description = "Name of the environment variable holding the ID token (env TRUST_POLICY_TOKEN_ENV).")
        String tokenEnv;

        @Option(names = "--token-file", defaultValue = "${env:TRUST_POLICY_TOKEN_FILE}",
                description = "File holding the ID token (env TRUST_POLICY_TOKEN_FILE).")
        Path tokenFile;

        @Option(names = "--issuer", defaultValue = "${env:TRUST_POLICY_ISSUER}",
                description = "iss of a claim set built from flags; default: the policy's provider (env TRUST_POLICY_ISSUER).")
        String issuer;

        @Option(names = "--project-path", defaultValue = "${env:TRUST_POLICY_PROJECT_PATH}",
                description = "project_path claim (env TRUST_POLICY_PROJECT_PATH).")
        String projectPath;

        @Option(names = "--ref", defaultValue = "${env:TRUST_POLICY_REF}", description = "ref claim (env TRUST_POLICY_REF).")
        String ref;

        @Option(names = "--ref-type", defaultValue = "${env:TRUST_POLICY_REF_TYPE:-branch}", converter = ExplainClaims.RefTypes.class,
                description = "ref_type claim: branch or tag (env TRUST_POLICY_REF_TYPE; default ${DEFAULT-VALUE}).")
        ExplainClaims.RefType refType;

        @Option(names = "--ref-protected", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
                converter = StrictBoolean.class, defaultValue = "${env:" + ExplainClaims.REF_PROTECTED_VARIABLE + ":-false}",
                description = "ref_protected claim; the bare flag means true (env TRUST_POLICY_REF_PROTECTED_CLAIM; default ${DEFAULT-VALUE}).")
        boolean refProtected;

        @Option(names = "--environment", defaultValue = "${env:TRUST_POLICY_ENVIRONMENT}",
                description = "environment claim (env TRUST_POLICY_ENVIRONMENT).")
        String environment;

        @Option(names = "--aud", defaultValue = "${env:TRUST_POLICY_AUD:-sts.amazonaws.com}",
                description = "aud claim (env TRUST_POLICY_AUD; default ${DEFAULT-VALUE}).")
        String aud;

        @Option(names = "--sub", defaultValue = "${env:TRUST_POLICY_SUB}",
                description = "sub claim; default project_path:{path}:ref_type:{type}:ref:{ref} (env TRUST_POLICY_SUB).")
        String sub;

        @Option(names = "--project-id", defaultValue = "${env:TRUST_POLICY_PROJECT_ID}",
                description = "project_id claim (env TRUST_POLICY_PROJECT_ID).")
        String projectId;

        @Option(names = "--namespace-id", defaultValue = "${env:TRUST_POLICY_NAMESPACE_ID}",
                description = "namespace_id claim (env TRUST_POLICY_NAMESPACE_ID).")
        String namespaceId;

        @Option(names = "--claim", split = ";", defaultValue = "${env:TRUST_POLICY_CLAIMS}",
                description = "Any other claim as name=value; repeatable (env TRUST_POLICY_CLAIMS, ';'-separated).")
        List<String> extraClaims = new ArrayList<>();

        @Override
        public Integer call() {
            if (policy == null) {
                throw new UsageException("--policy (TRUST_POLICY_FILE) is required. Fix: pass the trust policy file.");
            }
            PolicyDocument doc = pick(PolicySources.read(policy));
            ObjectNode claims = claims(doc);
            String iss = claims.path("iss").asText("");
            String host = iss.isEmpty() ? ExplainClaims.providerHost(doc) : AwsConditionKeys.hostOf(iss);
            Decision decision = PolicyEvaluator.evaluate(doc.statements(), new ClaimSet(claims, host));
            PrintWriter out = spec.commandLine().getOut();
            out.println(LogText.escape((decision.allowed() ? "ALLOWED" : "DENIED") + ": " + doc.file()
                    + (doc.label().isEmpty() ? "" : " (" + doc.label() + ")")
                    + (decision.decidedBy() != null ? " decided by " + decision.decidedBy()
                    : " no statement allows this token (implicit deny)")));
            out.println("token: " + LogText.escape(ExplainClaims.summary(claims, host)));
            decision.reasons().forEach(r -> out.println("- " + LogText.escape(r)));
            decision.notes().forEach(n -> out.println("note: " + LogText.escape(n)));
            if (!decision.allowed() && claimsFile == null && tokenEnv == null && tokenFile == null) { // claims from flags
                ExplainClaims.refProtectedDefaultNote(spec.commandLine().getParseResult(), claims, host, doc.statements()).ifPresent(out::println);
            }
            out.flush();
            return decision.allowed() ? 0 : FINDINGS;
        }

        private PolicyDocument pick(List<PolicyDocument> docs) {
            List<String> labels = docs.stream().map(PolicyDocument::label).toList();
            if (docs.isEmpty()) throw new UsageException("--policy (TRUST_POLICY_FILE): " + policy + " holds no trust policy.");
            if (!Values.isBlank(select)) { // by label or its last part
                return docs.stream().filter(d -> d.label().equals(select) || d.label().endsWith("." + select))
                        .findFirst().orElseThrow(() -> new UsageException("--select (TRUST_POLICY_SELECT): '"
                                + select + "' not found. Fix: use one of " + labels));
            }
            if (docs.size() > 1) {
                throw new UsageException("--policy (TRUST_POLICY_FILE): " + policy + " holds " + docs.size()
                        + " policies. Fix: pick one with --select, one of " + labels);
            }
            return docs.get(0);
        }

        private ObjectNode claims(PolicyDocument doc) {
            int sources = (claimsFile != null ? 1 : 0) + (tokenEnv != null ? 1 : 0) + (tokenFile != null ? 1 : 0)
                    + (projectPath != null || sub != null ? 1 : 0);
            if (sources != 1) {
                throw new UsageException("give exactly one claim source: --claims FILE, --token-env NAME, "
                        + "--token-file FILE, or --project-path/--ref (or --sub) flags.");
            }
            if (claimsFile != null) return ExplainClaims.fromFile(claimsFile);
            if (tokenEnv != null) return ExplainClaims.fromTokenEnv(tokenEnv);
            if (tokenFile != null) return ExplainClaims.fromTokenFile(tokenFile);
            return ExplainClaims.fromFlags(new ExplainClaims.Flags(issuer, projectPath, ref, refType, refProtected,
                    environment, aud, sub, projectId, namespaceId, extraClaims), doc);
        }
    }
}
