#!/bin/sh
# Usage: sh web-identity-profile.sh   (every setting comes from the environment, as the component sets it)
#
# The path for job images without a usable Java 17+: writes a web_identity AWS profile (the token in
# a 0600 file, role_arn, web_identity_token_file, role_session_name, region and, when set, the STS
# endpoint), so that the AWS CLI, the SDKs and Terraform exchange the ID token and refresh it
# themselves. Where curl or wget exists, it first exchanges once (sts-check.sh): a refused role
# fails here, and allowed_account_ids is checked. POSIX sh (dash, busybox ash); besides curl or
# wget it runs only mv, and date or rm in rare cases. Inputs are checked as the Java exchange
# checks them; what a profile cannot enforce is refused. Exit 0 written, 1 refused by STS or a
# file-system failure, 2 bad or unsupported input.
#
# Environment: AWS_OIDC_ROLE_ARN, AWS_OIDC_REGION, AWS_OIDC_AUDIENCE, AWS_OIDC_PROFILE,
# AWS_OIDC_DURATION_SECONDS, AWS_OIDC_SESSION_NAME, AWS_OIDC_CREDENTIAL_MODE, AWS_OIDC_TOKEN_VARIABLE,
# AWS_OIDC_ALLOWED_ACCOUNT_IDS, AWS_OIDC_POLICY_ARNS, AWS_OIDC_SESSION_POLICY, AWS_OIDC_STS_ENDPOINT,
# AWS_OIDC_DIR (job-private directory), AWS_CONFIG_FILE (default $AWS_OIDC_DIR/config),
# AWS_OIDC_SHELL_PATH_REASON (why this path runs; default: no Java 17+ in this image).
set -u
umask 077
set -f # no globbing anywhere
set -C # `>` never overwrites or follows an existing name: new files only
here=${0%/*}
. "$here/sts-check.sh"
. "$here/sts-endpoint.sh"

JAVA_FIX="use an image with Java 17+ (a JRE is enough, e.g. eclipse-temurin:21-jre, amazoncorretto:21) or install one (apk add openjdk21-jre-headless; apt-get install openjdk-17-jre-headless)"

say() { printf 'aws-oidc: %s\n' "$1" >&2; }
# bad INPUT VARIABLE VALUE PROBLEM FIX: the input, its variable, the value (unless secret: pass -), exit 2.
bad() {
  case $3 in
    -) shown="" ;;
    *[[:cntrl:]]*) shown=" \"${3%%[[:cntrl:]]*}...\"" ;; # the message stays one line
    *) shown=" \"$3\"" ;;
  esac
  say "input $1 ($2)$shown: $4. $5"
  exit 2
}
fail() { say "$1"; exit 1; }
trim() { # $1 without leading and trailing white space, in $trimmed
  trimmed=${1#"${1%%[![:space:]]*}"}
  trimmed=${trimmed%"${trimmed##*[![:space:]]}"}
}
digits_only() { case $1 in '' | *[!0-9]*) return 1 ;; esac; }

# --- the ID token: named by token_variable, 4-20000 characters, a JWT (three base64url parts)
trim "${AWS_OIDC_TOKEN_VARIABLE:-}"
token_variable=${trimmed:-AWS_OIDC_TOKEN}
case $token_variable in [!A-Za-z_]* | *[!A-Za-z0-9_]*) token_variable_ok=false ;; *) token_variable_ok=true ;; esac
[ "$token_variable_ok" = true ] || bad token_variable AWS_OIDC_TOKEN_VARIABLE "$token_variable" "is not a variable name" "Use letters, digits and '_', e.g. AWS_OIDC_TOKEN"
eval "token_set=\${$token_variable+set} token=\${$token_variable-}"
trim "$token"
token=$trimmed
[ -n "$token" ] || bad token_variable AWS_OIDC_TOKEN_VARIABLE - \
  "the ID token variable $token_variable is $([ -n "$token_set" ] && echo empty || echo 'not set')" \
  "Declare it in the job: id_tokens: { $token_variable: { aud: sts.amazonaws.com } } (extending the component's hidden job does this)"
[ "${#token}" -ge 4 ] && [ "${#token}" -le 20000 ] || bad token_variable AWS_OIDC_TOKEN_VARIABLE - \
  "the ID token is ${#token} characters long; STS accepts 4 to 20000" "Pass the token GitLab issued, unchanged"
jwt_problem() { # why the token is not header.payload.signature of base64url text, in $problem
  problem="" header=${1%%.*} rest=${1#*.}
  payload=${rest%%.*} signature=${rest#*.}
  case $1 in *.*.*.*.*.*) problem="it has more than 5 dot-separated parts, a JWT has 3 (header.payload.signature) of base64url text" ;;
    *.*.*.*.*) problem="it has 5 dot-separated parts: that is an encrypted JWE, not a signed ID token" ;;
    *.*.*.*) problem="it has 4 dot-separated parts, a JWT has 3 (header.payload.signature) of base64url text" ;;
    *.*.*) ;;
    *) problem="it has fewer than 3 dot-separated parts, a JWT has 3 (header.payload.signature) of base64url text" ;;
  esac
  [ -z "$problem" ] || return 0
  [ -n "$header" ] || { problem="part 1 (header) is empty" && return 0; }
  [ -n "$payload" ] || { problem="part 2 (payload) is empty" && return 0; }
  case $header in *[!A-Za-z0-9_=-]*) problem="part 1 (header) is not base64url text" ;; esac
  case $payload in *[!A-Za-z0-9_=-]*) problem="part 2 (payload) is not base64url text" ;; esac
  case $signature in *[!A-Za-z0-9_=-]*) problem="part 3 (signature) is not base64url text" ;; esac
}
jwt_problem "$token"
[ -z "$problem" ] || bad token_variable AWS_OIDC_TOKEN_VARIABLE - "the ID token is malformed, it is not a JWT: $problem" \
  "Pass the token GitLab issued in id_tokens, unchanged (not a CI_JOB_TOKEN or a personal access token)"

# --- region: [a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}, and its partition
trim "${AWS_OIDC_REGION:-}"
region=$trimmed
[ -n "$region" ] || bad aws_region AWS_OIDC_REGION - "no region is set" "Set the region of the STS endpoint and of the profile, e.g. eu-west-1"
region_shaped() {
  case $1 in *[!a-z0-9-]* | -* | *- | *--*) return 1 ;; esac
  first=${1%%-*} rest=${1#*-} last=${1##*-}
  middle=${rest%-*}
  [ "$middle" != "$rest" ] || return 1
  case $first in [a-z][a-z] | [a-z][a-z][a-z] | [a-z][a-z][a-z][a-z]) ;; *) return 1 ;; esac
  case $last in [0-9] | [0-9][0-9]) ;; *) return 1 ;; esac
  case $middle in *[!a-z-]*) return 1 ;; esac
}
region_shaped "$region" || bad aws_region AWS_OIDC_REGION "$region" "is not an AWS region name" "Use a region code such as eu-west-1, us-east-1, us-gov-west-1 or cn-north-1"
case $region in
  cn-*) region_partition=aws-cn ;; us-gov-*) region_partition=aws-us-gov ;; us-isob-*) region_partition=aws-iso-b ;;
  us-iso-*) region_partition=aws-iso ;; eu-isoe-*) region_partition=aws-iso-e ;; us-isof-*) region_partition=aws-iso-f ;;
  eusc-*) region_partition=aws-eusc ;; *) region_partition=aws ;;
esac

# --- role_arn: arn:<partition>:iam::<12 digits>:role/<path/>name
trim "${AWS_OIDC_ROLE_ARN:-}"
role_arn=$trimmed
[ -n "$role_arn" ] || bad role_arn AWS_OIDC_ROLE_ARN - "is required" "Set it to the ARN of the role to assume, e.g. arn:aws:iam::123456789012:role/deploy"
role_arn_shaped() {
  case $1 in arn:aws*:iam::*) ;; *) return 1 ;; esac
  partition=${1#arn:} partition=${partition%%:*}
  case ${partition#aws} in *[!a-z-]*) return 1 ;; esac
  rest=${1#"arn:$partition:iam::"}
  account=${rest%%:*}
  case $account in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) return 1 ;; esac
  path=${rest#"$account:"}
  case $path in role/*) path=${path#role/} ;; *) return 1 ;; esac
  case $path in '' | /* | */ | *//* | *[!A-Za-z0-9_+=,.@/-]*) return 1 ;; esac
  name=${path##*/}
  [ "${#name}" -le 64 ]
}
role_arn_shaped "$role_arn" || bad role_arn AWS_OIDC_ROLE_ARN "$role_arn" "is not an IAM role ARN" \
  "Use arn:<partition>:iam::<12-digit account id>:role/<name>, e.g. arn:aws:iam::123456789012:role/deploy (copy it from the role's summary page)"
case $partition in
  aws | aws-cn | aws-us-gov | aws-iso | aws-iso-b | aws-iso-e | aws-iso-f | aws-eusc) ;;
  *) bad role_arn AWS_OIDC_ROLE_ARN "$role_arn" "names the unknown partition \"$partition\"" \
    "Use aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov" ;;
