"""Running the leveler's Alembic migrations from code (`leveler migrate`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

__all__ = ["alembic_config", "migrate"]

# The migrations live beside the package in the source tree (services/leveler/migrations).
_SERVICE_ROOT = Path(__file__).resolve().parents[3]


def alembic_config(database_url: str) -> Config:
    ini = _SERVICE_ROOT / "alembic.ini"
    if not ini.is_file():
        raise FileNotFoundError(f"alembic.ini not found at {ini}")
    config = Config(str(ini))
    config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str, revision: str = "head") -> None:
    """Upgrade to `revision`; blocking, so call it outside a running event loop."""
    command.upgrade(alembic_config(database_url), revision)
