#!/usr/bin/env bash
# The load test behind `make load` (never run by the test suite).
#   LOAD_DURATION=5m LOAD_USERS=50 LOAD_BUSINESSES=3000 make load
# PostgreSQL database LOAD_DB (tuban_ikm_load) is created and seeded once; gunicorn runs with
# DEBUG off on a free port on 127.0.0.1; locust runs headless for LOAD_DURATION; check.py then
# prints throughput, p95 and errors and checks that no acknowledged save was lost.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
LOAD_DB=${LOAD_DB:-tuban_ikm_load}
LOAD_DURATION=${LOAD_DURATION:-5m}
LOAD_USERS=${LOAD_USERS:-50}
LOAD_BUSINESSES=${LOAD_BUSINESSES:-3000}
LOAD_WORKERS=${LOAD_WORKERS:-4}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export LOAD_OUT=${LOAD_OUT:-/tmp/tuban-load}
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://$PGUSER@$PGHOST:5432/$LOAD_DB}
export SECRET_KEY=load-test-only-not-secret DEBUG=0 ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export MEDIA_ROOT=$LOAD_OUT/media LOG_LEVEL=WARNING

psql -h "$PGHOST" -U "$PGUSER" -tAc "SELECT 1 FROM pg_database WHERE datname = '$LOAD_DB'" | grep -q 1 \
  || psql -h "$PGHOST" -U "$PGUSER" -qc "CREATE DATABASE $LOAD_DB"
mkdir -p "$LOAD_OUT"
rm -f "$LOAD_OUT"/stats_*.csv "$LOAD_OUT"/acks.json
$BIN/python bench/load/prepare.py --businesses "$LOAD_BUSINESSES" --owners "$LOAD_USERS" --out "$LOAD_OUT"
$BIN/python manage.py collectstatic --noinput -v0

PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$BIN/gunicorn tuban_ikm.wsgi --bind "127.0.0.1:$PORT" --workers "$LOAD_WORKERS" --timeout 120 \
  --access-logfile /dev/null --error-logfile "$LOAD_OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done

echo "== locust: $LOAD_USERS users for $LOAD_DURATION against 127.0.0.1:$PORT ($(nproc) cores)"
$BIN/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$LOAD_USERS" --spawn-rate 10 --run-time "$LOAD_DURATION" --stop-timeout 10 \
  --csv "$LOAD_OUT/stats" --only-summary --loglevel WARNING || true
kill $GUNICORN; wait $GUNICORN 2>/dev/null || true
trap - EXIT
grep -c "Traceback" "$LOAD_OUT/gunicorn.log" | sed 's/^/server tracebacks: /' || true
$BIN/python bench/load/check.py --out "$LOAD_OUT"
