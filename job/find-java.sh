# shellcheck shell=sh disable=SC2034 # sets java_bin and lack for the script that sources it
# Sourced by the component's job scripts: finds the image's own Java runtime (a JRE is enough).
# find_java sets java_bin (canonical path of bin/java, empty when none is usable) and lack (why
# not, for a message). Where it looks: JAVA_HOME, `java` on PATH, then the standard JDK homes.
# Never a java under the builds directory, the job's .tmp directory, HOME or a temporary directory:
# an earlier job or a cache can write there. Paths are canonical (links resolved) before any check.

canonical() { # the canonical path of an existing file, in $canonical (empty when it cannot be resolved)
  canonical=$(readlink -f -- "$1" 2>/dev/null) || canonical=""
  if [ -z "$canonical" ] && [ -e "$1" ]; then
    canonical=$(cd -P -- "${1%/*}" 2>/dev/null && printf '%s/%s' "$(pwd -P)" "${1##*/}") || canonical=""
  fi
}

writable_by_jobs() { # is canonical path $1 somewhere a job, a cache or an earlier job could have written?
  for place in "${CI_BUILDS_DIR:-}" "${CI_PROJECT_DIR:-}" "${CI_PROJECT_DIR:+${CI_PROJECT_DIR%/}.tmp}" "${HOME:-}" /tmp /var/tmp /dev/shm; do
    [ -n "$place" ] && [ "$place" != / ] || continue
    resolved=$(cd -P -- "$place" 2>/dev/null && pwd -P) || resolved=$place
    case $1/ in "${place%/}"/* | "${resolved%/}"/*) return 0 ;; esac
  done
  return 1
}

java_feature() { # the Java feature version of the runtime at home $1 (its release file), in $feature
  feature=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) line=${line#JAVA_VERSION=\"} && feature=${line%%[!0-9]*} && return 0 ;; esac
  done <"$1/release"
}

consider() { # a candidate bin/java; sets java_bin when it is usable, else adds to $lack
  canonical "$1"
  [ -n "$canonical" ] && [ -x "$canonical" ] || return 1
  if writable_by_jobs "$canonical"; then
    lack="$lack${lack:+; }$canonical is inside the builds directory, HOME or a temporary directory (ignored)"
    return 1
  fi
  java_feature "${canonical%/bin/java}"
  if [ -n "$feature" ] && [ "$feature" -lt 17 ]; then
    lack="$lack${lack:+; }Java $feature at ${canonical%/bin/java} (17 or newer is needed)"
    return 1
  fi
  java_bin=$canonical lack=""
}

find_java() {
  java_bin="" lack=""
  [ -n "${JAVA_HOME:-}" ] && consider "$JAVA_HOME/bin/java" && return 0
  on_path=$(command -v java 2>/dev/null) && [ -n "$on_path" ] && consider "$on_path" && return 0
  for home in /opt/java/openjdk /usr/lib/jvm/* /usr/local/openjdk-* /usr/java/*; do
    [ -x "$home/bin/java" ] && consider "$home/bin/java" && return 0
  done
  lack=${lack:-no java on PATH, in JAVA_HOME or in the standard JDK directories}
  return 1
}
