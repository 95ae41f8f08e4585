///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Generate, lint and explain IAM trust policies for GitLab CI/CD OIDC (sts:AssumeRoleWithWebIdentity)
//JAVA 17+
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.23.0
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/trust/*.java
//SOURCES lib/token/TokenClaims.java lib/token/MalformedTokenException.java
//SOURCES lib/json/JsonValues.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import lib.trust.ClaimSet;
import lib.trust.Decision;
import lib.trust.Finding;
import lib.trust.FindingFormatter;
import lib.trust.GitLabKeys;
import lib.trust.PolicyDocument;
import lib.trust.PolicyEvaluator;
import lib.trust.PolicyRenderer;
import lib.trust.PolicySources;
import lib.trust.Severity;
import lib.trust.TrustPolicyGenerator;
import lib.trust.TrustPolicyInputException;
import lib.trust.TrustPolicyLinter;
import lib.trust.TrustPolicyRequest;
import lib.trust.TrustStatement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "TrustPolicy", mixinStandardHelpOptions = true, version = "TrustPolicy 0.1.0",
        description = "Generate, lint and explain IAM role trust policies for GitLab CI/CD ID tokens.%n"
                + "Exit codes: 0 ok/clean/allowed, 1 findings/denied, 2 bad usage or unreadable input.",
        subcommands = {TrustPolicy.Generate.class, TrustPolicy.Lint.class, TrustPolicy.Explain.class})
public class TrustPolicy implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's exit codes for usage and input errors. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrustPolicy());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().getErr().println("Run with --help for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof TrustPolicyInputException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Print a least-privilege trust policy for a GitLab project's branches, tags or "
                    + "environments. Refuses policies its own lint would flag unless an --allow-* option names the risk.")
    static class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--gitlab-url", defaultValue = "${env:TRUST_POLICY_GITLAB_URL:-https://gitlab.com}",
                description = "GitLab instance URL, the token issuer (env TRUST_POLICY_GITLAB_URL; default ${DEFAULT-VALUE}).")
        String gitlabUrl;

        @Option(names = "--account-id", defaultValue = "${env:TRUST_POLICY_ACCOUNT_ID}",
                description = "12-digit AWS account holding the IAM OIDC provider (env TRUST_POLICY_ACCOUNT_ID).")
        String accountId;

        @Option(names = "--partition", defaultValue = "${env:TRUST_POLICY_PARTITION:-aws}",
                description = "AWS partition: aws, aws-cn, aws-us-gov (env TRUST_POLICY_PARTITION; default ${DEFAULT-VALUE}).")
        String partition;

        @Option(names = "--project-path", defaultValue = "${env:TRUST_POLICY_PROJECT_PATH}",
                description = "Project path group[/subgroup]/project (env TRUST_POLICY_PROJECT_PATH).")
        String projectPath;

        @Option(names = "--project-id", defaultValue = "${env:TRUST_POLICY_PROJECT_ID}",
                description = "Numeric project id: pins gitlab.com:project_id on gitlab.com; feeds a project_id sub "
                        + "(env TRUST_POLICY_PROJECT_ID).")
        String projectId;

        @Option(names = "--namespace-id", defaultValue = "${env:TRUST_POLICY_NAMESPACE_ID}",
                description = "Numeric group id: pins gitlab.com:namespace_id (gitlab.com only; env TRUST_POLICY_NAMESPACE_ID).")
        String namespaceId;

        @Option(names = "--branch", split = ",", defaultValue = "${env:TRUST_POLICY_BRANCHES}",
                description = "Branch allowed to assume the role; repeatable; a pattern with * needs protection "
                        + "(env TRUST_POLICY_BRANCHES, comma-separated).")
        List<String> branches = new ArrayList<>();

        @Option(names = "--tag", split = ",", defaultValue = "${env:TRUST_POLICY_TAGS}",
                description = "Tag allowed to assume the role; repeatable (env TRUST_POLICY_TAGS, comma-separated).")
        List<String> tags = new ArrayList<>();

        @Option(names = "--environment", split = ",", defaultValue = "${env:TRUST_POLICY_ENVIRONMENTS}",
                description = "Environment allowed to assume the role; repeatable. Needs environment in "
                        + "--sub-components: AWS exposes no environment key (env TRUST_POLICY_ENVIRONMENTS).")
        List<String> environments = new ArrayList<>();

        @Option(names = "--deployment-tier", defaultValue = "${env:TRUST_POLICY_DEPLOYMENT_TIER}",
                description = "deployment_tier value when --sub-components has deployment_tier (env TRUST_POLICY_DEPLOYMENT_TIER).")
        String deploymentTier;

        @Option(names = "--audience", defaultValue = "${env:TRUST_POLICY_AUDIENCE:-sts.amazonaws.com}",
                description = "aud the jobs request; the provider's client id (env TRUST_POLICY_AUDIENCE; default ${DEFAULT-VALUE}).")
        String audience;

        @Option(names = "--ref-protected", defaultValue = "${env:TRUST_POLICY_REF_PROTECTED:-false}",
                description = "Require a protected ref: gitlab.com:ref_protected on gitlab.com, ref_protected:true in "
                        + "the sub when --sub-components has it (env TRUST_POLICY_REF_PROTECTED).")
        boolean refProtected;

        @Option(names = "--project-id-sub", defaultValue = "${env:TRUST_POLICY_PROJECT_ID_SUB:-false}",
                description = "The project's sub starts with project_id (ci_id_token_sub_claim_components "
                        + "project_id,ref_type,ref); needs --project-id (env TRUST_POLICY_PROJECT_ID_SUB).")
        boolean projectIdSub;

        @Option(names = "--sub-components", split = ",", defaultValue = "${env:TRUST_POLICY_SUB_COMPONENTS}",
                description = "The project's ci_id_token_sub_claim_components in order, e.g. "
                        + "project_path,ref_type,ref,environment,environment_protected (env TRUST_POLICY_SUB_COMPONENTS).")
        List<String> subComponents = new ArrayList<>();

        @Option(names = "--format", defaultValue = "${env:TRUST_POLICY_FORMAT:-json}",
                description = "json, cloudformation or terraform (env TRUST_POLICY_FORMAT; default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--allow-wildcard-ref", defaultValue = "${env:TRUST_POLICY_ALLOW_WILDCARD_REF:-false}",
                description = "Accept a branch/tag pattern without a protected-ref requirement (lint rule "
                        + "ref-wildcard-unprotected; env TRUST_POLICY_ALLOW_WILDCARD_REF).")
        boolean allowWildcardRef;

        @Option(names = "--allow-unprotected-ref", defaultValue = "${env:TRUST_POLICY_ALLOW_UNPROTECTED_REF:-false}",
                description = "Accept an environment-scoped role that any unprotected ref may assume (lint rule "
                        + "ref-wildcard-unprotected; env TRUST_POLICY_ALLOW_UNPROTECTED_REF).")
        boolean allowUnprotectedRef;

        @Override
        public Integer call() {
            PolicyRenderer renderer = PolicyRenderer.parse(format);
            List<String> components = subComponents == null ? List.of() : clean(subComponents);
            if (projectIdSub) {
                if (!components.isEmpty()) {
                    throw new TrustPolicyInputException("--project-id-sub and --sub-components "
                            + "(TRUST_POLICY_SUB_COMPONENTS) both set. Fix: list project_id first in --sub-components.");
                }
                components = TrustPolicyRequest.PROJECT_ID_SUB;
            } else if (components.isEmpty() && blank(projectPath) && !blank(projectId)) {
                components = TrustPolicyRequest.PROJECT_ID_SUB;
            }
            TrustPolicyRequest request = new TrustPolicyRequest(gitlabUrl, partition, accountId, nullIfBlank(projectPath),
                    nullIfBlank(projectId), nullIfBlank(namespaceId), clean(branches), clean(tags),
                    clean(environments), nullIfBlank(deploymentTier), audience, refProtected, components,
                    allowWildcardRef, allowUnprotectedRef);
            ObjectNode policy = TrustPolicyGenerator.generate(request);
            PrintWriter out = spec.commandLine().getOut();
            out.print(renderer.render(policy));
            out.flush();
            return 0;
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Check trust policies (raw JSON, aws iam get-role output, CloudFormation JSON/YAML, "
                    + "terraform show -json, Terraform HCL) for GitLab pitfalls. Prints file:statement rule-id "
                    + "severity message. Exit 0 clean, 1 findings at or above --fail-on, 2 unreadable input.")
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

        @Parameters(paramLabel = "FILE", arity = "0..*",
                description = "Files, directories (searched for .json .yaml .yml .template .tf) or globs.")
        List<String> files = new ArrayList<>();

        @Override
        public Integer call() {
            FindingFormatter formatter = FindingFormatter.parse(format);
            Severity threshold = Severity.parse(failOn);
            List<String> inputs = new ArrayList<>(files == null ? List.of() : files);
            inputs.addAll(splitPathList(pathList));
            if (inputs.isEmpty()) {
                throw new TrustPolicyInputException("no input: pass FILE... or --paths (TRUST_POLICY_LINT_PATHS).");
            }
            PrintWriter err = spec.commandLine().getErr();
            List<Finding> findings = new ArrayList<>();
            int policies = 0;
            for (Input input : expand(inputs)) {
                List<PolicyDocument> docs;
                try {
                    docs = PolicySources.read(input.path());
                } catch (TrustPolicyInputException e) {
                    if (input.explicit()) throw e;
                    err.println("note: skipped " + input.path() + ": " + e.getMessage());
                    continue;
                }
                if (docs.isEmpty() && input.explicit()) err.println("note: " + input.path() + ": no trust policy found");
                for (PolicyDocument doc : docs) {
                    policies++;
                    findings.addAll(TrustPolicyLinter.lint(doc));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(formatter.render(findings));
            out.flush();
            if (codeQualityReport != null) {
                try {
                    Files.writeString(codeQualityReport, FindingFormatter.CODEQUALITY.render(findings), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new TrustPolicyInputException("--codequality-report (TRUST_POLICY_CODEQUALITY_REPORT): cannot write "
                            + codeQualityReport + " (" + e.getMessage() + ")", e);
                }
            }
            long failing = findings.stream().filter(f -> f.rule().severity.compareTo(threshold) >= 0).count();
            err.println(policies + " trust polic" + (policies == 1 ? "y" : "ies") + " checked, " + findings.size()
                    + " finding(s), " + failing + " at or above " + threshold.id());
            return failing > 0 ? 1 : 0;
        }

        record Input(Path path, boolean explicit) {}

        private static List<Input> expand(List<String> inputs) {
            Set<Input> out = new LinkedHashSet<>();
            for (String raw : inputs) {
                String in = raw.trim();
                if (in.isEmpty()) continue;
                Path path = Path.of(in).normalize();
                if (Files.isRegularFile(path)) {
                    out.add(new Input(path, true));
                } else if (Files.isDirectory(path)) {
                    walk(path, p -> true).forEach(p -> out.add(new Input(p.normalize(), false)));
                } else if (in.contains("*") || in.contains("?") || in.contains("{")) {
                    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + in);
                    List<Path> matched = walk(Path.of("."), p -> matcher.matches(Path.of(".").relativize(p))
                            || matcher.matches(p.normalize()));
                    matched.forEach(p -> out.add(new Input(p.normalize(), false)));
                } else {
                    throw new TrustPolicyInputException("'" + in + "': no such file or directory. Fix: pass existing "
                            + "files, directories or globs as FILE or in --paths (TRUST_POLICY_LINT_PATHS).");
                }
            }
            return new ArrayList<>(out);
        }

        private static List<Path> walk(Path root, java.util.function.Predicate<Path> accept) {
            List<Path> found = new ArrayList<>();
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean skip = !dir.equals(root) && (name.equals(".git") || name.equals(".terraform")
                                || name.equals("node_modules") || name.equals(".gitlab-ci-local") || name.equals("target"));
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                        boolean kind = n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml")
                                || n.endsWith(".template") || n.endsWith(".tf");
                        if (attrs.isRegularFile() && kind && !n.endsWith(".expect.json") && accept.test(file)) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new TrustPolicyInputException("cannot list " + root + " (" + e.getMessage() + ")", e);
            }
            found.sort(null);
            return found;
        }

        static List<String> splitPathList(String list) {
            if (list == null || list.isBlank()) return List.of();
            String t = list.trim();
            if (t.startsWith("list:")) t = t.substring("list:".length()).trim();
            if (t.isEmpty()) return List.of();
            if (t.startsWith("[")) {
                try {
                    JsonNode array = new ObjectMapper().readTree(t);
                    List<String> out = new ArrayList<>();
                    array.forEach(n -> out.add(n.asText()));
                    return out;
                } catch (IOException e) {
                    throw new TrustPolicyInputException("--paths (TRUST_POLICY_LINT_PATHS): '" + t
                            + "' is not a JSON array. Fix: pass a comma-separated list or a JSON array of strings.");
                }
            }
            return Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Evaluate a trust policy for one token or claim set as IAM does for "
                    + "sts:AssumeRoleWithWebIdentity and say which statement and condition decided. "
                    + "Exit 0 allowed, 1 denied, 2 bad usage. The token is decoded locally and never printed.")
    static class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--policy", defaultValue = "${env:TRUST_POLICY_FILE}",
                description = "Policy file, any format lint reads (env TRUST_POLICY_FILE).")
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

        @Option(names = "--ref-type", defaultValue = "${env:TRUST_POLICY_REF_TYPE:-branch}",
                description = "ref_type claim: branch or tag (env TRUST_POLICY_REF_TYPE; default ${DEFAULT-VALUE}).")
        String refType;

        @Option(names = "--ref-protected", defaultValue = "${env:TRUST_POLICY_REF_PROTECTED_CLAIM:-false}",
                description = "ref_protected claim: true or false (env TRUST_POLICY_REF_PROTECTED_CLAIM; default ${DEFAULT-VALUE}).")
        String refProtected;

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

        @Option(names = "--aws-keys-only", defaultValue = "${env:TRUST_POLICY_AWS_KEYS_ONLY:-false}",
                description = "Model AWS's key set: for gitlab.com only sub, aud, project_id, namespace_id, user_*, "
                        + "ref_protected, pipeline_source, runner_environment; for other hosts only sub and aud. "
                        + "Default: every claim is readable as <host>:<claim> (env TRUST_POLICY_AWS_KEYS_ONLY).")
        boolean awsKeysOnly;

        @Override
        public Integer call() {
            if (policy == null) {
                throw new TrustPolicyInputException("--policy (TRUST_POLICY_FILE) is required. Fix: pass the trust policy file.");
            }
            List<PolicyDocument> docs = PolicySources.read(policy);
            PolicyDocument doc = pick(docs);
            ObjectNode claims = claims(doc);
            String iss = claims.path("iss").asText("");
            String host = iss.isEmpty() ? providerHost(doc) : GitLabKeys.hostOf(iss);
            ClaimSet claimSet = new ClaimSet(claims, host, awsKeysOnly);
            Decision decision = PolicyEvaluator.evaluate(doc.statements(), claimSet);
            PrintWriter out = spec.commandLine().getOut();
            out.println((decision.allowed() ? "ALLOWED" : "DENIED") + ": " + doc.file()
                    + (doc.label().isEmpty() ? "" : " (" + doc.label() + ")")
                    + (decision.decidedBy() != null ? " decided by " + decision.decidedBy()
                    : " no statement allows this token (implicit deny)"));
            out.println("token: " + summary(claims, host));
            decision.reasons().forEach(r -> out.println("- " + r));
            decision.notes().forEach(n -> out.println("note: " + n));
            out.flush();
            return decision.allowed() ? 0 : 1;
        }

        private PolicyDocument pick(List<PolicyDocument> docs) {
            if (docs.isEmpty()) throw new TrustPolicyInputException("--policy (TRUST_POLICY_FILE): " + policy + " holds no trust policy.");
            if (select != null && !select.isBlank()) {
                return docs.stream().filter(d -> d.label().equals(select) || d.label().endsWith("." + select))
                        .findFirst().orElseThrow(() -> new TrustPolicyInputException("--select (TRUST_POLICY_SELECT): '"
                                + select + "' not found. Fix: use one of " + docs.stream().map(PolicyDocument::label).toList()));
            }
            if (docs.size() > 1) {
                throw new TrustPolicyInputException("--policy (TRUST_POLICY_FILE): " + policy + " holds "
                        + docs.size() + " policies. Fix: pick one with --select, one of "
                        + docs.stream().map(PolicyDocument::label).toList());
            }
            return docs.get(0);
        }

        private ObjectNode claims(PolicyDocument doc) {
            ObjectMapper json = new ObjectMapper();
            int sources = (claimsFile != null ? 1 : 0) + (tokenEnv != null ? 1 : 0) + (tokenFile != null ? 1 : 0)
                    + (projectPath != null || sub != null ? 1 : 0);
            if (sources != 1) {
                throw new TrustPolicyInputException("give exactly one claim source: --claims FILE, --token-env NAME, "
                        + "--token-file FILE, or --project-path/--ref (or --sub) flags.");
            }
            if (claimsFile != null) {
                try {
                    JsonNode node = json.readTree(Files.readString(claimsFile));
                    if (node == null || !node.isObject()) throw new IOException("not a JSON object");
                    ObjectNode c = (ObjectNode) node;
                    // A claim set written by hand may leave out sub; GitLab's default is derived from the rest.
                    if (!c.has("sub") && c.has("project_path") && c.has("ref_type") && c.has("ref")) {
                        c.put("sub", "project_path:" + c.get("project_path").asText() + ":ref_type:"
                                + c.get("ref_type").asText() + ":ref:" + c.get("ref").asText());
                    }
                    return c;
                } catch (IOException e) {
                    throw new TrustPolicyInputException("--claims (TRUST_POLICY_CLAIMS_FILE): " + claimsFile
                            + " is not a JSON object of claims (" + e.getMessage() + ").", e);
                }
            }
            if (tokenEnv != null) {
                String token = System.getenv(tokenEnv);
                if (token == null || token.isBlank()) {
                    throw new TrustPolicyInputException("--token-env (TRUST_POLICY_TOKEN_ENV): variable " + tokenEnv
                            + " is empty or unset. Fix: name the variable of the job's id_tokens entry.");
                }
                return decodeClaims(token, "--token-env " + tokenEnv);
            }
            if (tokenFile != null) {
                try {
                    return decodeClaims(Files.readString(tokenFile), "--token-file " + tokenFile);
                } catch (IOException e) {
                    throw new TrustPolicyInputException("--token-file (TRUST_POLICY_TOKEN_FILE): cannot read "
                            + tokenFile + ".", e);
                }
            }
            ObjectNode c = json.createObjectNode();
            String type = refType.trim().toLowerCase(Locale.ROOT);
            if (!type.equals("branch") && !type.equals("tag")) {
                throw new TrustPolicyInputException("--ref-type (TRUST_POLICY_REF_TYPE): '" + refType
                        + "' is not branch or tag. Fix: pass --ref-type branch or --ref-type tag.");
            }
            if (sub == null && (projectPath == null || ref == null)) {
                throw new TrustPolicyInputException("--ref (TRUST_POLICY_REF) is required with --project-path "
                        + "unless --sub is given.");
            }
            c.put("iss", issuer != null ? issuer : "https://" + providerHost(doc));
            if (projectPath != null) {
                c.put("project_path", projectPath);
                c.put("namespace_path", projectPath.contains("/")
                        ? projectPath.substring(0, projectPath.lastIndexOf('/')) : projectPath);
            }
            if (ref != null) {
                c.put("ref", ref);
                c.put("ref_type", type);
                c.put("ref_path", (type.equals("branch") ? "refs/heads/" : "refs/tags/") + ref);
            }
            c.put("ref_protected", Boolean.parseBoolean(refProtected.trim()) ? "true" : "false");
            if (environment != null) c.put("environment", environment);
            c.put("aud", aud);
            if (projectId != null) c.put("project_id", projectId);
            if (namespaceId != null) c.put("namespace_id", namespaceId);
            for (String kv : extraClaims) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new TrustPolicyInputException("--claim: '" + kv + "' is not name=value.");
                }
                c.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            c.put("sub", sub != null ? sub : "project_path:" + projectPath + ":ref_type:" + type + ":ref:" + ref);
            return c;
        }

        private static String providerHost(PolicyDocument doc) {
            for (TrustStatement s : doc.statements()) {
                for (String f : s.federated()) {
                    var host = GitLabKeys.providerHost(f);
                    if (host.isPresent() && !host.get().contains("${")) return host.get();
                }
            }
            for (TrustStatement s : doc.statements()) {
                for (var c : s.conditions()) if (c.keyHost().contains(".") && !c.keyHost().contains("${")) return c.keyHost();
            }
            return GitLabKeys.GITLAB_COM;
        }

        private static String summary(ObjectNode claims, String host) {
            List<String> parts = new ArrayList<>();
            parts.add("provider=" + host);
            for (String k : List.of("iss", "aud", "sub", "project_path", "project_id", "ref", "ref_type",
                    "ref_protected", "environment", "namespace_id")) {
                JsonNode v = claims.get(k);
                if (v != null && !v.isNull()) parts.add(k + "=" + (v.isArray() ? v.toString() : v.asText()));
            }
            return String.join(" ", parts);
        }
    }

    private static List<String> clean(List<String> values) {
        if (values == null) return List.of();
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullIfBlank(String s) {
        return blank(s) ? null : s.trim();
    }

    /** The token's claims, decoded locally without its signature; the token itself is never echoed. */
    static ObjectNode decodeClaims(String token, String source) {
        try {
            return new ObjectMapper().valueToTree(lib.token.TokenClaims.decode(token).claims());
        } catch (lib.token.MalformedTokenException e) {
            throw new TrustPolicyInputException(source + ": not a JWT (" + e.getMessage() + "). "
                    + "Fix: pass the ID token GitLab put in the job's id_tokens variable.");
        }
    }
}
