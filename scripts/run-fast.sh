#!/bin/sh
# Usage: run-fast.sh SCRIPT.java [ARGS...]
#
# Runs a toolkit script with one plain `java` start instead of the JBang launcher. The first run
# goes through JBang (so the script's //DEPS stay the only truth) and then, in the background,
# builds a cache: the script's jars minus HTTP clients it never uses, and a class-data archive
# trained offline (AppCDS on Java 17-24, an AOT cache on Java 25+). The cache key covers the
# sources, the JDK and the flags, so a stale cache is never used; a broken one falls back to JBang.
#
# Environment: JBANG (launcher, default jbang), AWS_OIDC_JAVA_HOME or JAVA_HOME (the JDK for the
# cached runs; default: the newest found), AWS_OIDC_CACHE_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc), AWS_OIDC_FAST_PATH=false to always use JBang.
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
jbang=${JBANG:-jbang}
# How credential_process (credential_mode process) runs the toolkit again.
absolute "$0"
AWS_OIDC_LAUNCHER=$dir/${0##*/}
AWS_OIDC_SCRIPT=$sources/$name
export AWS_OIDC_LAUNCHER AWS_OIDC_SCRIPT
cache_root=${AWS_OIDC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc}

via_jbang() {
  exec "$jbang" --quiet "$script" "$@"
}

[ "${AWS_OIDC_FAST_PATH:-true}" = true ] || via_jbang "$@"

feature_of() { # the Java feature version in a JDK home's release file, in $feature (empty if none)
  feature=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) line=${line#JAVA_VERSION=\"} && feature=${line%%[!0-9]*} && return 0 ;; esac
  done <"$1/release"
}

# The JDK: AWS_OIDC_JAVA_HOME, else JAVA_HOME, else the newest of `java` on PATH and the JDKs in
# /usr/lib/jvm, since Java 25's AOT cache runs the exchange in about 60% of Java 17's time.
java_home=""
for chosen in "${AWS_OIDC_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
  [ -n "$chosen" ] && [ -x "$chosen/bin/java" ] && { java_home=$chosen; break; }
done
if [ -z "$java_home" ]; then
  newest=0
  on_path=$(command -v java 2>/dev/null) && on_path=$(readlink -f "$on_path") && java_home=${on_path%/bin/java} &&
    feature_of "$java_home" && newest=${feature:-0}
  for home in /usr/lib/jvm/*; do
    feature_of "$home"
    [ -n "$feature" ] && [ "$feature" -gt "$newest" ] && [ -x "$home/bin/java" ] && { java_home=$home; newest=$feature; }
  done
fi
[ -n "$java_home" ] || via_jbang "$@"
java_bin=$java_home/bin/java
feature_of "$java_home"
[ -n "$feature" ] && [ "$feature" -ge 17 ] || via_jbang "$@"

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
# The key: the JDK, the flags and every source file (globs sort by name; sources nest at most 4 deep).
key=$({ cat "$java_home/release" "$sources"/*.* "$sources"/*/*.* "$sources"/*/*/*.* "$sources"/*/*/*/*.* 2>/dev/null; echo "$java_bin $flags"; } | cksum)
key=${key% *}-${key#* }
cache="$cache_root/$main-$key"

train_in_background() {
  partial="$cache/$archive.$$"
  # Detached, silent, and promoted only when complete: a job that ends first just trains again next time.
  (
    "$java_bin" $flags "$record_archive$partial" "@$cache/classpath" "$main" --training-run="$endpoint_kind" >/dev/null 2>&1 &&
      [ -s "$partial" ] && mv -f "$partial" "$cache/$archive"
    rm -f "$partial" "$partial.config"
  ) </dev/null >/dev/null 2>&1 &
}

# Checksums catch a jar damaged on disk or by an interrupted cache restore (cksum: ~10 ms).
cache_intact() {
  [ -f "$cache/jars.cksum" ] && cksum "$cache"/lib/*.jar | cmp -s - "$cache/jars.cksum"
}

if cache_intact; then
  if [ -f "$cache/$archive" ]; then
    "$java_bin" $flags "$use_archive$cache/$archive" "@$cache/classpath" "$main" "$@"
  else
    "$java_bin" $flags "@$cache/classpath" "$main" "$@"
  fi
  status=$?
  # 0, 1 and 2 are the script's own answers; anything else (70 for an unexpected error, a JVM
  # that cannot start or load a class) means the cached build is suspect.
  if [ $status -le 2 ]; then
    [ -f "$cache/$archive" ] || [ "$main" != AssumeRole ] || train_in_background
    exit $status
  fi
  echo "aws-oidc: the cached build in $cache failed (exit $status); removing it and using JBang" >&2
  rm -rf "$cache"
  via_jbang "$@"
fi

[ -d "$cache" ] && { echo "aws-oidc: the cached build in $cache is damaged; rebuilding it" >&2; rm -rf "$cache"; }

# Builds the cache from what JBang built: its jars minus the unused HTTP clients, merged into one
# (lib/fastpath/MergeJars.java; separate jars where the JDK cannot run a source file), with checksums.
build_cache() {
  classpath=$("$jbang" --quiet info classpath "$1") || return 1
  merger=${1%/*}/lib/fastpath/MergeJars.java
  building="$cache.building.$$"
  mkdir -p "$building/lib" || return 1
  set --
  old_ifs=$IFS
  IFS=:
  for jar in $classpath; do
    case $jar in
      */apache-client/* | */apache5-client/* | */netty-nio-client/* | */org/apache/httpcomponents/* | */io/netty/*) continue ;;
    esac
    set -- "$@" "$jar"
  done
  IFS=$old_ifs
  if "$java_bin" "$merger" "$building/lib/app.jar" "$@" 2>/dev/null; then
    lean=$cache/lib/app.jar
  else
    rm -f "$building/lib/app.jar"
    lean=""
    for jar in "$@"; do
      cp "$jar" "$building/lib/" || { rm -rf "$building"; return 1; }
      lean="$lean:$cache/lib/${jar##*/}"
    done
    lean=${lean#:}
  fi
  printf -- '-cp "%s"\n' "$lean" >"$building/classpath"
  cksum "$building"/lib/*.jar | sed "s|$building/|$cache/|" >"$building/jars.cksum"
  # A parallel job may have built the same cache: keep the first one complete.
  mv "$building" "$cache" 2>/dev/null || rm -rf "$building"
}

# Cold: JBang builds and runs the script now; the cache (and its archive) is made afterwards in
# the background, off the job's critical path.
# C1 alone also compiles the script in ~60% of the time; nothing here uses annotation processors.
# The breadth-first collector fetches POMs in parallel when the Maven repository is empty.
JBANG_JAVA_OPTIONS=${JBANG_JAVA_OPTIONS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Daether.dependencyCollector.impl=bf}
export JBANG_JAVA_OPTIONS
"$jbang" --quiet run -C=-J-XX:TieredStopAtLevel=1 -C=-proc:none -R-XX:TieredStopAtLevel=1 -R-XX:+UseSerialGC "$script" "$@"
status=$?
if [ $status -le 2 ]; then
  # A copy of the sources: the job's after_script may remove them before the background ends
  # (JBang keys its build by content, so the copy finds the same build).
  copy="$cache.sources.$$"
  mkdir -p "$(dirname "$copy")" && cp -R "$sources" "$copy" && (
    build_cache "$copy/$name" && [ "$main" = AssumeRole ] && train_in_background
    rm -rf "$copy"
  ) </dev/null >/dev/null 2>&1 &
fi
exit $status
