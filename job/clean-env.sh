# shellcheck shell=sh
# Sourced by java-toolkit.sh before the JVM starts: clears what a CI/CD variable could use to steer
# the JVM, the dynamic linker, the SDK's STS endpoint, the CAs the exchange trusts (the ca_bundle
# input is AWS_OIDC_CA_BUNDLE) or the toolkit. The settings the component
# exported itself (from its inputs and the runner's paths) are kept; every other AWS_OIDC_*
# variable goes, but the ID token's own.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS CLASSPATH LD_PRELOAD LD_LIBRARY_PATH LD_AUDIT \
  AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_USE_FIPS_ENDPOINT \
  AWS_USE_DUALSTACK_ENDPOINT AWS_STS_REGIONAL_ENDPOINTS AWS_CA_BUNDLE
aws_oidc_exported=$(export -p)
while IFS= read -r line; do
  line=${line#export }
  line=${line#declare -x }
  name=${line%%=*}
  case $name in *[!A-Za-z0-9_]* | "" | "${AWS_OIDC_TOKEN_VARIABLE:-AWS_OIDC_TOKEN}") continue ;; esac
  case $name in
    AWS_OIDC_ROLE_ARN | AWS_OIDC_REGION | AWS_OIDC_AUDIENCE | AWS_OIDC_DURATION_SECONDS | AWS_OIDC_SESSION_NAME | \
      AWS_OIDC_PROFILE | AWS_OIDC_CREDENTIAL_MODE | AWS_OIDC_JAVA_EXCHANGE | AWS_OIDC_TOKEN_VARIABLE | \
      AWS_OIDC_STS_ENDPOINT | AWS_OIDC_COMPONENT_SHA | AWS_OIDC_ALLOWED_ACCOUNT_IDS | AWS_OIDC_POLICY_ARNS | \
      AWS_OIDC_SESSION_POLICY | AWS_OIDC_DIR | AWS_OIDC_LAUNCHER | AWS_OIDC_CA_BUNDLE | AWS_OIDC_CA_BUNDLE_INPUT | \
      AWS_OIDC_USE_FIPS_ENDPOINT | AWS_OIDC_USE_DUALSTACK_ENDPOINT) ;;
    # Where missing jars come from and how long a download may take: every jar is checked against
    # a digest the template carries, so these choose a mirror, never what runs.
    AWS_OIDC_MAVEN_REPOSITORY | AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT | AWS_OIDC_DOWNLOAD_TIMEOUT) ;;
    AWS_OIDC_*) unset "$name" ;;
  esac
done <<AWS_OIDC_EXPORTED
$aws_oidc_exported
AWS_OIDC_EXPORTED
unset aws_oidc_exported
# The AWS SDK reads the region from AWS_REGION; the component's input is final.
[ -z "${AWS_OIDC_REGION:-}" ] || { AWS_REGION=$AWS_OIDC_REGION && export AWS_REGION; }
