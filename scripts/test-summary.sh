#!/usr/bin/env bash
# test-summary.sh runs the given make targets (the parts of make test) one
# after another, each to its end even when an earlier one failed, keeps each
# part's whole output in out/test-logs/PART.log, and ends with one line per
# part: its result, its time and the line that sums it up. It exits non-zero
# when any part failed.
#
# Usage: scripts/test-summary.sh PART...   (make test runs: unit mutation moto)
set -uo pipefail
cd "$(dirname "$0")/.."
logs=out/test-logs
mkdir -p "$logs"
failed=0
lines=()
for part in "$@"; do
  log=$logs/$part.log
  start=$(date +%s)
  echo "=== make $part (whole output in $log)"
  make --no-print-directory "$part" >"$log" 2>&1 &
  pid=$!
  # The parts print little while they run; show a sign of life every 10 s
  # and, for the run-like parts, their own progress lines.
  shown=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    n=$(wc -l <"$log")
    if [ "$n" -gt "$shown" ]; then
      tail -n +"$((shown + 1))" "$log" | grep -E '^(ok|FAIL|---|no fault|caught|MISSED|ERROR|FALSE|mutation score|moto conformance|lambdaconf run|  [0-9]+[hms]|Result:)' | cut -c1-200
      shown=$n
    fi
    echo "    ... make $part: $(( $(date +%s) - start ))s"
  done
  wait "$pid"
  rc=$?
  tail -n +"$((shown + 1))" "$log" | grep -E '^(ok|FAIL|---|no fault|caught|MISSED|ERROR|FALSE|mutation score|moto conformance|lambdaconf run|Result:)' | cut -c1-200
  secs=$(( $(date +%s) - start ))
  case $part in
    unit)
      ok=$(grep -cE '^ok[[:space:]]' "$log")
      bad=$(grep -E '^FAIL[[:space:]]+[^[:space:]]' "$log" | awk '{print $2}' | sort -u | tr '\n' ' ')
      detail="$ok packages ok${bad:+; failed: $bad}" ;;
    mutation)
      detail=$(grep -E '^(mutation score|FALSE ALARM)' "$log" | tail -1) ;;
    moto)
      detail=$(grep -E '^(Result:|moto conformance: SKIPPED)' "$log" | tail -1 | cut -c1-120) ;;
    *)
      detail=$(tail -1 "$log" | cut -c1-120) ;;
  esac
  if [ "$rc" -eq 0 ]; then verdict=PASS; else verdict="FAIL (exit $rc)"; failed=1; fi
  lines+=("$(printf '  %-9s %-14s %5ss  %s' "$part" "$verdict" "$secs" "$detail")")
  if [ "$rc" -ne 0 ]; then
    echo "--- make $part failed; the last 40 lines of $log:"
    tail -40 "$log"
  fi
done
echo
echo "make test summary (logs in $logs/):"
printf '%s\n' "${lines[@]}"
if [ "$failed" -ne 0 ]; then
  echo "make test: FAILED"
  exit 1
fi
echo "make test: PASSED"
