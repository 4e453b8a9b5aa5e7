#!/usr/bin/env bash
# moto-conformance.sh runs the conformance suites against moto_server, a real
# third-party emulator, and checks the results against its expectations file:
# the run passes when moto fails exactly the clauses the file lists (an
# unexpected failure is a regression of the harness or of moto).
#
# Usage: scripts/moto-conformance.sh [EXPECTATIONS]  (REPORT_DIR defaults to out/moto)
set -uo pipefail
cd "$(dirname "$0")/.."
expectations=${1:-expectations/moto-5.2.1.txt}
report_dir=${REPORT_DIR_MOTO:-out/moto}

if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto conformance: SKIPPED: moto_server is not on PATH (install it with 'pip install \"moto[server]==5.2.1\"' to run the harness against moto)"
  exit 0
fi
version=$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo unknown)
if [ "$version" != "5.2.1" ]; then
  echo "moto conformance: note: moto $version is installed; $expectations was built from moto 5.2.1"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null; rm -f "$log"' EXIT INT TERM

for _ in $(seq 1 150); do
  if curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/moto-api/reset" 2>/dev/null; then break; fi
  if ! kill -0 "$moto_pid" 2>/dev/null; then
    echo "moto conformance: moto_server exited at start:"; cat "$log"; exit 1
  fi
  sleep 0.2
done

echo "moto conformance: moto $version on http://127.0.0.1:$port, expectations $expectations"
make --no-print-directory conformance ENDPOINT="http://127.0.0.1:$port" EXPECTATIONS="$expectations" REPORT_DIR="$report_dir"
