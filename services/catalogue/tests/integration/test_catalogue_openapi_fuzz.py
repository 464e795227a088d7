"""Property-based API tests from the OpenAPI document: no 5xx, every response as documented."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi import checks

from catalogue.bootstrap import bootstrap
from catalogue.config import Settings
from catalogue.entrypoints.api import create_app
from catalogue.seed import seed
from leveling_common.testing import free_port, wait_for_port

pytestmark = pytest.mark.integration

# A deeper run: CATALOGUE_FUZZ_EXAMPLES=200 pytest ... (the default keeps CI under a minute).
EXAMPLES = int(os.environ.get("CATALOGUE_FUZZ_EXAMPLES", "12"))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def served_catalogue(
    tmp_path_factory: pytest.TempPathFactory,
    settings_for: Callable[..., Settings],
    run_migrations: Callable[[str], str],
) -> Iterator[str]:
    """A seeded catalogue on SQLite behind a real uvicorn server in a background thread."""
    path = tmp_path_factory.mktemp("fuzz") / "catalogue.db"
    settings_ = settings_for(run_migrations(f"sqlite+aiosqlite:///{path}"), port=free_port())

    async def load() -> None:
        catalogue = bootstrap(settings_)
        try:
            await seed(catalogue.uow)
        finally:
            await catalogue.close()

    asyncio.run(load())
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings_), host="127.0.0.1", port=settings_.port, log_config=None
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(settings_.port)
    try:
        yield f"http://127.0.0.1:{settings_.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_every_operation_answers_as_documented(
    served_catalogue: str, admin_headers: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_url(f"{served_catalogue}/openapi.json")
    failures: dict[str, str] = {}
    # /metrics comes from the shared app shell and is Prometheus text, not JSON.
    operations = [
        operation
        for result in schema.get_all_operations()
        if (operation := result.ok()).path != "/metrics"  # type: ignore[union-attr]
    ]
    assert len(operations) >= 25

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=admin_headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure at once
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
