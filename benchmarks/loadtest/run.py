"""`make loadtest`: 50 simulated users for 60 s against gunicorn on 127.0.0.1, then throughput and
p50/p95/p99 per endpoint, and the in-process time of a 200-component design's diagram and findings.

A benchmark, not a test: it prints figures and the issue's targets next to them. Everything runs on loopback in a
throw-away folder (SQLite, filesystem broker) and stops by itself.

Options: --users N (50), --seconds S (60), --workers W (gunicorn, default 2 x cores)."""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
TARGETS_MS = {"htmx": 150.0, "zip": 250.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (503 while no Celery worker or sandbox runs: not needed here)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {url}")


def prepare(env: dict[str, str], users: int) -> str:
    """A team with one member per simulated user, each already signed in: password hashing (PBKDF2, ~0.5 s of
    CPU by design) is the sign-in page's cost, not the wizard's, and would swamp the figures. Returns the
    session cookies, comma-separated."""
    subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    script = (
        "from django.contrib.auth.models import User\n"
        "from django.test import Client\n"
        "from apps.teams.services import team_create, membership_add\n"
        "from apps.designs.models import Draft\n"
        "from benchmarks.compose_bench import large_design\n"
        "from generators.model.io import design_to_data\n"
        "owner = User.objects.create_user('owner')\n"
        "team = team_create(name='load', owner=owner)\n"
        "large = design_to_data(large_design(50))\n"
        "cookies = []\n"
        f"for i in range({users}):\n"
        "    user = User.objects.create_user(f'user{i}')\n"
        "    membership_add(team=team, user=user, role='editor')\n"
        "    client = Client()\n"
        "    client.force_login(user)\n"
        "    draft = Draft.objects.create(team=team, created_by=user, blueprint='', base_document=large)\n"
        "    cookies.append(client.cookies['sessionid'].value + ':' + str(draft.id))\n"
        "print(','.join(cookies))\n"
    )
    done = subprocess.run([PY, "manage.py", "shell", "-v0", "-c", script], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def warm_up(base: str, requests: int = 40) -> None:
    """Each gunicorn worker imports and compiles on its first requests: do that before measuring."""
    for _ in range(requests):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=10).close()


def big_design_ms() -> tuple[float, float, int]:
    """Median ms of the diagram (layout + SVG) and of the findings for a 200-component design."""
    from generators.advisor import advise
    from generators.blueprints import BLUEPRINTS, ProjectOptions
    from generators.model.io import design_from_data, design_to_data
    from generators.renderers.diagram_svg import draw

    design = BLUEPRINTS["api"].build(ProjectOptions(name="big"), {
        "handler_style": "function-per-route", "resources": [{"name": f"res{i}"} for i in range(20)]})
    data = design_to_data(design)
    for i in range(50):
        data["components"] += [{"kind": "queue", "name": f"jobs{i}", "visibility_timeout_s": 180},
                               {"kind": "function", "name": f"worker{i}"}]
        data["connections"] += [{"kind": "triggers", "source": f"jobs{i}", "target": f"worker{i}", "batch_size": 10},
                                {"kind": "writes", "source": f"worker{i}", "target": "data-table"}]
    design = design_from_data(data)
    diagram, findings = [], []
    for _ in range(7):
        start = time.perf_counter()
        draw(design)
        diagram.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        advise(design)
        findings.append((time.perf_counter() - start) * 1000)
    return statistics.median(diagram), statistics.median(findings), len(design.components)


def report(stats_csv: Path, seconds: int) -> None:
    rows = list(csv.DictReader(stats_csv.open()))
    print(f"\n{'endpoint':34} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7}  target")
    for row in rows:
        name = row["Name"]
        target = ("p95 ≤ 150 ms" if name.startswith("htmx") else "p95 ≤ 250 ms" if name.startswith("zip") else "")
        verdict = ""
        if target:
            limit = TARGETS_MS["htmx" if name.startswith("htmx") else "zip"]
            verdict = " ok" if float(row["95%"]) <= limit else " MISSED"
        print(f"{name:34} {row['Request Count']:>8} {row['Failure Count']:>6} {float(row['Requests/s']):>7.1f} "
              f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}  {target}{verdict}")
    print(f"(over {seconds} s; 'Aggregated' is every request together; percentiles are Locust's, rounded)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="designer-loadtest-"))
    port = free_port()
    env = {**os.environ, "VAR_DIR": str(work / "var"), "DEBUG": "false", "SECRET_KEY": "loadtest-only-" + "x" * 40,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "false",
           # plain HTTP on loopback: a team install's HTTPS redirect and HSTS would send every request to https://
           "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0", "LOG_LEVEL": "ERROR", "SANDBOX_ENABLED": "false",
           "DJANGO_SETTINGS_MODULE": "designer.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    sessions = prepare(env, args.users)
    print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.users} users for {args.seconds} s")
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "designer.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(args.workers), "--worker-class", "sync", "--log-level", "warning", "--timeout", "30"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/accounts/login/")
        warm_up(f"http://127.0.0.1:{port}")
        subprocess.run(
            [str(Path(PY).parent / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "--host", f"http://127.0.0.1:{port}", "--users", str(args.users), "--spawn-rate", str(args.users),
             "--run-time", f"{args.seconds}s", "--stop-timeout", "5", "--csv", str(work / "stats"),
             "--only-summary", "--loglevel", "WARNING", "--reset-stats"],
            cwd=ROOT, env={**env, "LOADTEST_SESSIONS": sessions}, check=False, timeout=args.seconds + 60,
            stdout=subprocess.DEVNULL if not os.environ.get("LOADTEST_VERBOSE") else None,
        )
        report(work / "stats_stats.csv", args.seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    diagram_ms, findings_ms, count = big_design_ms()
    print(f"\n{count}-component design, in-process medians: diagram (layout + SVG) {diagram_ms:.0f} ms, "
          f"findings {findings_ms:.0f} ms, together {diagram_ms + findings_ms:.0f} ms (target ≤ 300 ms)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
