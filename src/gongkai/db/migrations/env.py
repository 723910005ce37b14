"""Alembic environment: runs on the connection `gongkai.db.engine` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from gongkai.workbench.orm import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through gongkai.db.engine.migrate(url)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
