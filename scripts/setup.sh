#!/usr/bin/env bash
# setup.sh installs everything the tests need on a fresh machine: the Go
# modules pinned in go.mod (the Ginkgo CLI among them, as a Go tool) and the
# AWS CLI, which the reference endpoint's tests drive as a real client, and
# in CI Debian's chromium, which renders the HTML report in a test. Each
# install is best-effort: a test whose tool is missing skips and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download
can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
updated=""
apt_install() { # apt_install PACKAGE WHAT
  if ! can_apt; then
    echo "setup: $1 is missing and apt-get is not usable here; the tests that need $2 will be skipped and say so"
    return 0
  fi
  echo "setup: installing $2 (Debian package $1)"
  if [ -z "$updated" ]; then timeout 600 apt-get update -qq || true; updated=1; fi
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "$1" >/dev/null \
    || echo "setup: could not install $1; the tests that need $2 will be skipped and say so"
}

command -v aws >/dev/null 2>&1 || apt_install awscli "the AWS CLI"
if [ "${CI:-}" = true ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium "headless Chromium"
fi
