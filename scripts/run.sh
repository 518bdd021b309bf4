#!/usr/bin/env bash
# Starts the embedded product: Celery worker, AWS sandbox, Django server. Ctrl-C (or SIGTERM) stops all three;
# if one of them dies, the others are stopped too. Called by `make run` after `make setup` and migrations.
set -euo pipefail

PY=.venv/bin/python
# The environment wins over .env, as in designer/settings.py; then the defaults.
read -r PORT SANDBOX_PORT < <("$PY" -c '
import os
from dotenv import dotenv_values
dotenv = dotenv_values(".env")
print(*(os.environ.get(k) or dotenv.get(k) or default for k, default in (("PORT", "8000"), ("SANDBOX_PORT", "5005"))))
')
export PORT SANDBOX_PORT

set -m  # each child gets its own process group: Ctrl-C reaches only this script, which stops them in order
pids=()

stop_all() {
    # Ignore repeated signals while cleaning up (make forwards SIGTERM to us a second time).
    trap '' INT TERM
    trap - EXIT
    # SIGTERM to each leader: Celery's master shuts its pool down itself, the sandbox stops its server.
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # runserver's autoreloader serves from a child process: stop that whole process group.
    kill -TERM -- "-$web_pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# The filesystem broker has no broadcast channel worth having: no gossip, mingle or heartbeats.
.venv/bin/celery -A designer worker --loglevel=INFO --concurrency=2 \
    --without-gossip --without-mingle --without-heartbeat &
pids+=($!)

"$PY" scripts/sandbox.py "$SANDBOX_PORT" &
pids+=($!)

"$PY" manage.py runserver "127.0.0.1:$PORT" &
web_pid=$!
pids+=($!)
set +m

# Announce the URL once the server answers (or say that it did not).
if "$PY" scripts/wait_for_http.py "http://127.0.0.1:$PORT/healthz" 60; then
    printf '\n  The serverless designer is running: http://127.0.0.1:%s/\n' "$PORT"
    printf '  Health: http://127.0.0.1:%s/healthz   AWS sandbox: http://127.0.0.1:%s\n' "$PORT" "$SANDBOX_PORT"
    printf '  Press Ctrl-C to stop.\n\n'
else
    echo "The Django server did not answer on port $PORT; stopping." >&2
    exit 1
fi

# Stop everything as soon as any one process exits.
wait -n || true
echo "A process stopped; stopping the others." >&2
exit 1