esac
[ "$partition" = "$region_partition" ] || bad role_arn AWS_OIDC_ROLE_ARN "$role_arn" \
  "is in partition $partition but region $region is in partition $region_partition" \
  "Use a region of the role's partition, or the ARN of a role in $region_partition (arn:$region_partition:iam::...)"
[ "${#role_arn}" -le 2048 ] || bad role_arn AWS_OIDC_ROLE_ARN - "is longer than 2048 characters" "Check the value"

# --- profile: [A-Za-z0-9_.-]{1,64}
trim "${AWS_OIDC_PROFILE:-}"
profile=${trimmed:-default}
case $profile in *[!A-Za-z0-9_.-]*) profile_ok=false ;; *) profile_ok=true ;; esac
[ "$profile_ok" = true ] && [ "${#profile}" -le 64 ] || bad profile AWS_OIDC_PROFILE "$profile" "is not a usable profile name" \
  "Use 1 to 64 letters, digits, '_', '.' or '-' (no spaces or brackets), e.g. deploy-prod"

# --- duration_seconds: 900-43200; a web_identity profile cannot carry it (notice below)
trim "${AWS_OIDC_DURATION_SECONDS:-}"
duration=${trimmed:-3600}
duration_fix="Use a number of seconds from 900 to 43200, at most the role's MaxSessionDuration"
number=${duration#[+-]}
digits_only "$number" || bad duration_seconds AWS_OIDC_DURATION_SECONDS "$duration" "is not a whole number" "$duration_fix"
while [ "${#number}" -gt 1 ] && [ "${number#0}" != "$number" ]; do number=${number#0}; done
case $duration in -*) [ "$number" = 0 ] || number=-1 ;; esac
if [ "${#number}" -gt 5 ] || [ "$number" -lt 900 ] || [ "$number" -gt 43200 ]; then
  bad duration_seconds AWS_OIDC_DURATION_SECONDS "$duration" "is out of range 900-43200" "$duration_fix"
fi

# --- credential_mode: auto (the default) and web_identity are what a profile of this kind is
trim "${AWS_OIDC_CREDENTIAL_MODE:-}"
mode=${trimmed:-auto}
case $mode in
  auto | web_identity) ;;
  static | process) bad credential_mode AWS_OIDC_CREDENTIAL_MODE "$mode" \
    "needs the toolkit's Java exchange, and this job has none (only a web_identity profile can be written without Java)" \
    "To use it, $JAVA_FIX; or set credential_mode to web_identity (or drop it)" ;;
  *) bad credential_mode AWS_OIDC_CREDENTIAL_MODE "$mode" "is not a credential mode" "Use one of auto, static, web_identity, process" ;;
