"""Shared fixtures: where the shared samples are, a CLI runner, and databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.pgserver import PostgresError, throwaway_postgres

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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 (benchmarks/pgserver.py, shared with `make
    bench`); yields an admin URL (database `postgres`). Missing binaries fail, never skip."""
    try:
        server = throwaway_postgres()
        url = server.__enter__()
    except PostgresError as err:
        pytest.fail(str(err))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


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
