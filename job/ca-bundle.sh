# shellcheck shell=sh
# Sourced by assume-role.sh: the ca_bundle input, a path inside the project or $NAME of a CI/CD
# file variable, checked and copied (0600) into the job-private directory, whose copy the exchange,
# the up-front check and the profile (ca_bundle) use. Sets AWS_OIDC_CA_BUNDLE (empty without one);
# exits 2 naming the input when it cannot be used.
ca_bundle_bad() {
  printf 'aws-oidc: input ca_bundle "%s": %s. Fix: %s\n' "$AWS_OIDC_CA_BUNDLE_INPUT" "$1" "$2" >&2
  exit 2
}

AWS_OIDC_CA_BUNDLE=""
case ${AWS_OIDC_CA_BUNDLE_INPUT:-} in
  '') ;;
  \$*)
    ca_variable=${AWS_OIDC_CA_BUNDLE_INPUT#\$}
    eval "ca_file=\${$ca_variable:-}"
    [ -n "$ca_file" ] || ca_bundle_bad "the variable $ca_variable is not set" \
      "define $ca_variable as a CI/CD variable of type File holding the PEM certificates"
    [ -f "$ca_file" ] || ca_bundle_bad "the variable $ca_variable does not name a file" \
      "make $ca_variable a CI/CD variable of type File (GitLab then writes its value to a file)" ;;
  *)
    case /$AWS_OIDC_CA_BUNDLE_INPUT/ in */../* | */./* | *//*) ca_bundle_bad "is not a plain path inside the project" \
      "name the PEM file relative to the project directory, without . or .. parts, e.g. certs/corporate-ca.pem" ;; esac
    ca_file=$CI_PROJECT_DIR/$AWS_OIDC_CA_BUNDLE_INPUT
    [ -f "$ca_file" ] || ca_bundle_bad "no such file in the project" "commit the PEM file at that path, or fix the path"
    case $(readlink -f -- "$ca_file" 2>/dev/null)/ in "$(cd -P -- "$CI_PROJECT_DIR" && pwd -P)"/*) ;;
      *) ca_bundle_bad "leads out of the project directory (a symbolic link)" "commit the PEM file itself, not a link to it" ;;
    esac ;;
esac
if [ -n "${ca_file:-}" ]; then
  AWS_OIDC_CA_BUNDLE=$AWS_OIDC_DIR/ca-bundle.pem
  rm -f "$AWS_OIDC_CA_BUNDLE" && (umask 077 && set -C && cat -- "$ca_file" >"$AWS_OIDC_CA_BUNDLE") ||
    { echo "aws-oidc: could not copy the ca_bundle into $AWS_OIDC_DIR" >&2; exit 1; }
fi
export AWS_OIDC_CA_BUNDLE
