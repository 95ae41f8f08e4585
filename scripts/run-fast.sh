#!/bin/sh
# Usage: run-fast.sh SCRIPT.java [ARGS...]
#
# Runs a toolkit script with one plain `java` start instead of the JBang launcher. When cold, JBang
# resolves and compiles the script (its //DEPS stay the only truth), every Maven jar is checked
# against the SHA-256 in lib/fastpath/jars.sha256, and the script runs from those jars; then, in the
# background, a cache is built: the jars minus HTTP clients never used, merged into one, and a
# class-data archive trained offline (AppCDS on Java 17-24, an AOT cache on Java 25+). The launcher
# builds every java command line itself: nothing in the cache is read as an option or a path.
# A cached build that fails to start is removed and built again.
#
# Exit codes: the script's own (0, 1, 2), or 3 when no JDK here can build the script (the reason on
# stderr, unless run by the component, which says it itself).
#
# Environment: JBANG (launcher, default jbang), AWS_OIDC_JAVA_HOME or JAVA_HOME (the JDK; default:
# the newest found), AWS_OIDC_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc),
# AWS_OIDC_FAST_PATH=false to always use JBang. In a component job (AWS_OIDC_COMPONENT_SHA set) none
# of these is read from the environment: CI/CD variables must not choose what runs with the token.
set -u
# Parameter expansions and shell built-ins where a process would do: each fork costs a job ~3 ms.
absolute() { # the absolute directory of a path's parent, in $dir
  case $1 in */*) dir=${1%/*} ;; *) dir=. ;; esac
  case $dir in /*) ;; *) dir=$(cd "$dir" && pwd) ;; esac
}
script=$1
shift
name=${script##*/}
main=${name%.java}
absolute "$script"
sources=$dir
absolute "$0"
here=$dir
. "$here/find-jdk.sh"
# How credential_process (credential_mode process) runs the toolkit again.
AWS_OIDC_LAUNCHER=$here/${0##*/}
AWS_OIDC_SCRIPT=$sources/$name
export AWS_OIDC_LAUNCHER AWS_OIDC_SCRIPT

if [ -n "${AWS_OIDC_COMPONENT_SHA:-}" ]; then
  . "$here/component-env.sh"
  jbang=$here/jbang-or-install.sh
  # The shared cache only where GitLab restores it; elsewhere a job-private one.
  if [ "${CI_PROJECT_DIR:-}" = "$PWD" ] && [ -n "$PWD" ]; then cache_root=$PWD/.aws-oidc-cache; else cache_root=$AWS_OIDC_DIR/cache; fi
else
  jbang=${JBANG:-jbang}
  cache_root=${AWS_OIDC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc}
  [ "${AWS_OIDC_FAST_PATH:-true}" = true ] || exec "$jbang" --quiet "$script" "$@"
fi

find_jdk
jdk_lacks
if [ -n "$lack" ]; then
  [ -n "${AWS_OIDC_COMPONENT_SHA:-}" ] || echo "aws-oidc: cannot run $name: $lack. Install a JDK 17+ or set AWS_OIDC_JAVA_HOME." >&2
  exit 3
fi
java_bin=$java_home/bin/java

# C1 only and the serial collector: a short-lived process needs neither C2 nor GC threads.
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -Xlog:disable -Xlog:all=error:stderr"
# One archive per kind of STS endpoint: TLS classes cost a plain-http run (emulators, tests) ~20 ms
# to preload, and save an https run (AWS itself) ~60 ms. Only the exchange is trained.
case ${AWS_OIDC_STS_ENDPOINT:-} in [Hh][Tt][Tt][Pp]://*) endpoint_kind=http ;; *) endpoint_kind=tls ;; esac
if [ "$feature" -ge 25 ]; then
  archive=app-$endpoint_kind.aot use_archive=-XX:AOTCache= record_archive=-XX:AOTCacheOutput=
else
  archive=app-$endpoint_kind.jsa use_archive=-XX:SharedArchiveFile= record_archive=-XX:ArchiveClassesAtExit=
fi

runtime_version() { # the JDK's full runtime version from its release file, in $runtime
  runtime=""
  while IFS= read -r line; do
    case $line in JAVA_RUNTIME_VERSION=*) line=${line#*=\"} && runtime=${line%\"} && return 0 ;; esac
  done <"$java_home/release"
}

digest() { # a digest of stdin with whichever tool the image has; fails when it has none
  for tool in cksum sha256sum md5sum "shasum -a 256"; do
    command -v "${tool%% *}" >/dev/null 2>&1 || continue
    set -- $($tool)
    printf '%s' "$1"
    return 0
  done
  return 1
}

# The key: in a component job, its commit (the sources are the template's) and the JDK; elsewhere a
# digest of the sources, the JDK and the flags (globs sort by name; sources nest at most 4 deep).
runtime_version
case $runtime in *[!A-Za-z0-9.+_-]* | "") runtime="" ;; esac
if [ -n "${AWS_OIDC_COMPONENT_SHA:-}" ] && [ -n "$runtime" ]; then
  key=$AWS_OIDC_COMPONENT_SHA-$runtime
