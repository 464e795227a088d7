"""What a benchmark reads of a process and every process it started (psutil)."""

from __future__ import annotations

import psutil

__all__ = ["tree", "tree_cpu_seconds"]


def tree(pid: int) -> list[psutil.Process]:
    """The process and its descendants; raises psutil.Error when it has exited."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the process and its descendants."""
    return sum(sum(process.cpu_times()[:2]) for process in tree(pid))
