# shellcheck shell=sh disable=SC2034 # sets sts_url for the script that sources it
# Sourced by the before_script and web-identity-profile.sh: where the ID token may go.
# sts_url_for REGION ENDPOINT: ENDPOINT (the sts_endpoint input) when set, else the regional STS
# endpoint of the region's partition (ISO and EUSC hosts included), in $sts_url.
sts_url_for() {
  case $1 in
    cn-*) sts_suffix=amazonaws.com.cn ;; us-iso-*) sts_suffix=c2s.ic.gov ;; us-isob-*) sts_suffix=sc2s.sgov.gov ;;
    eu-isoe-*) sts_suffix=cloud.adc-e.uk ;; us-isof-*) sts_suffix=csp.hci.ic.gov ;; eusc-*) sts_suffix=amazonaws.eu ;;
    *) sts_suffix=amazonaws.com ;;
  esac
  sts_url=${2:-https://sts.$1.$sts_suffix}
}
