from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from gongkai.db.engine import downgrade, make_engine, migrate
from gongkai.workbench.orm import Base


def _schema(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        inspector = inspect(engine)
        return {
            table: {c["name"] for c in inspector.get_columns(table)}
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }
    finally:
        engine.dispose()


def test_migrate_gives_the_tables_of_the_orm(db_url: str) -> None:
    migrate(db_url)
    expected = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    assert _schema(db_url) == expected


def test_migration_matches_the_orm_in_detail(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    migrate(db_url)
    downgrade(db_url, "base")
    assert _schema(db_url) == {}
    migrate(db_url)
    assert set(_schema(db_url)) == set(Base.metadata.tables)


def test_migrate_twice_is_harmless(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    assert set(_schema(db_url)) == set(Base.metadata.tables)
