import pytest

from leveling_common.kafka import broker_reachable
from leveling_common.testing import free_port

pytestmark = pytest.mark.integration


async def test_the_broker_is_ready_when_one_bootstrap_server_accepts_a_connection(
    kafka_bootstrap,
):
    closed = f"127.0.0.1:{free_port()}"
    await broker_reachable(f"{closed},{kafka_bootstrap}")


async def test_the_broker_is_not_ready_when_no_bootstrap_server_answers():
    with pytest.raises(ConnectionError, match=r"127\.0\.0\.1"):
        await broker_reachable(f"127.0.0.1:{free_port()}", timeout_s=1)
