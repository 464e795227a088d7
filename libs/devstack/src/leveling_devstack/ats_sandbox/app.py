"""`create_app(state)`: the ATS sandbox as a FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from leveling_devstack.ats_sandbox import ashby, harvest, harvest_v3, inspection, lever
from leveling_devstack.ats_sandbox.gateway import AtsGateway
from leveling_devstack.ats_sandbox.problems import install_problem_handlers
from leveling_devstack.ats_sandbox.state import SandboxState

__all__ = ["create_app"]


def create_app(state: SandboxState) -> FastAPI:
    """The sandbox serving `state`: Harvest under /v1 and /v3 (token at /auth/token), the
    Ashby subset under /ashby, the Lever subset under /lever/v1, inspection under /sandbox,
    console /."""
    app = FastAPI(
        title="ATS sandbox",
        version="1",
        description="Greenhouse-, Ashby- and Lever-compatible APIs for local runs and tests.",
    )
    app.state.sandbox = state
    app.state.templates = inspection.create_environment()
    install_problem_handlers(app)
    app.include_router(harvest.router)
    app.include_router(harvest_v3.auth_router)
    app.include_router(harvest_v3.router)
    app.include_router(ashby.router)
    app.include_router(ashby.inspection)
    app.include_router(lever.router)
    app.include_router(lever.inspection)
    app.include_router(inspection.router)
    app.add_middleware(AtsGateway, state=state)
    return app
