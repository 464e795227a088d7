"""The leveler's HTTP API: ATS webhooks, canonical intake, decisions, overrides."""

from leveler.entrypoints.api.app import create_app

__all__ = ["create_app"]
