"""A throw-away PostgreSQL server (initdb + pg_ctl) for tests and benchmarks.

initdb refuses to run as root, so as root the server runs as the `postgres` system user;
fsync is off because the data dies with the test session anyway.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import TracebackType

from leveling_common.testing.broker import free_port

__all__ = ["PostgresServer", "postgres_bin_dir"]


def postgres_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresServer:
    """`with PostgresServer() as pg: url = pg.create_database()`."""

    def __init__(self) -> None:
        self.port = free_port()
        self._dir = Path(tempfile.mkdtemp(prefix="leveling-pg-"))
        self._data = self._dir / "data"
        self._bin = postgres_bin_dir()

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self._dir, user="postgres", group="postgres")
        initdb = [str(self._bin / "initdb"), "-D", str(self._data), "-U", "postgres"]
        self._run([*initdb, "--auth=trust", "-E", "UTF8", "--no-sync"])
        options = (
            f"-p {self.port} -k {self._dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        pg_ctl = [str(self._bin / "pg_ctl"), "-D", str(self._data), "-o", options]
        self._run([*pg_ctl, "-l", str(self._dir / "log"), "-w", "start"])
        return self

    def stop(self) -> None:
        if self._data.exists():
            pg_ctl = [str(self._bin / "pg_ctl"), "-D", str(self._data), "-m", "immediate"]
            subprocess.run(_as_postgres([*pg_ctl, "stop"]), capture_output=True, check=False)
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def pid(self) -> int:
        """The postmaster's process id (its children are the backends serving clients)."""
        return int((self._data / "postmaster.pid").read_text().split()[0])

    def url(self, database: str = "postgres", *, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its SQLAlchemy async URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        psql = [str(self._bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        self._run([*psql, "-q", "-c", f'CREATE DATABASE "{name}"'])
        return self.url(name)

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(_as_postgres(command), capture_output=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"{Path(command[0]).name} failed: {result.stderr.decode(errors='replace')[-800:]}"
            )

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
