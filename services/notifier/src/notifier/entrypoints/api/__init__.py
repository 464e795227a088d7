"""The notifier's HTTP API: operations on the delivery ledger and dead letters."""

from notifier.entrypoints.api.app import app_for, create_app, ops_app_for

__all__ = ["app_for", "create_app", "ops_app_for"]
