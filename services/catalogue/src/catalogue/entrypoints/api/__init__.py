"""The catalogue's HTTP API."""

from catalogue.entrypoints.api.app import create_app

__all__ = ["create_app"]