esac

# --- guard rails a profile cannot enforce: the AWS tools exchange later, without them
unenforceable() { # INPUT VARIABLE VALUE WHAT
  bad "$1" "$2" "$3" "a web_identity profile cannot $4: without Java the AWS tools make the exchange themselves, after this script" \
    "To keep it, $JAVA_FIX; or drop the input"
}
list_is_empty() { # "[]", "[ ]", "", Ruby's ["a", "b"] and JSON's ["a","b"] all arrive here as text
  case $1 in *[!][:space:]\"\',[]*) return 1 ;; esac
}
trim "${AWS_OIDC_ALLOWED_ACCOUNT_IDS:-}"
allowed_accounts="" allowed_text=$trimmed
if ! list_is_empty "$trimmed"; then
  rest=$trimmed
  while :; do # 12-digit ids from ["1", "2"], [1, 2] or 1,2
    case $rest in *[0-9]*) ;; *) break ;; esac
    rest=${rest#"${rest%%[0-9]*}"}
    id=${rest%%[!0-9]*} rest=${rest#"$id"}
    [ "${#id}" -eq 12 ] || bad allowed_account_ids AWS_OIDC_ALLOWED_ACCOUNT_IDS "$trimmed" "holds \"$id\", which is not a 12-digit AWS account id" \
      "List account ids such as [\"123456789012\"]"
    allowed_accounts="$allowed_accounts $id"
  done
fi
for variant in use_fips_endpoint:AWS_OIDC_USE_FIPS_ENDPOINT use_dualstack_endpoint:AWS_OIDC_USE_DUALSTACK_ENDPOINT; do
  eval "trim \"\${${variant#*:}:-}\""
  case $trimmed in '' | false) ;; *) unenforceable "${variant%%:*}" "${variant#*:}" "$trimmed" "choose the FIPS or dual-stack STS endpoint and check the region has one" ;; esac
