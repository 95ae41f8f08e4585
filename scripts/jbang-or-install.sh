#!/bin/sh
# Runs JBang: the one on PATH, or ~/.jbang/bin/jbang, or else the pinned JBang release, installed
# into the job's $AWS_OIDC_DIR first. Set AWS_OIDC_JBANG_URL to a mirror of that release file
# where the runner has no internet access.
set -u
if command -v jbang >/dev/null 2>&1; then exec jbang "$@"; fi
if [ -x "$HOME/.jbang/bin/jbang" ]; then exec "$HOME/.jbang/bin/jbang" "$@"; fi
version=${AWS_OIDC_JBANG_VERSION:-0.132.1}
home="${AWS_OIDC_DIR:?}/jbang-$version"
if [ ! -x "$home/bin/jbang" ]; then
  url=${AWS_OIDC_JBANG_URL:-https://github.com/jbangdev/jbang/releases/download/v$version/jbang-$version.tar}
  echo "aws-oidc: JBang not found (set JBANG or put jbang on PATH); installing $url" >&2
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL "$url" -o "$AWS_OIDC_DIR/jbang.tar"
  else
    wget -q -O "$AWS_OIDC_DIR/jbang.tar" "$url"
  fi || exit 1
  tar -xf "$AWS_OIDC_DIR/jbang.tar" -C "$AWS_OIDC_DIR" || exit 1
fi
exec "$home/bin/jbang" "$@"
