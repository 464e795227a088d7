"""The test servers name their own processes, so benchmarks can read their CPU time."""

from __future__ import annotations

import psutil

from leveling_common.testing import PostgresServer, TansuBroker


def test_the_broker_names_its_running_process_and_none_once_stopped():
    with TansuBroker() as broker:
        assert broker.pid is not None
        process = psutil.Process(broker.pid)
        assert any(f":{broker.port}" in part for part in process.cmdline())
    assert broker.pid is None


def test_postgres_names_the_postmaster_whose_children_serve_clients(
    postgres_server: PostgresServer,
):
    postmaster = psutil.Process(postgres_server.pid)
    command = postmaster.cmdline()
    assert command[command.index("-p") + 1] == str(postgres_server.port)
    assert postmaster.children()  # the background workers, and a backend per client
