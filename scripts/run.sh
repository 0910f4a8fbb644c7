#!/usr/bin/env bash
# Serve Cuida with its background jobs; Ctrl-C stops every process started here.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
pids=()
stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

if [ -n "${REDIS_URL:-}${CELERY_BROKER_URL:-}" ]; then
  echo "A broker is configured: starting a Celery worker and beat beside the web server."
  "$BIN/celery" -A config worker --loglevel=INFO --concurrency=2 &
  pids+=($!)
else
  echo "No REDIS_URL or CELERY_BROKER_URL: tasks run in-process after each commit; beat runs periodic jobs inline."
fi
if [ -z "${WEBPUSH_VAPID_PRIVATE_KEY:-}" ] && ! grep -qs '^WEBPUSH_VAPID_PRIVATE_KEY=' .env; then
  echo "Web push is off; to try it: $BIN/python manage.py generate_vapid_keys >> .env (README, Web push)."
fi
"$BIN/celery" -A config beat --loglevel=INFO &
pids+=($!)
"$BIN/python" manage.py runserver "$HOST:$PORT" &
pids+=($!)
echo "Cuida is starting at http://$HOST:$PORT (Ctrl-C to stop)."
wait -n
