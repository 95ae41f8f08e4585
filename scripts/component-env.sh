# Sourced by run-fast.sh in a component job, before anything runs with the token: clears what a
# CI/CD variable could use to steer the JVM, JBang, Maven or the STS endpoint. The settings the
# component itself exported (from its inputs and the runner's paths) are kept; every other
# AWS_OIDC_* and JBANG* variable goes, but the ID token's own.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS CLASSPATH MAVEN_OPTS MAVEN_ARGS \
  AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
aws_oidc_exported=$(export -p)
while IFS= read -r line; do
  line=${line#export }
  line=${line#declare -x }
  name=${line%%=*}
  case $name in *[!A-Za-z0-9_]* | "" | "$AWS_OIDC_TOKEN_VARIABLE") continue ;; esac
  case $name in
    AWS_OIDC_ROLE_ARN | AWS_OIDC_REGION | AWS_OIDC_AUDIENCE | AWS_OIDC_DURATION_SECONDS | AWS_OIDC_SESSION_NAME | \
      AWS_OIDC_PROFILE | AWS_OIDC_CREDENTIAL_MODE | AWS_OIDC_JAVA_EXCHANGE | AWS_OIDC_TOKEN_VARIABLE | \
      AWS_OIDC_STS_ENDPOINT | AWS_OIDC_COMPONENT_SHA | AWS_OIDC_ALLOWED_ACCOUNT_IDS | AWS_OIDC_POLICY_ARNS | \
      AWS_OIDC_SESSION_POLICY | AWS_OIDC_DIR | AWS_OIDC_JAVA_HOME | AWS_OIDC_LAUNCHER | AWS_OIDC_SCRIPT) ;;
    # Where JBang's jars come from and how long a download may take: every jar is checked against
    # a digest the template carries, so these choose a mirror, never what runs.
    AWS_OIDC_MAVEN_REPOSITORY | AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT | AWS_OIDC_DOWNLOAD_TIMEOUT | AWS_OIDC_JBANG_LOCK_WAIT) ;;
    AWS_OIDC_* | JBANG*) unset "$name" ;;
  esac
done <<AWS_OIDC_EXPORTED
$aws_oidc_exported
AWS_OIDC_EXPORTED
unset aws_oidc_exported
# The AWS SDK reads the region from AWS_REGION; the component's input is final.
AWS_REGION=$AWS_OIDC_REGION
export AWS_REGION
