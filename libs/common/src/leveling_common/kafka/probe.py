"""Readiness: can a TCP connection to the broker be opened?"""

from __future__ import annotations

import asyncio

__all__ = ["broker_reachable"]


async def broker_reachable(bootstrap_servers: str, *, timeout_s: float = 2.0) -> None:
    """Raises ConnectionError unless one of the bootstrap servers accepts a connection."""
    errors: list[str] = []
    for server in bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(host.strip("[]"), int(port)), timeout=timeout_s
            )
        except (OSError, TimeoutError) as error:
            errors.append(f"{server}: {error!r}")
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise ConnectionError("; ".join(errors) or "no bootstrap servers")
