#!/bin/sh
# Usage: sh java-toolkit.sh MAIN [ARGS...]
#
# Runs class MAIN of the toolkit jar this component version carries, on the image's own Java (a
# JRE 17+ is enough), with the Maven dependency jars it pins. Before the JVM starts, every jar is
# checked against its SHA-256 in the template: the toolkit jar (decoded from the template, in
# this job-private directory) and the dependency jars in the job's cache directory
# $CI_PROJECT_DIR/.aws-oidc-cache. A jar that is missing or does not match is removed and
# downloaded (JarFetch, from the toolkit jar itself) and checked again. Nothing else from the cache,
# a variable or HOME is run or read as an option: the command line is built here.
#
# Beside this file: toolkit.jar.b64 and toolkit.sha256 (the jar and its digest), jars.sha256 (the
# pinned dependency jars), find-java.sh and clean-env.sh. Environment: CI_PROJECT_DIR;
# AWS_OIDC_MAVEN_REPOSITORY (default Maven Central), AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT and
# AWS_OIDC_DOWNLOAD_TIMEOUT choose where missing jars come from, never what runs.
# Exit: MAIN's own status; 1 when the toolkit cannot be made ready (the reason on stderr).
set -u
here=${0%/*}
main=${1:?usage: java-toolkit.sh MAIN [ARGS...]}
shift
. "$here/clean-env.sh"
. "$here/find-java.sh"

fail() { printf 'aws-oidc: %s\n' "$1" >&2; exit 1; }

find_java || fail "this job's image has no usable Java 17+ ($lack). Fix: run the job in an image with Java 17 or newer (a JRE is enough), e.g. eclipse-temurin:21-jre or amazoncorretto:21, or install one in the image"

# A SHA-256 tool the image has, as "sum  file" lines.
if command -v sha256sum >/dev/null 2>&1; then sha256() { sha256sum -- "$@"; }
elif command -v shasum >/dev/null 2>&1; then sha256() { shasum -a 256 -- "$@"; }
elif command -v openssl >/dev/null 2>&1; then sha256() { openssl dgst -sha256 -r "$@" | sed 's/ \*/  /'; }
else fail "neither sha256sum, shasum nor openssl is installed, so the toolkit's jars cannot be checked. Fix: install coreutils (or busybox) in the image"
fi

# The toolkit jar, decoded from the template once per job into this 0700 directory.
jar=$here/toolkit.jar
IFS= read -r jar_sha256 <"$here/toolkit.sha256" || fail "the toolkit's digest is missing from $here"
if [ ! -f "$jar" ]; then
  if command -v base64 >/dev/null 2>&1; then base64 -d <"$here/toolkit.jar.b64" >"$jar.part"
  elif command -v openssl >/dev/null 2>&1; then openssl base64 -d -in "$here/toolkit.jar.b64" -out "$jar.part"
  else fail "neither base64 nor openssl is installed, so the toolkit jar carried by the template cannot be decoded. Fix: install coreutils (or busybox) in the image"
  fi || fail "could not decode the toolkit jar into $here"
  mv -f "$jar.part" "$jar" || exit 1
fi

# The dependency jars: a real directory inside the project (GitLab caches only there), never a link.
[ -n "${CI_PROJECT_DIR:-}" ] || fail "CI_PROJECT_DIR is not set, so the jar cache has no place: run this in a GitLab job"
cache=$CI_PROJECT_DIR/.aws-oidc-cache
if [ -L "$cache" ] || { [ -e "$cache" ] && [ ! -d "$cache" ]; }; then rm -rf "$cache"; fi
mkdir -p "$cache" || fail "cannot create the jar cache $cache"

newline='
'
check_jars() { # sets $classpath to the checked jars and $missing to the names to fetch; 1 when the toolkit jar is wrong
  set -- "$jar"
  while read -r want path; do
    name=${path##*/}
    [ -L "$cache/$name" ] && rm -f "$cache/$name"
    [ -f "$cache/$name" ] && set -- "$@" "$cache/$name"
  done <"$here/jars.sha256"
  sums=$newline$(sha256 "$@" 2>/dev/null)$newline
  classpath=$jar missing=""
  while read -r want path; do
    name=${path##*/}
    case $sums in
      *"$newline$want  $cache/$name$newline"*) classpath="$classpath:$cache/$name" ;;
      *) rm -f "$cache/$name" && missing="$missing $name" ;;
    esac
  done <"$here/jars.sha256"
  case $sums in *"$newline$jar_sha256  $jar$newline"*) return 0 ;; esac
  return 1
}

check_jars || { rm -f "$jar"; fail "the toolkit jar decoded from the template does not match its SHA-256 ($jar_sha256): the template was altered or the image's base64 is broken; nothing was run"; }
if [ -n "$missing" ]; then
  repository=${AWS_OIDC_MAVEN_REPOSITORY:-https://repo.maven.apache.org/maven2}
  # shellcheck disable=SC2086 # one argument per missing jar name (names have no spaces)
  "$java_bin" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=error:stderr \
    -cp "$jar" JarFetch "$repository" "$cache" "$here/jars.sha256" $missing || exit 1
  check_jars || fail "the toolkit jar changed while the job ran; nothing was run"
  [ -z "$missing" ] || fail "these jars still do not match their pinned SHA-256 after download:$missing; nothing was run"
fi

# C1 only and the serial collector: a short-lived process needs neither C2 nor GC threads. No
# bytecode verification of the class path (about 10% of the exchange): every class on it comes
# from a jar whose SHA-256 was just checked against the template; the JDK's own are verified as ever.
exec "$java_bin" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -Xlog:disable -Xlog:all=error:stderr \
  -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote \
  -cp "$classpath" "$main" "$@"
