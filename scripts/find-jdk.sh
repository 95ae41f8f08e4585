# Sourced by run-fast.sh and component-exchange.sh: finds the JDK to run the toolkit with.
# find_jdk sets java_home and feature (its Java feature version, empty if unknown), or leaves
# java_home empty; found describes what was seen, for a message that says what is missing.
# Shell built-ins only where a process would do: each fork costs a job ~3 ms.

feature_of() { # the Java feature version in a JDK home's release file, in $feature (empty if none)
  feature=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) line=${line#JAVA_VERSION=\"} && feature=${line%%[!0-9]*} && return 0 ;; esac
  done <"$1/release"
}

# A JDK inside the builds directory could have been put there by another job: never run one.
inside_builds() {
  for builds in "${CI_PROJECT_DIR:-}" "${CI_PROJECT_DIR:+${CI_PROJECT_DIR%/}.tmp}" "${CI_BUILDS_DIR:-}"; do
    [ -n "$builds" ] || continue
    case $1/ in "${builds%/}"/*) return 0 ;; esac
  done
  return 1
}

# AWS_OIDC_JAVA_HOME, else JAVA_HOME, else the newest of `java` on PATH and the JDKs in /usr/lib/jvm
# and /opt/java, since Java 25's AOT cache runs the exchange in about 60% of Java 17's time.
find_jdk() {
  java_home="" found=""
  for chosen in "${AWS_OIDC_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$chosen" ] || continue
    if inside_builds "$chosen"; then
      found="$found${found:+; }$chosen (inside the builds directory: ignored)"
    elif [ -x "$chosen/bin/java" ]; then
      java_home=$chosen
      feature_of "$java_home"
      return 0
    else
      found="$found${found:+; }$chosen (no bin/java)"
    fi
  done
  newest=0 feature=""
  if on_path=$(command -v java 2>/dev/null) && [ -n "$on_path" ]; then
    on_path=$(readlink -f "$on_path" 2>/dev/null || echo "$on_path")
    candidate=${on_path%/bin/java}
    if ! inside_builds "$candidate"; then
      java_home=$candidate
      feature_of "$java_home"
      newest=${feature:-0}
    fi
  fi
  for home in /usr/lib/jvm/* /opt/java/*; do
    feature_of "$home"
    [ -n "$feature" ] && [ "$feature" -gt "$newest" ] && [ -x "$home/bin/java" ] && { java_home=$home; newest=$feature; }
  done
  feature=""
  [ -n "$java_home" ] && feature_of "$java_home"
  return 0
}

# What a JDK found lacks for the toolkit, in $lack (empty when it can compile and run it).
jdk_lacks() {
  lack=""
  if [ -z "$java_home" ]; then
    lack="no java"
  elif [ -z "$feature" ]; then
    lack="java at $java_home without a release file (its version is unknown)"
  elif [ "$feature" -lt 17 ]; then
    lack="Java $feature at $java_home (17 or newer is needed)"
  elif [ "${1:-}" = compile ] && [ ! -x "$java_home/bin/javac" ]; then
    lack="a Java $feature runtime without javac at $java_home (a JDK is needed to build the toolkit once)"
  fi
  [ -n "$lack" ] && [ -n "$found" ] && lack="$lack; also seen: $found"
  return 0
}
