#!/bin/sh
# Runs JBang: the one on PATH, or ~/.jbang/bin/jbang, or else a pinned JBang installed into the
# job's $AWS_OIDC_DIR first: from Maven Central (or the mirror in the runner's Maven settings)
# when `mvn` is available, else the JBang release archive. Set AWS_OIDC_JBANG_URL to a mirror of
# that archive where the runner reaches neither.
set -u
if command -v jbang >/dev/null 2>&1; then exec jbang "$@"; fi
if [ -x "$HOME/.jbang/bin/jbang" ]; then exec "$HOME/.jbang/bin/jbang" "$@"; fi
version=${AWS_OIDC_JBANG_VERSION:-0.132.1}
home="${AWS_OIDC_DIR:?}/jbang-$version"

from_maven() {
  mkdir -p "$home/lib" && cat >"$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>jbang-install</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$version</version></dependency></dependencies>
</project>
POM
  mvn -q -B -f "$home/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$home/lib" >&2
}

from_release() {
  url=${AWS_OIDC_JBANG_URL:-https://github.com/jbangdev/jbang/releases/download/v$version/jbang-$version.tar}
  echo "aws-oidc: installing $url" >&2
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL "$url" -o "$AWS_OIDC_DIR/jbang.tar"
  else
    wget -q -O "$AWS_OIDC_DIR/jbang.tar" "$url"
  fi && tar -xf "$AWS_OIDC_DIR/jbang.tar" -C "$AWS_OIDC_DIR"
}

if [ ! -x "$home/bin/jbang" ] && [ ! -d "$home/lib" ]; then
  echo "aws-oidc: JBang not found (set JBANG or put jbang on PATH); installing JBang $version" >&2
  if command -v mvn >/dev/null 2>&1 && from_maven; then :; else rm -rf "$home/lib"; from_release || exit 1; fi
fi
[ -x "$home/bin/jbang" ] && exec "$home/bin/jbang" "$@"
# JBang's own launcher protocol: dev.jbang.Main prints the command to run and exits 255.
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -x "${java_bin:-}" ] || java_bin=java
output=$("$java_bin" -classpath "$home/lib/*" dev.jbang.Main "$@")
status=$?
if [ $status -eq 255 ]; then eval "exec $output"; fi
[ -n "$output" ] && printf '%s\n' "$output"
exit $status
