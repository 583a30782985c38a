#!/usr/bin/env bash
# Makes sure the webhook verification snippets in docs/webhook-verification can run (VerificationSnippetsTest runs
# each on a delivery the gateway signed): node, python3, go and php, installed with apt-get when missing and
# allowed, otherwise one line saying what to install. Run by `./mvnw verify` (and `test`) before the gateway's tests.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/../../../../tools/ensure-debian-packages.sh" "The webhook snippet tests" \
  node=nodejs python3=python3 go=golang-go php=php-cli
