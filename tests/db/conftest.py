"""A migrated, empty database per test, on SQLite and on PostgreSQL (see `db_url`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from gongkai.db.engine import make_engine, migrate


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
