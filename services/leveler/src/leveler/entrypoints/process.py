"""The leveler as a running process: its API, its worker and its ops app, from one container."""

from __future__ import annotations

from leveler import __version__
from leveler.bootstrap import bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker
from leveling_common.service.lifecycle import Process

__all__ = ["process"]


def process(settings: Settings) -> Process:
    container = bootstrap(settings)
    return Process(
        name="leveler",
        version=__version__,
        settings=settings,
        host=settings.host,
        port=settings.port,
        readiness={
            "database": container.database_ready,
            "broker": container.broker_ready,
            "partitions": container.partitions.check,
            "lever": container.lever_health.check,
        },
        api=lambda: create_app(container),
        work=lambda stop: run_worker(container, stop),
        close=container.aclose,
    )
