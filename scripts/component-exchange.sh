#!/bin/sh
# The component's exchange, run by its before_script with the inputs exported (final) and
# AWS_OIDC_DIR made fresh. java_exchange decides: preferred runs the toolkit's Java exchange
# (run-fast.sh) when the image has a JDK 17+ that can run it, else writes a web_identity profile
# with the shell alone (web-identity-profile.sh); required fails in well under a second, saying what
# is missing and how to get it; never always takes the shell path.
set -u
here=${0%/*}
. "$here/find-jdk.sh"

shell_path() { # REASON: why the shell path runs, the start of its notice line
  AWS_OIDC_SHELL_PATH_REASON=$1
  export AWS_OIDC_SHELL_PATH_REASON
  exec sh "$here/web-identity-profile.sh"
}

java_missing() { # REASON: what the image lacks for the Java exchange
  if [ "$AWS_OIDC_JAVA_EXCHANGE" = required ]; then
    cat >&2 <<MESSAGE
aws-oidc: java_exchange is required, but this job's image has $1.
  Fix one of:
  - run the job in an image with a JDK 17 or newer, e.g. eclipse-temurin:21-jdk or amazoncorretto:21;
  - install one first: apk add openjdk21-jdk (Alpine), apt-get install -y openjdk-17-jdk-headless
    (Debian, Ubuntu), microdnf install -y java-21-openjdk-devel (UBI, Amazon Linux);
  - set the variable AWS_OIDC_JAVA_HOME to a JDK 17+ that the runner already has;
  - or set the input java_exchange: preferred, which writes a web_identity profile without Java.
MESSAGE
    exit 1
  fi
  shell_path "no usable Java 17+ in this image ($1)"
}

case $AWS_OIDC_JAVA_EXCHANGE in
  never) shell_path "java_exchange is never" ;;
  preferred | required) ;;
  *) echo "aws-oidc: java_exchange '$AWS_OIDC_JAVA_EXCHANGE' is not one of preferred, required, never" >&2; exit 2 ;;
esac
find_jdk
jdk_lacks
[ -z "$lack" ] || java_missing "$lack"
AWS_OIDC_JAVA_HOME=$java_home
[ "$AWS_OIDC_CREDENTIAL_MODE" = auto ] && AWS_OIDC_CREDENTIAL_MODE=static
export AWS_OIDC_JAVA_HOME AWS_OIDC_CREDENTIAL_MODE
sh "$here/run-fast.sh" "$here/AssumeRole.java"
status=$?
if [ $status -eq 3 ]; then
  jdk_lacks compile
  java_missing "$lack"
fi
exit $status
