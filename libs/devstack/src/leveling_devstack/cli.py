"""`devstack`: run the ATS sandbox with its SMTP sink, or send the sample jobs as webhooks."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import httpx

from leveling_devstack.ats_sandbox import SANDBOX_API_KEY, SandboxState, WebhookSettings, create_app
from leveling_devstack.runner import run_stack
from leveling_devstack.samples import sample_jobs
from leveling_devstack.server import BackgroundServer
from leveling_devstack.smtp_sink import SmtpSink
from leveling_devstack.webhooks import send_greenhouse_webhook

__all__ = ["main"]

DEFAULT_TARGET = "http://127.0.0.1:8002/v1/webhooks/greenhouse"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> _Parser:
    parser = _Parser(prog="devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sandbox = commands.add_parser("ats-sandbox", help="serve the ATS sandbox and the SMTP sink")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8010, help="HTTP port (0: any free one)")
    sandbox.add_argument("--smtp-port", type=int, default=1025, help="SMTP port (0: any)")
    sandbox.add_argument("--mail-dir", type=Path, help="keep mail as .eml files here")
    sandbox.add_argument("--seeds", type=Path, help="also serve jobs built from posting-*.txt")
    sandbox.add_argument(
        "--api-key",
        action="append",
        help=f"accepted Harvest API key (repeatable; default {SANDBOX_API_KEY!r} or "
        "$NOTIFIER_GREENHOUSE_API_KEY)",
    )
    sandbox.add_argument(
        "--rate-limit",
        type=int,
        default=50,
        help="Harvest calls allowed per 10 s window, then 429 (Greenhouse documents 50)",
    )
    sandbox.add_argument("--webhook-target", help="where to send job_updated webhooks")
    sandbox.add_argument("--webhook-secret", default=os.environ.get("LEVELER_GREENHOUSE_SECRET"))
    sandbox.add_argument(
        "--emit-job-updated",
        action="store_true",
        help="send a signed job_updated webhook after an edit changes a job, like Greenhouse",
    )

    run = commands.add_parser("run", help="the whole local stack, then the demo (make run)")
    run.add_argument("--base-dir", type=Path, default=Path("var"))
    run.add_argument("--no-demo", action="store_true", help="start the stack only")
    run.add_argument(
        "--free-ports",
        action="store_true",
        help="take free ports instead of 8001-8003, 8010, 1025 and 9092 (beside another stack)",
    )

    send = commands.add_parser("send-samples", help="send the sample jobs as job_created webhooks")
    send.add_argument("--target", default=DEFAULT_TARGET)
    send.add_argument("--secret", default=os.environ.get("LEVELER_GREENHOUSE_SECRET"))
    send.add_argument("--seeds", type=Path, help="also send jobs built from posting-*.txt")
    send.add_argument("--action", default="job_created")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "send-samples" and not args.secret:
        parser.error("send-samples needs --secret (or LEVELER_GREENHOUSE_SECRET)")
    seeds: Path | None = getattr(args, "seeds", None)
    if seeds is not None and not seeds.is_dir():
        parser.error(f"--seeds {seeds} is not a directory")
    if args.command == "ats-sandbox":
        return _run_sandbox(args)
    if args.command == "run":
        return run_stack(args.base_dir, demo=not args.no_demo, free_ports=args.free_ports)
    return asyncio.run(_send_samples(args))


def _run_sandbox(args: argparse.Namespace) -> int:
    keys = args.api_key or [os.environ.get("NOTIFIER_GREENHOUSE_API_KEY") or SANDBOX_API_KEY]
    webhooks = WebhookSettings(
        emit_job_updated=args.emit_job_updated,
        target=args.webhook_target,
        secret=args.webhook_secret,
    )
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    sink = SmtpSink(host=args.host, port=args.smtp_port, mail_dir=args.mail_dir)
    state = SandboxState(
        jobs=sample_jobs(args.seeds),
        api_keys=keys,
        rate_limit=args.rate_limit,
        webhooks=webhooks,
        mail=sink,
    )
    server = BackgroundServer(create_app(state), host=args.host, port=args.port)
    try:
        sink.start()
        server.start()
        print(f"ATS sandbox: {server.url}/ (console)", flush=True)
        print(f"SMTP sink: {sink.host}:{sink.port}", flush=True)
        stop.wait()
    except OSError as exc:
        print(f"devstack: error: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        sink.stop()
    return 0


async def _send_samples(args: argparse.Namespace) -> int:
    failures = 0
    async with httpx.AsyncClient(timeout=10.0) as client:
        for job in sample_jobs(args.seeds):
            outcome = await _send_one(client, args, job)
            failures += not outcome.startswith("2")
            print(f"{job['id']} {args.action} {job['name']!r} -> {outcome}", flush=True)
    return 1 if failures else 0


async def _send_one(client: httpx.AsyncClient, args: argparse.Namespace, job: Any) -> str:
    try:
        response = await send_greenhouse_webhook(
            args.target, args.secret, args.action, job, client=client
        )
    except httpx.HTTPError as exc:
        return f"error: {type(exc).__name__}: {exc}"
    return str(response.status_code)


if __name__ == "__main__":
    sys.exit(main())
