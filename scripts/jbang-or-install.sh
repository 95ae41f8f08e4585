#!/bin/sh
# Runs JBang, first installing the pinned JBang release into $AWS_OIDC_DIR when the job has none.
# Set AWS_OIDC_JBANG_URL to a mirror of that file where the runner has no internet access.
set -u
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