elif key=$({ cat "$java_home/release" "$sources"/*.* "$sources"/*/*.* "$sources"/*/*/*.* "$sources"/*/*/*/*.* 2>/dev/null; echo "$java_bin $flags"; } | digest); then
  :
else
  key=""
fi
cache=""
[ -n "$key" ] && cache="$cache_root/$main-$key"

# The script runs with -Daws.oidc.launched, so it adds 100 to its own exit codes: anything else
# (a JVM that cannot start, a class that cannot load) means the build it ran from is suspect.
launch() { # CLASSPATH ARGS...; the script's own exit code in $status, or 99 when the JVM failed
  classpath=$1
  shift
  "$java_bin" $flags ${archive_flag:-} -Daws.oidc.launched=true -cp "$classpath" "$main" "$@"
  status=$?
  case $status in 100 | 101 | 102) status=$((status - 100)) ;; *) status=99 ;; esac
}

train_in_background() {
  partial="$cache/$archive.$$"
  # Detached, silent, and promoted only when complete: a job that ends first just trains again next time.
  (
    "$java_bin" $flags "$record_archive$partial" -cp "$cache/lib/app.jar" "$main" --training-run="$endpoint_kind" >/dev/null 2>&1 &&
      [ -s "$partial" ] && mv -f "$partial" "$cache/$archive"
    rm -f "$partial" "$partial.config"
  ) </dev/null >/dev/null 2>&1 &
}

if [ -n "$cache" ] && [ -f "$cache/lib/app.jar" ] && [ ! -L "$cache" ]; then
  archive_flag=""
  [ -f "$cache/$archive" ] && archive_flag=$use_archive$cache/$archive
  launch "$cache/lib/app.jar" "$@"
  if [ $status -ne 99 ]; then
    [ -f "$cache/$archive" ] || [ "$main" != AssumeRole ] || train_in_background
    exit $status
  fi
  echo "aws-oidc: the cached build in $cache failed to start; removing it and building again" >&2
fi
[ -n "$cache" ] && [ -e "$cache" ] && rm -rf "$cache"

# Cold: JBang resolves the //DEPS, every jar is checked, javac compiles the //SOURCES (fresh, from
# the script's own directory) and the script runs at once. The cache is built afterwards, in the
# background, off the job's critical path.
jdk_lacks compile
if [ -n "$lack" ]; then
  [ -n "${AWS_OIDC_COMPONENT_SHA:-}" ] || echo "aws-oidc: cannot build $name: $lack. Install a JDK 17+ or set AWS_OIDC_JAVA_HOME." >&2
  exit 3
fi
# The breadth-first collector fetches POMs in parallel when the Maven repository is empty.
deps=$(JBANG_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Daether.dependencyCollector.impl=bf" \
  JAVA_HOME=$java_home "$jbang" --quiet info classpath --deps-only "$script") ||
  { echo "aws-oidc: JBang could not resolve the dependencies of $script" >&2; exit 1; }
. "$here/lib/fastpath/verify-jars.sh"
lean_classpath "$deps" "$here/lib/fastpath/jars.sha256" || exit 1
# Builds left by jobs that ended before promoting theirs; a running one is left to finish.
for stale in "$cache".building.*; do
  [ -n "$cache" ] && [ -d "$stale" ] && ! kill -0 "${stale##*.}" 2>/dev/null && rm -rf "$stale"
done
if [ -n "$cache" ]; then building="$cache.building.$$"; else building=$(mktemp -d) || exit 1; fi
rm -rf "$building" && mkdir -p "$building/classes" || exit 1
# The sources: the script and its //SOURCES globs, one a line (globs expand here, relative to it).
newline='
'
files=$script
patterns=$(while IFS= read -r line; do
  case $line in "//SOURCES "*) echo "${line#//SOURCES }" ;; "import "* | "public "*) break ;; esac
done <"$script")
for pattern in $patterns; do
  for file in "$sources"/$pattern; do files="$files$newline$file"; done
done
# C1 alone compiles in ~60% of the time; nothing here uses annotation processors.
old_ifs=$IFS IFS=$newline
set -f
"$java_home/bin/javac" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -proc:none -nowarn -encoding UTF-8 \
  -d "$building/classes" -cp "$lean" $files >&2 || { IFS=$old_ifs; rm -rf "$building"; echo "aws-oidc: javac could not compile $script" >&2; exit 1; }
IFS=$old_ifs
set +f
archive_flag=""
launch "$building/classes:$lean" "$@"
if [ $status -eq 99 ]; then rm -rf "$building"; echo "aws-oidc: $name did not start from the classes just compiled" >&2; exit 1; fi
if [ $status -gt 2 ] || [ -z "$cache" ]; then rm -rf "$building"; exit $status; fi
# Merged in the background from what was just checked and compiled (a job's cleanup may remove the
# sources meanwhile: the merger is copied first), promoted whole, the first complete one wins.
mkdir -p "$building/merger/lib/fastpath" && cp "$here/lib/fastpath/MergeJars.java" "$building/merger/lib/fastpath/" && (
  old_ifs=$IFS IFS=:
  set -f
  set -- $lean
  IFS=$old_ifs
  "$java_bin" "$building/merger/lib/fastpath/MergeJars.java" "$building/app.jar" "$building/classes" "$@" &&
    mkdir -p "$building/lib" && mv "$building/app.jar" "$building/lib/app.jar" &&
    rm -rf "$building/merger" "$building/classes" && [ ! -e "$cache" ] && mv "$building" "$cache" &&
    [ ! -e "$cache/${building##*/}" ] && [ "$main" = AssumeRole ] && train_in_background
  rm -rf "$building" "$cache/${building##*/}"
) </dev/null >/dev/null 2>&1 &
exit $status
