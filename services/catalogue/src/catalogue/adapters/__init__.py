"""Adapters: the SQL repository and unit of work, the in-memory twin, the outbox."""