done
trim "${AWS_OIDC_POLICY_ARNS:-}"
list_is_empty "$trimmed" || unenforceable policy_arns AWS_OIDC_POLICY_ARNS "$trimmed" "carry managed session policies"
trim "${AWS_OIDC_SESSION_POLICY:-}"
[ -z "$trimmed" ] || unenforceable session_policy AWS_OIDC_SESSION_POLICY - "carry an inline session policy"

# --- sts_endpoint: http(s)://host[:port][/path], no user info, no query
trim "${AWS_OIDC_STS_ENDPOINT:-}"
endpoint=$trimmed
if [ -n "$endpoint" ]; then
  endpoint_fix="Use an http(s) URL such as https://sts.eu-west-1.amazonaws.com or https://vpce-1234.sts.eu-west-1.vpce.amazonaws.com, or leave it empty for the regional endpoint"
  case $endpoint in http://* | https://*) after_scheme=${endpoint#*://} ;; *) after_scheme="" ;; esac
  authority=${after_scheme%%/*}
  case $authority in
    *@*) bad sts_endpoint AWS_OIDC_STS_ENDPOINT "${endpoint%%://*}://(user info hidden)@${after_scheme#*@}" \
      "is not an http(s) endpoint URL: it carries user info" "$endpoint_fix" ;;
  esac
  host=${authority#\[}
  case $host in *\]*) host=${host%%\]*} ;; *) host=${host%%:*} ;; esac
  case $endpoint in http://* | https://*) ;; *) host="" ;; esac
  case $after_scheme in *[!]A-Za-z0-9.:_[/~-]*) host="" ;; esac
  [ -n "$host" ] || bad sts_endpoint AWS_OIDC_STS_ENDPOINT "$endpoint" "is not an http(s) endpoint URL" "$endpoint_fix"
fi

# --- session_name: given, or gitlab-PROJECT-PIPELINE-JOB; [\w+=,.@-] kept, the rest '-', at most 64
sanitize() { # $1 as an STS session name, in $sanitized
  rest=$1 sanitized=""
  while [ -n "$rest" ] && [ "${#sanitized}" -lt 64 ]; do
    tail=${rest#?}
    case ${rest%"$tail"} in [A-Za-z0-9_+=,.@-]) sanitized=$sanitized${rest%"$tail"} ;; *) sanitized=$sanitized- ;; esac
    rest=$tail
  done
}
trim "${AWS_OIDC_SESSION_NAME:-}"
if [ -n "$trimmed" ]; then
  sanitize "$trimmed"
  [ "${#sanitized}" -ge 2 ] || bad session_name AWS_OIDC_SESSION_NAME "$trimmed" "is too short for a session name" "Use 2 to 64 characters of letters, digits and +=,.@_-"
elif [ -z "${CI_PROJECT_ID:-}" ] && [ -z "${CI_JOB_ID:-}" ]; then
  sanitize "gitlab-local-$(date +%s)"
else
  derived=gitlab
  for part in "${CI_PROJECT_ID:-}" "${CI_PIPELINE_ID:-}" "${CI_JOB_ID:-}"; do
    [ -z "$part" ] || derived=$derived-$part
  done
  sanitize "$derived"
fi
session_name=$sanitized

# --- where to write: the job-private directory, no symbolic link followed
[ -n "${AWS_OIDC_DIR:-}" ] || bad "AWS_OIDC_DIR" "set by the component" - "is not set" "Run this script from the component's job, which sets it to a job-private directory"
dir=$AWS_OIDC_DIR
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
[ ! -L "$dir" ] || fail "$dir is a symbolic link; refusing to write the ID token through it. Use a real directory in AWS_OIDC_DIR"
[ -d "$dir" ] || bad "AWS_OIDC_DIR" "set by the component" "$dir" "is not a directory" "Create it (mode 0700) before running this script"
config=${AWS_CONFIG_FILE:-$dir/config}
case $config in /*) ;; *) config=$PWD/$config ;; esac
config_dir=${config%/*}
token_file=$dir/web-identity-token-$profile
for path in "$token_file" "$config" "$config_dir"; do
  [ ! -L "$path" ] || fail "$path is a symbolic link; refusing to follow it with credentials. Remove the link or point AWS_CONFIG_FILE / AWS_OIDC_DIR at a real file and directory"
done
[ -d "$config_dir" ] || mkdir -p "$config_dir" || fail "could not create $config_dir for AWS_CONFIG_FILE"
[ ! -e "$token_file" ] || [ -f "$token_file" ] || fail "$token_file is not a regular file; remove it"
[ ! -e "$config" ] || [ -f "$config" ] || fail "$config is not a regular file; point AWS_CONFIG_FILE at a file"

# --- one exchange up front (curl or wget): a refused role fails now; the account is checked
audience_for_advice=${AWS_OIDC_AUDIENCE:-sts.amazonaws.com}
sts_url_for "$region" "$endpoint"
sts_check "$sts_url" "$role_arn" "$session_name" "$token" "$dir"
case $? in
  0) if [ -n "$allowed_accounts" ]; then
       case "$allowed_accounts " in *" $assumed_account "*) ;; *)
         fail "the role gave credentials for account $assumed_account, which allowed_account_ids does not list ($allowed_accounts ); nothing was written. Fix the role_arn, or add the account to allowed_account_ids" ;;
       esac
     fi ;;
  3) [ -z "$allowed_accounts" ] || unenforceable allowed_account_ids AWS_OIDC_ALLOWED_ACCOUNT_IDS "$allowed_text" \
       "check the account of the credentials (this image has neither Java, curl nor GNU wget to check it up front)"
     say "notice: this image has neither curl nor GNU wget, so the job's first AWS call will be the check of the role and the token (apk add curl, or apt-get install curl, adds the check)" ;;
  *) [ -z "$allowed_accounts" ] || fail "allowed_account_ids could not be checked; nothing was written" ;;
esac

# --- the new config file: every line as it was, the profile's section (and its services section)
# replaced whole; comments and blank lines right before a header belong to that header.
if [ "$profile" = default ]; then section=default; else section="profile $profile"; fi
services=aws-oidc-$profile
header_name() { # the normalised name if $1 is a section header line, in $name; else return 1
  trim "$1"
  case $trimmed in \[*\]*) ;; *) return 1 ;; esac
  name=${trimmed#\[} after=${name#*\]} name=${name%%\]*}
  trim "$after"
  case $trimmed in '' | \#* | \;*) ;; *) return 1 ;; esac
  set -- $name
  name="$*"
}
write_section() { # in place of the old section, or appended after a blank line
  [ "$1" = in_place ] || [ "$last_blank" = true ] || printf "$eol" >&3
  printf "[%s]$eol" "$section" >&3
  printf "region = %s$eol" "$region" >&3
  [ -z "$endpoint" ] || printf "services = %s$eol" "$services" >&3
  [ -z "${AWS_OIDC_CA_BUNDLE:-}" ] || printf "ca_bundle = %s$eol" "$AWS_OIDC_CA_BUNDLE" >&3
  printf "role_arn = %s${eol}web_identity_token_file = %s${eol}role_session_name = %s$eol" "$role_arn" "$token_file" "$session_name" >&3
  last_blank=false written=true
}
stage() { # a new file beside $1, created without following links, in $staged
  staged=${1%/*}/.${1##*/}.$$.tmp
  [ ! -e "$staged" ] && [ ! -L "$staged" ] && true 2>/dev/null >"$staged" ||
    fail "could not create a temporary file beside $1; the AWS files were left as they were"
}
stage "$config"
config_temp=$staged
eol='\n'
last_blank=true written=false skipping=false pending=""
exec 3>>"$config_temp"
if [ -f "$config" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case ${line#"${line%?}"} in "	") ;; [[:cntrl:]]) eol='\r\n' ;; esac # CRLF files stay CRLF
    if header_name "$line"; then
      [ -z "$pending" ] || { printf '%s' "$pending" >&3 && last_blank=$pending_blank; }
      pending="" skipping=false
      if [ "$name" = "$section" ]; then
        [ "$written" = true ] || write_section in_place
        skipping=true
        continue
      elif [ "$name" = "services $services" ]; then
        skipping=true
        continue
      fi
    elif [ "$skipping" = true ]; then
      trim "$line"
      case $trimmed in
        '') pending="$pending$line
" pending_blank=true ;;
        \#* | \;*) pending="$pending$line
" pending_blank=false ;;
        *) pending="" ;;
      esac
      continue
    fi
    printf '%s\n' "$line" >&3
    trim "$line"
    if [ -z "$trimmed" ]; then last_blank=true; else last_blank=false; fi
  done <"$config"
fi
[ "$written" = true ] || write_section appended
if [ -n "$endpoint" ]; then
  [ "$last_blank" = true ] || printf "$eol" >&3
  printf "[services %s]${eol}sts = ${eol}  endpoint_url = %s$eol" "$services" "$endpoint" >&3
fi
exec 3>&-

# --- the token (no trailing newline: botocore sends the content as it is), then both files in place
stage "$token_file"
printf '%s' "$token" >>"$staged" || fail "could not write $staged"
mv -f "$staged" "$token_file" && mv -f "$config_temp" "$config" ||
  { rm -f "$staged" "$config_temp"; fail "could not replace $token_file or $config"; }

[ "$number" = 3600 ] || say "notice: duration_seconds $number cannot be expressed in a web_identity profile; the AWS tools ask for their default session length (1 hour) and refresh before it ends"
printf '%s\n' "aws-oidc: ${AWS_OIDC_SHELL_PATH_REASON:-no Java 17+ in this image}: wrote a web_identity profile $profile for $role_arn as session $session_name (the AWS CLI and SDKs exchange the token themselves); an image with Java 17+ adds static and process modes, session policies and fuller STS advice"
