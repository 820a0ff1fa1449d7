"""Persistence: SQLAlchemy models, engines for SQLite and PostgreSQL, change feed, audit chain."""
