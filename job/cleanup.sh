#!/bin/sh
# Usage: cleanup.sh DIR
# Ends a component job's credentials: removes its private directory DIR (profile files, keys, token,
# toolkit) and the live credentials the AWS CLI cached in ~/.aws/cli/cache while the job used the
# profiles (web_identity and process modes make the CLI exchange and cache on its own).
set -u
dir=${1:?usage: cleanup.sh DIR}
case ${dir##*/} in aws-oidc-*) ;; *) echo "cleanup.sh: $dir is not a component job directory" >&2; exit 2 ;; esac
cli_cache=${HOME:-/nonexistent}/.aws/cli/cache
if [ -f "$dir/.owner" ] && [ -d "$cli_cache" ] && [ ! -L "$cli_cache" ]; then
  find "$cli_cache" -type f -newer "$dir/.owner" -exec rm -f {} + 2>/dev/null
fi
rm -rf "$dir"
