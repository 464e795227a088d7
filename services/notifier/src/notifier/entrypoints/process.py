"""The notifier as a running process: its API, its worker and its ops app, from one service."""

from __future__ import annotations

import notifier
from leveling_common.service.lifecycle import Process
from notifier.bootstrap import bootstrap
from notifier.config import Settings
from notifier.entrypoints.api import app_for, ops_app_for
from notifier.entrypoints.worker import run_worker

__all__ = ["process"]


def process(settings: Settings) -> Process:
    service = bootstrap(settings)
    return Process(
        name="notifier",
        version=notifier.__version__,
        settings=settings,
        host=settings.host,
        port=settings.port,
        readiness=service.readiness(),
        api=lambda: app_for(service),
        work=lambda stop: run_worker(service, stop),
        close=service.aclose,
        ops_api=lambda: ops_app_for(service),  # reports the delivery gauge too
    )
