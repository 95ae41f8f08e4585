# shellcheck shell=sh disable=SC2154 # region, token_variable and audience_for_advice come from web-identity-profile.sh
# Sourced by web-identity-profile.sh: one exchange up front, with curl or wget, so that a refused
# role, a wrong audience or an unreachable STS fails in the before_script (not in the job's first
# AWS call), and so that allowed_account_ids is checked without Java. The credentials STS returns
# stay in this shell's memory and are dropped: the AWS tools exchange again through the profile.
#
# sts_check URL ROLE_ARN SESSION_NAME TOKEN WORK_DIR: returns 0 and sets $assumed_account when
# STS answered with credentials; 3 when neither curl nor GNU wget is installed; 2 when the client
# could not run (said on stderr); exits 1 with the error and advice otherwise. The request body (it holds the token) is a 0600 file in WORK_DIR,
# never a command-line argument.

form_encode() { # $1 for an application/x-www-form-urlencoded body, in $encoded
  rest=$1 encoded=""
  while [ -n "$rest" ]; do
    tail=${rest#?}
    char=${rest%"$tail"}
    case $char in
      [A-Za-z0-9._~-]) encoded=$encoded$char ;;
      :) encoded=$encoded%3A ;; /) encoded=$encoded%2F ;; +) encoded=$encoded%2B ;; =) encoded=$encoded%3D ;;
      ,) encoded=$encoded%2C ;; @) encoded=$encoded%40 ;; *) encoded=$encoded%25 ;;
    esac
    rest=$tail
  done
}

xml_value() { # the text of the first <$1> element of $2, in $value (empty when there is none)
  case $2 in *"<$1>"*"</$1>"*) value=${2#*"<$1>"} value=${value%%"</$1>"*} ;; *) value="" ;; esac
}

without_secret() { # $1 with every copy of secret $2 masked, in $masked
  masked=$1
  [ "${#2}" -ge 8 ] || return 0
  while :; do
    case $masked in *"$2"*) masked="${masked%%"$2"*}****${masked#*"$2"}" ;; *) return 0 ;; esac
  done
}

sts_advice() { # CODE: what usually causes it and what to do
  case $1 in
    AccessDenied) echo "The role's trust policy does not allow this token: its sub condition does not match this project, branch or tag (or the policy requires ref_protected on an unprotected ref), or its aud differs from the token's ($audience_for_advice). Check with: jbang trust-policy explain --policy trust.json --token-env $token_variable" ;;
    InvalidIdentityToken) echo "STS did not accept the token: the account needs an IAM OIDC identity provider whose URL is exactly the token's issuer and whose audiences list $audience_for_advice." ;;
    IDPCommunicationError) echo "STS could not reach the token's issuer; its /.well-known/openid-configuration and keys must be reachable from the internet over HTTPS." ;;
    ExpiredTokenException | ExpiredToken) echo "The ID token expired before STS saw it. Run the exchange early in the job, or raise the job's timeout." ;;
    ValidationError) echo "STS rejected a parameter: check the role ARN and session_name." ;;
    RegionDisabledException) echo "STS is not activated in $region for this account. Activate the region (IAM > Account settings) or use another aws_region." ;;
    *) echo "See the STS error code in the AssumeRoleWithWebIdentity documentation." ;;
  esac
}

sts_check() {
  # GNU wget and curl verify TLS certificates; busybox's wget may not, so it never carries the token.
  if command -v curl >/dev/null 2>&1; then client=curl
  elif command -v wget >/dev/null 2>&1 && wget --version 2>/dev/null | grep -q 'GNU Wget'; then client=wget
  else return 3
  fi
  form_encode "$2"; role_param=$encoded
  form_encode "$3"; session_param=$encoded
  form_encode "$4"; token_param=$encoded
  request=$5/.sts-check.$$
  rm -f "$request"
  (umask 077 && printf 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&DurationSeconds=900&RoleArn=%s&RoleSessionName=%s&WebIdentityToken=%s' \
    "$role_param" "$session_param" "$token_param" >"$request") || fail "could not write a request file in $5"
  if [ $client = curl ]; then
    # -q first: no ~/.curlrc (HOME may be an earlier job's) adds a URL, a trace file or a proxy.
    # shellcheck disable=SC2086 # the optional --cacert and its path, no spaces in the job directory's name
    answer=$(curl -q -sS ${AWS_OIDC_CA_BUNDLE:+--cacert "$AWS_OIDC_CA_BUNDLE"} --connect-timeout 10 --max-time 30 -H 'Content-Type: application/x-www-form-urlencoded' \
      --data-binary "@$request" -- "$1" 2>&1)
  else
    answer=$(WGETRC=/dev/null wget -q -T 30 ${AWS_OIDC_CA_BUNDLE:+--ca-certificate="$AWS_OIDC_CA_BUNDLE"} -O - --content-on-error --header='Content-Type: application/x-www-form-urlencoded' --post-file="$request" -- "$1" 2>&1)
  fi
  status=$?
  rm -f "$request"
  if [ $status -gt 125 ]; then # the client itself crashed or was killed: no answer either way
    say "notice: $client failed to run (exit $status), so the job's first AWS call will be the check of the role and the token"
    return 2
  fi
  xml_value Arn "$answer"
  case $value in
    arn:aws*:sts::*:assumed-role/*)
      assumed_account=${value#arn:*:sts::} assumed_account=${assumed_account%%:*}
      answer="" value=""
      return 0 ;;
  esac
  xml_value Code "$answer"; code=$value
  xml_value Message "$answer"
  without_secret "$value" "$4"; message=$masked
  without_secret "$answer" "$4"; answer=$masked
  answer="" # it may hold keys; only the error's code and message are shown
  if [ -n "$code" ]; then
    say "STS refused the exchange for $2: $code: $message"
    say "$(sts_advice "$code")"
  else
    say "could not reach STS at $1 to check the role and the token ($client exit $status). Fix: let the runner reach it (proxy settings, firewall), or set sts_endpoint (e.g. a VPC endpoint)"
  fi
  exit 1
}
