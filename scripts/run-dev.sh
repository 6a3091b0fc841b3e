#!/usr/bin/env bash
# Run the site and the Huey worker together; Ctrl-C (or either one stopping) stops both.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

# shellcheck disable=SC2086 # WORKER_CMD is a command line on purpose
$bin/$WORKER_CMD &
worker=$!
$bin/flask run --host "$HOST" --port "$PORT" --no-reload &
web=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$worker" "$web" 2>/dev/null
  wait "$worker" "$web" 2>/dev/null
}
trap stop INT TERM EXIT
wait -n "$worker" "$web"
