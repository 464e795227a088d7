"""Property-based API tests from the OpenAPI document: no 5xx, every response as documented."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi import checks

from leveler.adapters.migrations import migrate
from leveler.bootstrap import bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.testing import CatalogueStub, seed_snapshot
from leveling_common.testing import free_port, wait_for_port

TOKEN = "fuzz-admin-token-0123456789"
# A deeper run: LEVELER_FUZZ_EXAMPLES=200 pytest ... (the default keeps the run short).
EXAMPLES = int(os.environ.get("LEVELER_FUZZ_EXAMPLES", "15"))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def served_leveler(tmp_path_factory: pytest.TempPathFactory, kafka_bootstrap: str) -> Iterator[str]:
    """The API on SQLite behind a real uvicorn server in a background thread (the fuzzer's
    client is synchronous, so the server cannot share the test's event loop)."""
    path: Path = tmp_path_factory.mktemp("fuzz") / "leveler.db"
    database_url = f"sqlite+aiosqlite:///{path}"
    migrate(database_url)
    with CatalogueStub(seed_snapshot(), token=TOKEN) as catalogue:
        settings_ = Settings(
            LEVELING_ADMIN_TOKEN=TOKEN,
            KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
            CATALOGUE_URL=catalogue.url,
            database_url=database_url,
            port=free_port(),
            greenhouse_secret="fuzz-greenhouse",
            ashby_secret="fuzz-ashby",
        )
        container = bootstrap(settings_)
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(container), host="127.0.0.1", port=settings_.port, log_config=None
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


def test_every_operation_answers_as_documented(served_leveler: str) -> None:
    schema = schemathesis.openapi.from_url(f"{served_leveler}/openapi.json")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    failures: dict[str, str] = {}
    # /metrics comes from the shared app shell and is Prometheus text, not JSON.
    operations = [
        operation
        for result in schema.get_all_operations()
        if (operation := result.ok()).path != "/metrics"  # type: ignore[union-attr]
    ]
    assert len(operations) >= 9

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure at once
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_the_requisition_intake_accepts_what_its_schema_allows(served_leveler: str) -> None:
    """Positive data only: anything the documented body schema allows is taken (2xx)."""
    schema = schemathesis.openapi.from_url(f"{served_leveler}/openapi.json")
    operation = schema["/v1/requisitions"]["POST"]
    headers = {"Authorization": f"Bearer {TOKEN}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=max(EXAMPLES, 30),
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def accepted(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=headers, checks=[checks.positive_data_acceptance])

    accepted()
