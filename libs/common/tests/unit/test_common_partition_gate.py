"""A worker process is ready only once each of its consumer groups has its partitions."""

from __future__ import annotations

import pytest

from leveling_common.kafka import PartitionGate
from leveling_common.kafka.assignment import WaitingForPartitions


async def test_a_process_without_consumers_is_ready():
    await PartitionGate().check()


async def test_each_expected_group_must_be_assigned_before_the_process_is_ready():
    gate = PartitionGate()
    gate.expect("leveler")
    gate.expect("leveler-lever")
    with pytest.raises(WaitingForPartitions, match="leveler, leveler-lever"):
        await gate.check()
    gate.assigned("leveler")
    with pytest.raises(WaitingForPartitions, match="leveler-lever"):
        await gate.check()
    gate.assigned("leveler-lever")
    await gate.check()
