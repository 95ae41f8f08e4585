#!/bin/sh
# The component's exchange, run by its before_script with the inputs exported (final) and
# AWS_OIDC_DIR made fresh. java_exchange decides: preferred runs the toolkit's Java exchange when
# the image has a Java 17+ runtime (a JRE is enough), else writes a web_identity profile with the
# shell alone (web-identity-profile.sh); required fails at once without one, saying what to
# install; never always takes the shell path. credential_mode auto is static on the Java path and
# web_identity on the shell path.
set -u
here=${0%/*}
. "$here/find-java.sh"
. "$here/ca-bundle.sh"

shell_path() { # REASON: why the shell path runs, the start of its notice line
  AWS_OIDC_SHELL_PATH_REASON=$1
  export AWS_OIDC_SHELL_PATH_REASON
  exec sh "$here/web-identity-profile.sh"
}

case $AWS_OIDC_JAVA_EXCHANGE in
  never) shell_path "java_exchange is never" ;;
  preferred | required) ;;
  *) echo "aws-oidc: input java_exchange \"$AWS_OIDC_JAVA_EXCHANGE\" is not one of preferred, required, never" >&2; exit 2 ;;
esac
has() { command -v "$1" >/dev/null 2>&1; }
if ! find_java; then :
elif ! has base64 && ! has openssl; then lack="no base64 (nor openssl) to decode the toolkit jar"
elif ! has sha256sum && ! has shasum && ! has openssl; then lack="no sha256sum (nor shasum, openssl) to check the toolkit's jars"
fi
if [ -n "$lack" ]; then
  if [ "$AWS_OIDC_JAVA_EXCHANGE" = required ]; then
    cat >&2 <<MESSAGE
aws-oidc: input java_exchange is required, but this job's image has $lack.
  Fix one of:
  - run the job in an image with Java 17 or newer (a JRE is enough), e.g. eclipse-temurin:21-jre or amazoncorretto:21;
  - install one first: apk add openjdk21-jre-headless (Alpine), apt-get install -y openjdk-17-jre-headless
    (Debian, Ubuntu), microdnf install -y java-21-openjdk-headless (UBI, Amazon Linux);
  - or set the input java_exchange: preferred, which writes a web_identity profile without Java.
MESSAGE
    exit 1
  fi
  shell_path "no usable Java 17+ in this image ($lack)"
fi
[ "$AWS_OIDC_CREDENTIAL_MODE" = auto ] && AWS_OIDC_CREDENTIAL_MODE=static
# credential_process (process mode) runs the toolkit again through the same launcher.
AWS_OIDC_LAUNCHER=$here/java-toolkit.sh
export AWS_OIDC_CREDENTIAL_MODE AWS_OIDC_LAUNCHER
exec sh "$here/java-toolkit.sh" AssumeRole
