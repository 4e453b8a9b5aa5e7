#!/usr/bin/env bash
# reference-capacity.sh measures the reference endpoint at the machine's
# limit and prints, from one run, two ratios (scripts/capacity):
#   memory: peak RSS of `lambdaconf serve` above idle per byte of a
#           52,428,800-byte zip sent inline (goal <= 1.5);
#   rate:   the reference's UpdateFunctionCode rate over 4 keep-alive
#           connections with 1 KiB zips, per moto_server's (goal >= 100);
#           SKIPPED when moto_server is not on PATH.
# Exit status: 0 both goals met, 1 one missed, 3 could not measure.
#
# It also measures a ceiling, a net/http server that only reads each
# request and sends a recorded answer: the most any Go endpoint can reach.
#
# Usage: scripts/reference-capacity.sh [-duration 3s] [-conns 4] [-turns 3] [-moto moto_server]
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
mkdir -p bin
$GO build -o bin/lambdaconf ./cmd/lambdaconf
$GO build -o bin/capacity ./scripts/capacity
exec bin/capacity -lambdaconf bin/lambdaconf "$@"
