#!/usr/bin/env bash
# setup.sh installs everything the tests need on a fresh machine: the Go
# modules pinned in go.mod (the Ginkgo CLI among them, as a Go tool) and the
# AWS CLI, which the reference endpoint's tests drive as a real client.
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download
if ! command -v aws >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing the AWS CLI (Debian package awscli)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli >/dev/null) \
      || echo "setup: could not install awscli; the AWS CLI tests will be skipped and say so"
  else
    echo "setup: aws not found and apt-get is not usable here; the AWS CLI tests will be skipped and say so"
  fi
fi
