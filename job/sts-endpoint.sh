# shellcheck shell=sh disable=SC2034 # sets sts_url for the script that sources it
# Sourced by the before_script and web-identity-profile.sh: where the ID token may go.
# sts_url_for REGION ENDPOINT [FIPS DUALSTACK]: ENDPOINT (the sts_endpoint input) when set, else the
# regional STS endpoint of the region's partition (ISO and EUSC hosts included), or its FIPS or
# dual-stack variant (the Java exchange has refused the combinations AWS does not serve), in $sts_url.
sts_url_for() {
  case ${3:-false}/${4:-false}/$1 in
    true/false/us-gov-*) sts_url=${2:-https://sts.$1.amazonaws.com}; return ;;
    true/false/*) sts_url=${2:-https://sts-fips.$1.amazonaws.com}; return ;;
    true/true/*) sts_url=${2:-https://sts-fips.$1.api.aws}; return ;;
    false/true/cn-*) sts_url=${2:-https://sts.$1.api.amazonwebservices.com.cn}; return ;;
    false/true/*) sts_url=${2:-https://sts.$1.api.aws}; return ;;
  esac
  case $1 in
    cn-*) sts_suffix=amazonaws.com.cn ;; us-iso-*) sts_suffix=c2s.ic.gov ;; us-isob-*) sts_suffix=sc2s.sgov.gov ;;
    eu-isoe-*) sts_suffix=cloud.adc-e.uk ;; us-isof-*) sts_suffix=csp.hci.ic.gov ;; eusc-*) sts_suffix=amazonaws.eu ;;
    *) sts_suffix=amazonaws.com ;;
  esac
  sts_url=${2:-https://sts.$1.$sts_suffix}
}
