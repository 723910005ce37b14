"""The database edge: engines for SQLite and PostgreSQL, and the Alembic migrations."""
