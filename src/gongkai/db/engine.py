"""Engines for SQLite (WAL, foreign keys on) and PostgreSQL (psycopg), and schema migration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from gongkai.settings import normalize_database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    assert parsed.database is not None  # normalize_database_url refuses SQLite without a file
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config() -> Config:
    """Alembic's configuration lives in the package: no alembic.ini is needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` (the latest by default)."""
    _run(url, command.upgrade, revision)


def downgrade(url: str, revision: str) -> None:
    _run(url, command.downgrade, revision)


def _run(url: str, action: Any, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            action(config, revision)
    finally:
        engine.dispose()
