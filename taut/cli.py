"""The `taut` command for operators. It wraps Django's manage.py and adds a few verbs:

taut demo          migrate, load the demo clinics, print the logins and serve them
taut serve         serve Taut with gunicorn (a production-grade server) and whitenoise
taut seed-demo     load the deterministic demo clinics (idempotent)
taut createclinic  create a clinic and its owner's account
taut worker        run a background worker (sends links, check-ins and reminders when due)
taut <command>     any Django management command (migrate, check, shell, ...)
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

SETTINGS = "taut.settings"
VERBS = {"demo", "serve", "seed-demo", "createclinic"}


def _demo_environment(data_dir: Path) -> None:
    """What the demo needs and production must not take for granted: a stored key, plain-HTTP cookies."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    os.environ.setdefault("TAUT_SECRET_KEY_FILE", str(key_file))
    # The demo is served over plain HTTP on the loopback address.
    os.environ.setdefault("TAUT_SECURE_COOKIES", "false")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _django(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["taut", *argv])


def _gunicorn(bind: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "taut.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--no-control-socket",
    ]


def _serve(bind: str, workers: int, threads: int) -> None:
    gunicorn = _gunicorn(bind, workers, threads)
    os.execv(sys.executable, gunicorn)  # noqa: S606 - replaces this process with gunicorn


def _serve_with_worker(bind: str, workers: int, threads: int) -> None:
    """The web server and one background worker, until Ctrl-C (or either stops): both stop."""
    import signal
    import subprocess
    import time

    worker = subprocess.Popen([sys.executable, "-m", "taut.cli", "worker"])  # noqa: S603
    web = subprocess.Popen(_gunicorn(bind, workers, threads))  # noqa: S603
    try:
        while worker.poll() is None and web.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        argv = argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if not argv or argv[0] not in VERBS:
        _django(argv or ["help"])
        return 0

    verb, rest = argv[0], argv[1:]
    parser = argparse.ArgumentParser(prog=f"taut {verb}")
    if verb in {"demo", "serve"}:
        parser.add_argument("--bind", default=os.environ.get("TAUT_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TAUT_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("TAUT_THREADS", "4")))
    if verb == "demo":
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the demo, do not serve"
        )
    if verb == "createclinic":
        _django(["createclinic", *rest])
        # Every clinic starts with Taut's default consent documents (version 1).
        _django(["ensure_consent_documents"])
        return 0
    if verb == "seed-demo":
        _django(["seed_demo", *rest])
        return 0
    args = parser.parse_args(rest)

    if verb == "demo":
        data_dir = Path(os.environ.get("TAUT_DATA_DIR", Path.cwd() / "var"))
        _demo_environment(data_dir)
        _say(f"Taut demo: preparing the database in {data_dir} ...")
        _django(["migrate", "--noinput", "--verbosity", "0"])
        _say("Collecting the static files ...")
        _django(["collectstatic", "--noinput", "--verbosity", "0"])
        _django(["seed_demo"])
        if args.no_serve:
            return 0
        sys.stdout.write(
            f"\nTaut demo: open http://{args.bind}/ and sign in with a login above.\n\n"
        )
        sys.stdout.flush()
        _serve_with_worker(args.bind, args.workers, args.threads)
    if verb == "serve":
        _serve(args.bind, args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
