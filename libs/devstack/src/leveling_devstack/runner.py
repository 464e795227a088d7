"""`devstack run`: the whole stack with embedded defaults, then the demo; Ctrl-C stops it."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

from leveling_devstack.demo import run_demo
from leveling_devstack.identity import CONSOLE_PEOPLE
from leveling_devstack.stack import SERVICES, LocalStack, StackConfig, reset_state

__all__ = ["run_stack"]


def _banner(stack: LocalStack) -> list[str]:
    c = stack.config
    lines = [
        "",
        "The stack is up (broker, SMTP sink, ATS sandbox, sign-in provider, the three services).",
        f"  broker            {stack.broker.bootstrap}   (Tansu, in memory)",
    ]
    for service in SERVICES:
        lines.append(
            f"  {service:<17} {c.url(service)}   console {c.url(service)}/console"
            f"   API docs {c.url(service)}/docs"
        )
    lines += [
        f"  ATS sandbox       {c.ats_url}/   (write-backs and emails land here)",
        f"  SMTP sink         127.0.0.1:{c.smtp_port}",
        f"  sign-in (OIDC)    {c.oidc_url}/   consoles: one click as a person below",
        *(
            f"                      {p.email:<38} {', '.join(p.roles) or 'no role'}"
            for p in CONSOLE_PEOPLE
        ),
        f"  admin token       {c.admin_token}",
        f"  logs              {c.base_dir / 'logs'}/",
        "",
    ]
    return lines


def run_stack(base_dir: Path = Path("var"), *, demo: bool = True, free_ports: bool = False) -> int:
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    reset_state(base_dir)
    print("Starting the local stack (state from earlier runs in ./var is reset)…", flush=True)
    config = StackConfig.on_free_ports(base_dir) if free_ports else StackConfig(base_dir=base_dir)
    stack = LocalStack(config)
    try:
        stack.start()
        for line in _banner(stack):
            print(line, flush=True)
        if demo:
            complete = run_demo(stack.config, lambda line: print(line, flush=True))
            print("", flush=True)
            print(f"Emails and write-backs: {stack.config.ats_url}/", flush=True)
            if not complete:
                print("Some decisions did not arrive; see the logs above.", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        stop.wait()
    finally:
        print("Stopping…", flush=True)
        stack.stop()
    return 0
