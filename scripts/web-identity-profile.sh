#!/bin/sh
echo "aws-oidc: shell path not built yet" >&2
exit 1
