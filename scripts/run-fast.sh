#!/bin/sh
# Usage: run-fast.sh SCRIPT.java [ARGS...]
#
# Runs a toolkit script with one plain `java` start instead of the JBang launcher. The first run
# goes through JBang (so the script's //DEPS stay the only truth) and then, in the background,
# builds a cache: the script's jars minus HTTP clients it never uses, and a class-data archive
# trained offline (AppCDS on Java 17-24, an AOT cache on Java 25+). The cache key covers the
# sources, the JDK and the flags, so a stale cache is never used; a broken one falls back to JBang.
#
# Environment: JBANG (launcher, default jbang), JAVA_HOME, AWS_OIDC_CACHE_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc), AWS_OIDC_FAST_PATH=false to always use JBang.
set -u
script=$1
shift
main=$(basename "$script" .java)
sources=$(cd "$(dirname "$script")" && pwd)
jbang=${JBANG:-jbang}
# How credential_process (credential_mode process) runs the toolkit again.
AWS_OIDC_LAUNCHER=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
AWS_OIDC_SCRIPT=$sources/$(basename "$script")
export AWS_OIDC_LAUNCHER AWS_OIDC_SCRIPT
cache_root=${AWS_OIDC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aws-oidc}

via_jbang() {
  exec "$jbang" --quiet "$script" "$@"
}

[ "${AWS_OIDC_FAST_PATH:-true}" = true ] || via_jbang "$@"
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -x "${java_bin:-}" ] || java_bin=$(command -v java 2>/dev/null) || via_jbang "$@"
java_home=$(dirname "$(dirname "$(readlink -f "$java_bin")")")
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)
case "$feature" in '' | *[!0-9]*) via_jbang "$@" ;; esac
[ "$feature" -ge 17 ] || via_jbang "$@"

# C1 only and the serial collector: a short-lived process needs neither C2 nor GC threads.
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -Xlog:disable -Xlog:all=error:stderr"
if [ "$feature" -ge 25 ]; then archive=app.aot; else archive=app.jsa; fi
key=$({ cat "$java_home/release"; echo "$java_bin $flags"; cd "$sources" && find . -type f \( -name '*.java' -o -name '*.sh' \) | LC_ALL=C sort | xargs cat; } | cksum | tr ' ' '-')
cache="$cache_root/$main-$key"

use_archive() {
  case $archive in
    app.aot) echo "-XX:AOTCache=$cache/app.aot" ;;
    *) echo "-XX:SharedArchiveFile=$cache/app.jsa" ;;
  esac
}

train_in_background() {
  partial="$cache/$archive.$$"
  case $archive in
    app.aot) record="-XX:AOTCacheOutput=$partial" ;;
    *) record="-XX:ArchiveClassesAtExit=$partial" ;;
  esac
  # Detached, silent, and promoted only when complete: a job that ends first just trains again next time.
  (
    "$java_bin" $flags $record "@$cache/classpath" "$main" --training-run >/dev/null 2>&1 &&
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
    "$java_bin" $flags $(use_archive) "@$cache/classpath" "$main" "$@"
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

# Builds the cache from what JBang built: its jars minus the unused HTTP clients, with checksums.
build_cache() {
  classpath=$("$jbang" --quiet info classpath "$1") || return 1
  building="$cache.building.$$"
  mkdir -p "$building/lib" || return 1
  lean=""
  old_ifs=$IFS
  IFS=:
  for jar in $classpath; do
    case $jar in
      */apache-client/* | */apache5-client/* | */netty-nio-client/* | */org/apache/httpcomponents/* | */io/netty/*) continue ;;
    esac
    cp "$jar" "$building/lib/" || { IFS=$old_ifs; rm -rf "$building"; return 1; }
    lean="$lean:$cache/lib/$(basename "$jar")"
  done
  IFS=$old_ifs
  printf -- '-cp "%s"\n' "${lean#:}" >"$building/classpath"
  cksum "$building"/lib/*.jar | sed "s|$building/|$cache/|" >"$building/jars.cksum"
  # A parallel job may have built the same cache: keep the first one complete.
  mv "$building" "$cache" 2>/dev/null || rm -rf "$building"
}

# Cold: JBang builds and runs the script now; the cache (and its archive) is made afterwards in
# the background, off the job's critical path.
JBANG_JAVA_OPTIONS=${JBANG_JAVA_OPTIONS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
export JBANG_JAVA_OPTIONS
"$jbang" --quiet run -R-XX:TieredStopAtLevel=1 -R-XX:+UseSerialGC "$script" "$@"
status=$?
if [ $status -le 2 ]; then
  # A copy of the sources: the job's after_script may remove them before the background ends
  # (JBang keys its build by content, so the copy finds the same build).
  copy="$cache.sources.$$"
  mkdir -p "$(dirname "$copy")" && cp -R "$sources" "$copy" && (
    build_cache "$copy/$(basename "$script")" && [ "$main" = AssumeRole ] && train_in_background
    rm -rf "$copy"
  ) </dev/null >/dev/null 2>&1 &
fi
exit $status
