"""FastAPI dependencies: the ports the routes use, by type alias."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from notifier.service_layer.ports import DeliveryLedger, DlqReplayer

__all__ = ["LedgerDep", "ReplayerDep"]


def get_ledger(request: Request) -> DeliveryLedger:
    ledger: DeliveryLedger = request.app.state.ledger
    return ledger


def get_replayer(request: Request) -> DlqReplayer:
    replayer: DlqReplayer = request.app.state.replayer
    return replayer


LedgerDep = Annotated[DeliveryLedger, Depends(get_ledger)]
ReplayerDep = Annotated[DlqReplayer, Depends(get_replayer)]
