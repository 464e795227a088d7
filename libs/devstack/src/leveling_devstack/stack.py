"""The local stack: broker, SMTP sink, ATS sandbox and the three services as processes.

`make run` and the end-to-end tests start it the same way, with the same service commands
a production deployment uses (`<service> migrate`, `catalogue seed`, `<service> all`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import httpx

from leveling_common.testing import PostgresServer, TansuBroker, free_port, wait_for_port
from leveling_devstack.ats_sandbox.ashby import ASHBY_FIELDS, SANDBOX_ASHBY_API_KEY
from leveling_devstack.ats_sandbox.lever import SANDBOX_LEVER_API_KEY
from leveling_devstack.identity import CONSOLE_CLIENT_ID, provider_argv

__all__ = ["SERVICES", "LocalStack", "StackConfig", "bundled_seeds"]

SERVICES = ("catalogue", "leveler", "notifier")
SANDBOX_API_KEY = "sandbox-harvest-key"
SANDBOX_ON_BEHALF_OF = "4080000"


def bundled_seeds() -> Path:
    """The seed postings shipped with this package (copies of shared/seeds/posting-*.txt)."""
    return Path(__file__).with_name("seed_postings")


def _command(name: str) -> str:
    # The console scripts sit next to the interpreter in the project's environment.
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


@dataclass
class StackConfig:
    base_dir: Path = Path("var")
    database: Literal["sqlite", "postgresql"] = "sqlite"
    broker_port: int = 9092
    ports: dict[str, int] = field(
        default_factory=lambda: {"catalogue": 8001, "leveler": 8002, "notifier": 8003}
    )
    ats_port: int = 8010
    smtp_port: int = 1025
    oidc_port: int = 8020
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    greenhouse_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    ashby_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    oidc_client_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    # Greenhouse's documented Harvest limit; benchmarks lift it to measure our own latency.
    ats_rate_limit: int = 50
    # Our own per-source limit on webhooks and writes (LEVELER_/CATALOGUE_RATE_LIMIT);
    # benchmarks that offer more than this lift it too.
    api_rate_limit: str = "100/second"
    # Tansu answers a fetch when its wait is over, not when records arrive, so on the local
    # stack this wait is part of every Kafka hop: a short one keeps a requisition's way
    # through the stack short, at the price of about 50 empty fetches a second per consumer.
    fetch_max_wait_ms: int = 20

    @classmethod
    def on_free_ports(cls, base_dir: Path, **overrides: object) -> StackConfig:
        ports = {name: free_port() for name in SERVICES}
        return cls(
            base_dir=base_dir,
            broker_port=free_port(),
            ports=ports,
            ats_port=free_port(),
            smtp_port=free_port(),
            oidc_port=free_port(),
            **overrides,  # type: ignore[arg-type]
        )

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def ats_url(self) -> str:
        return f"http://127.0.0.1:{self.ats_port}"

    @property
    def oidc_url(self) -> str:
        return f"http://127.0.0.1:{self.oidc_port}"


class LocalStack:
    """Start, stop, kill and restart the parts of the stack; every process logs to a file."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.logs = config.base_dir / "logs"
        self.broker = TansuBroker(config.broker_port, log_path=self.logs / "broker.log")
        self.postgres: PostgresServer | None = None
        self.database_urls: dict[str, str] = {}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> LocalStack:
        self.logs.mkdir(parents=True, exist_ok=True)
        try:
            self._start_infrastructure()
            # Each service's migrations (and the catalogue's seed) are a process of their own
            # that mostly waits on its database: side by side, the stack is up seconds sooner.
            with ThreadPoolExecutor(len(SERVICES)) as pool:
                list(pool.map(self._migrate_and_start, SERVICES))
            for service in SERVICES:
                self.wait_ready(service)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop_process(name)
        self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None

    # -- parts ---------------------------------------------------------------------------
    def _start_infrastructure(self) -> None:
        self.broker.start()
        if self.config.database == "postgresql":
            self.postgres = PostgresServer().start()
            for service in SERVICES:
                self.database_urls[service] = self.postgres.create_database(service)
        else:
            for service in SERVICES:
                path = (self.config.base_dir / f"{service}.db").resolve()
                self.database_urls[service] = f"sqlite+aiosqlite:///{path}"
        self.start_sandbox()
        self.start_identity_provider()

    def start_identity_provider(self) -> None:
        self._spawn("oidc-provider", provider_argv(self.config.oidc_port))
        wait_for_port(self.config.oidc_port, seconds=30)

    def start_sandbox(self) -> None:
        c = self.config
        argv = [_command("devstack"), "ats-sandbox", "--port", str(c.ats_port)]
        argv += ["--smtp-port", str(c.smtp_port), "--mail-dir", str(c.base_dir / "mail")]
        argv += ["--api-key", SANDBOX_API_KEY, "--seeds", str(bundled_seeds())]
        argv += ["--rate-limit", str(c.ats_rate_limit)]
        self._spawn("ats-sandbox", argv)
        wait_for_port(c.ats_port, seconds=30)
        wait_for_port(c.smtp_port, seconds=30)

    def _migrate_and_start(self, service: str) -> None:
        self.migrate(service)
        if service == "catalogue":
            self._run_once("catalogue", "seed")
        self.start_service(service)

    def migrate(self, service: str) -> None:
        self._run_once(service, "migrate")

    def start_service(self, service: str) -> None:
        self._spawn(service, [_command(service), "all"], env=self.env_for(service))

    def wait_ready(self, service: str, *, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        url = f"{self.config.url(service)}/readyz"
        while time.monotonic() < deadline:
            process = self.processes.get(service)
            if process is not None and process.poll() is not None:
                raise RuntimeError(
                    f"{service} exited with {process.returncode}: {self._tail(service)}"
                )
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{service} not ready after {seconds}s: {self._tail(service)}")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes[name]
        process.send_signal(sig)
        process.wait(timeout=30)

    def stop_process(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # -- environment ---------------------------------------------------------------------
    def env_for(self, service: str) -> dict[str, str]:
        c = self.config
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap,
            "LEVELING_ADMIN_TOKEN": c.admin_token,
            "CATALOGUE_URL": c.url("catalogue"),
            "CATALOGUE_LEVELER_URL": c.url("leveler"),
            "LEVELER_RATE_LIMIT": c.api_rate_limit,
            "CATALOGUE_RATE_LIMIT": c.api_rate_limit,
            "LEVELER_GREENHOUSE_SECRET": c.greenhouse_secret,
            "LEVELER_ASHBY_SECRET": c.ashby_secret,
            "NOTIFIER_GREENHOUSE_URL": c.ats_url,
            "NOTIFIER_GREENHOUSE_API_KEY": SANDBOX_API_KEY,
            "NOTIFIER_GREENHOUSE_ON_BEHALF_OF": SANDBOX_ON_BEHALF_OF,
            # Lever has no requisition webhooks: the leveler polls the sandbox's Lever.
            "LEVELER_LEVER_URL": f"{c.ats_url}/lever",
            "LEVELER_LEVER_API_KEY": SANDBOX_LEVER_API_KEY,
            "LEVELER_LEVER_POLL_SECONDS": "5",
            "NOTIFIER_LEVER_URL": f"{c.ats_url}/lever",
            "NOTIFIER_LEVER_API_KEY": SANDBOX_LEVER_API_KEY,
            "NOTIFIER_ASHBY_URL": f"{c.ats_url}/ashby",
            "NOTIFIER_ASHBY_API_KEY": SANDBOX_ASHBY_API_KEY,
            "NOTIFIER_ASHBY_FIELD_LEVEL": ASHBY_FIELDS.level,
            "NOTIFIER_ASHBY_FIELD_PAY_BAND": ASHBY_FIELDS.pay_band,
            "NOTIFIER_ASHBY_FIELD_RATIONALE": ASHBY_FIELDS.rationale,
            "LEVELING_OIDC_DISCOVERY_URL": f"{c.oidc_url}/.well-known/openid-configuration",
            "LEVELING_OIDC_CLIENT_ID": CONSOLE_CLIENT_ID,
            "LEVELING_OIDC_CLIENT_SECRET": c.oidc_client_secret,
            "NOTIFIER_SMTP_HOST": "127.0.0.1",
            "NOTIFIER_SMTP_PORT": str(c.smtp_port),
            # A band-set digest goes out a few seconds after the re-levelling settles.
            "NOTIFIER_DIGEST_QUIET_SECONDS": "3",
            # The local sink and sandbox answer at once: sends time out sooner, so a delivery
            # a killed notifier held is taken over after 25 s instead of the default 120 s.
            "NOTIFIER_SMTP_TIMEOUT_SECONDS": "10",
            "NOTIFIER_LEASE_SECONDS": "25",
            "KAFKA_FETCH_MAX_WAIT_MS": str(c.fetch_max_wait_ms),
            "PYTHONUNBUFFERED": "1",
        }
        for name in SERVICES:
            env[f"{name.upper()}_PORT"] = str(c.ports[name])
            if name in self.database_urls:
                env[f"{name.upper()}_DATABASE_URL"] = self.database_urls[name]
        return env

    def _run_once(self, service: str, command: str) -> None:
        result = subprocess.run(
            [_command(service), command],
            env=self.env_for(service),
            capture_output=True,
            check=False,
            timeout=120,
        )
        with (self.logs / f"{service}-{command}.log").open("ab") as log:
            log.write(result.stdout + result.stderr)
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{service} {command} failed: {' | '.join(detail)}")

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        with (self.logs / f"{name}.log").open("ab") as log:  # the child keeps its descriptor
            self.processes[name] = subprocess.Popen(
                argv, env=env or self.env_for(name), stdout=log, stderr=log
            )

    def _tail(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():
            return ""
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-5:])


def reset_state(base_dir: Path) -> None:
    """Forget the previous run: the broker is memory-only, so old offsets would not match."""
    for name in (*(f"{s}.db" for s in SERVICES), "mail", "logs"):
        target = base_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            for path in base_dir.glob(f"{name}*"):
                path.unlink()
