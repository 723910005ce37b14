"""Shared fixtures: where the shared samples are, a CLI runner, and databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"the shared samples are expected beside the checkout at {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def text_samples(samples_dir: Path) -> list[Path]:
    return sorted(samples_dir.glob("*.txt"))


def _postgres_bin() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
            "run `make setup`, which installs the Debian package `postgresql`"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1; yields an admin URL (database `postgres`)."""
    pgbin = _postgres_bin()
    pgdata = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
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
            pytest.fail(f"{Path(args[0]).name} failed:\n{done.stdout}{done.stderr}{server_log}")

    options = (
        f"-p {port} -k {pgdata} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    started = False  # a failed start may still leave a server behind: stopped below as well
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
        started = True
        yield f"postgresql+psycopg://app@127.0.0.1:{port}/postgres"
    finally:
        if started or (pgdata / "postmaster.pid").exists():
            subprocess.run(
                [*run_as, str(pgbin / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(pgdata, ignore_errors=True)


_db_numbers = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty database: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    import psycopg

    admin: str = request.getfixturevalue("postgres_server")
    name = f"test_{next(_db_numbers)}"
    with psycopg.connect(admin.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # name is ours: test_<n>
    return admin.rsplit("/", 1)[0] + f"/{name}"
