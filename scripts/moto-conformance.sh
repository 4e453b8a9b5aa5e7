#!/usr/bin/env bash
# moto-conformance.sh runs the conformance suites against moto_server, a real
# third-party emulator, and checks the results against its expectations file:
# the run passes when moto fails exactly the clauses the file lists (an
# unexpected failure is a regression of the harness or of moto).
#
# Usage: scripts/moto-conformance.sh [EXPECTATIONS]  (REPORT_DIR defaults to out/moto)
#
# With MOTO_SHARDS=N (N > 1) it then runs the same suite again as N shards
# (lambdaconf run -shard I/N), merges them (lambdaconf report merge) and
# checks that every clause has the verdict of the unsharded run; a clause
# the expectations file marks flaky may differ.
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
status=$?

shards=${MOTO_SHARDS:-0}
if [ "$status" -eq 0 ] && [ "$shards" -gt 1 ]; then
  echo "moto conformance: the same suite in $shards shards, then report merge"
  rm -rf "$report_dir/sharded" "$report_dir/merged"
  dirs=()
  for i in $(seq 1 "$shards"); do
    bin/lambdaconf run -endpoint "http://127.0.0.1:$port" -expectations "$expectations" -report-dir "$report_dir/sharded" -shard "$i/$shards" >"$report_dir/shard-$i.log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
      echo "moto conformance: shard $i/$shards exited $rc:"; tail -5 "$report_dir/shard-$i.log"; exit 1
    fi
    dirs+=("$report_dir/sharded/shards/$i")
  done
  bin/lambdaconf report merge -expectations "$expectations" -out "$report_dir/merged" "${dirs[@]}" >"$report_dir/merge.log" 2>&1
  grep '^Result:' "$report_dir/merge.log"
  python3 - "$expectations" "$report_dir/conformance.json" "$report_dir/merged/conformance.json" <<'PY' || status=1
import json, re, sys
flaky = {l.split()[0] for l in open(sys.argv[1]) if re.match(r"^[A-Z0-9-]+\s+flaky\b", l)}
def verdicts(path):
    return {c["id"]: c["verdict"] for c in json.load(open(path))["clauses"]}
whole, merged = verdicts(sys.argv[2]), verdicts(sys.argv[3])
diff = [f"{c}: unsharded {whole.get(c)}, merged {merged.get(c)}" for c in sorted(set(whole) | set(merged))
        if whole.get(c) != merged.get(c) and c not in flaky]
for d in diff:
    print("moto conformance: sharded verdict differs:", d)
print(f"moto conformance: sharded verdicts {'DIFFER' if diff else 'match'}: {len(whole)} clauses, {len(diff)} differ ({len(flaky)} flaky clauses may)")
sys.exit(1 if diff else 0)
PY
fi
exit "$status"
