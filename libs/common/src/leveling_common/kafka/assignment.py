"""Whether a process's consumers have their partitions.

A process that runs a worker reports ready only once each of its consumer groups has had
its partitions assigned, so a requisition sent right after readiness is not left waiting
for the group to form. A process that runs no worker (`serve`) expects no assignment.
"""

from __future__ import annotations

__all__ = ["PartitionGate", "WaitingForPartitions"]


class WaitingForPartitions(RuntimeError):
    pass


class PartitionGate:
    def __init__(self) -> None:
        self._expected: set[str] = set()
        self._assigned: set[str] = set()

    def expect(self, group_id: str) -> None:
        """A consumer of `group_id` is starting in this process."""
        self._expected.add(group_id)

    def assigned(self, group_id: str) -> None:
        """The group's rebalance gave this member its share (possibly none: more members
        than partitions), so records for it are fetched from now on."""
        self._assigned.add(group_id)

    async def check(self) -> None:
        """A readiness check: fails while an expected group has no assignment yet."""
        waiting = sorted(self._expected - self._assigned)
        if waiting:
            raise WaitingForPartitions(f"waiting for partitions of {', '.join(waiting)}")
