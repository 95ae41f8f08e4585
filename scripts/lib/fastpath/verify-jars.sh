# Sourced by run-fast.sh. lean_classpath CLASSPATH DIGESTS: the dependencies JBang resolved without
# the HTTP clients the toolkit never uses, every jar checked against the SHA-256 its repository path
# has in DIGESTS (lines "sha256  group/path/artifact/version/file.jar"). Sets $lean; fails, saying
# which jar, when a jar is unknown or does not match.
lean_classpath() {
  lean="" jars=""
  set -f
  old_ifs=$IFS IFS=:
  set -- $1 "$2"
  IFS=$old_ifs
  set +f
  eval "digests=\${$#}"
  for jar in "$@"; do
    [ "$jar" = "$digests" ] && break
    case $jar in
      */apache-client/* | */apache5-client/* | */netty-nio-client/* | */org/apache/httpcomponents/* | */io/netty/*) continue ;;
    esac
    jars="$jars$jar
"
    lean="$lean${lean:+:}$jar"
  done
  sha=""
  for tool in sha256sum "shasum -a 256"; do
    command -v "${tool%% *}" >/dev/null 2>&1 && { sha=$tool; break; }
  done
  [ -n "$sha" ] || { echo "aws-oidc: neither sha256sum nor shasum is installed: the Maven jars cannot be checked; install coreutils or busybox" >&2; return 1; }
  old_ifs=$IFS IFS='
'
  set -f
  sums=$($sha $jars) || { IFS=$old_ifs; set +f; echo "aws-oidc: could not read the jars JBang resolved" >&2; return 1; }
  IFS=$old_ifs
  set +f
  while read -r sum path; do
    pinned=""
    while read -r want suffix; do
      case $path in */"$suffix") pinned=$want && break ;; esac
    done <"$digests"
    if [ -z "$pinned" ]; then
      echo "aws-oidc: $path is not one of the jars this toolkit version pins; refusing to run it" >&2
      return 1
    fi
    if [ "$sum" != "$pinned" ]; then
      echo "aws-oidc: $path does not match its pinned SHA-256 (has $sum, expected $pinned): the local Maven repository was altered; remove that file so it is downloaded again" >&2
      return 1
    fi
  done <<SUMS
$sums
SUMS
  return 0
}
