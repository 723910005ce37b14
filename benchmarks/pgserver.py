"""A throwaway PostgreSQL server for benchmarks, started the way tests/conftest.py does it.

    with throwaway_postgres() as url:  # postgresql+psycopg://app@127.0.0.1:PORT/postgres
        ...

initdb in a temporary directory (as the `postgres` user via runuser when running as root), a free
port on 127.0.0.1, durability off (fsync, synchronous_commit, full_page_writes). The server is
stopped and its directory removed on exit, also on Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType


class PostgresError(RuntimeError):
    """The throwaway server could not be set up."""


def postgres_bin() -> Path:
    """The newest /usr/lib/postgresql/*/bin."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not found:
        raise PostgresError("PostgreSQL server binaries not found: run `make setup`")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `finally` below


@contextmanager
def throwaway_postgres(extra_options: str = "") -> Iterator[str]:
    """Start a server, yield an admin URL (database `postgres`), stop and remove it afterwards."""
    pgbin = postgres_bin()
    pgdata = Path(tempfile.mkdtemp(prefix="gongkai-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(pgdata, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    log = pgdata / "server.log"

    def pg(*args: str) -> None:
        done = subprocess.run(
            [*run_as, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise PostgresError(
                f"{Path(args[0]).name} failed:\n{done.stdout}{done.stderr}{server_log}"
            )

    options = (
        f"-p {port} -k {pgdata} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off " + extra_options
    ).strip()
    previous = signal.signal(signal.SIGTERM, _sigterm)
    try:
        initdb = ["-D", str(pgdata), "-U", "app", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
        pg(str(pgbin / "initdb"), *initdb)
        pg(
            str(pgbin / "pg_ctl"),
            "-D",
            str(pgdata),
            "-l",
            str(log),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )
        yield f"postgresql+psycopg://app@127.0.0.1:{port}/postgres"
    finally:
        if (pgdata / "postmaster.pid").exists():
            subprocess.run(
                [
                    *run_as,
                    str(pgbin / "pg_ctl"),
                    "-D",
                    str(pgdata),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(pgdata, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
