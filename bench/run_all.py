"""`make bench`: run every benchmark once on this machine, write docs/benchmarks.{md,json}.

Each benchmark is a script whose `run()` returns a dict; it runs in its own process so one
benchmark's memory and threads do not colour the next. Nothing in the report is typed by
hand: the Markdown is rendered from the JSON of this run.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BENCHES = ("engine", "catalogue", "workbook", "leveler", "notifier", "stack")


def _machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory_kb = int(meminfo.read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _run_bench(name: str) -> dict[str, Any]:
    script = ROOT / "bench" / f"bench_{name}.py"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=1800, check=False
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"bench_{name} failed ({result.returncode}):\n{tail}")
    data: dict[str, Any] = json.loads(result.stdout)
    data["_seconds"] = round(time.monotonic() - started, 1)
    data["_date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return data


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        rows: list[tuple[str, Any]] = []
        for key, value in data.items():
            if key.startswith("_"):
                continue
            rows.extend(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    if isinstance(data, list):
        return [(prefix, json.dumps(data))]
    return [(prefix, data)]


GOALS = (
    (
        "engine decisions/s, seed catalogue (one core)",
        "engine",
        "seed.evaluation_set.decisions_per_s_cpu",
        ">=",
        5000,
    ),
    (
        "engine decisions/s, 200 profiles over both tracks (one core)",
        "engine",
        "synthetic_200_both_tracks.generated_requisitions.decisions_per_s_cpu",
        ">=",
        2000,
    ),
    (
        "engine index build, 200 profiles over both tracks (ms)",
        "engine",
        "synthetic_200_both_tracks.build_index_ms",
        "<=",
        2000,
    ),
    (
        "workbook import on PostgreSQL: 200 profiles, 5 levels, 6 zones (s)",
        "workbook",
        "postgresql.import_s",
        "<",
        10,
    ),
    ("leveler throughput ÷ bare aiokafka pass-through", "leveler", "ratio", ">=", 0.3),
    (
        "first requisition after start: webhook → write-back (ms)",
        "stack",
        "cold_start.first_requisition_ms",
        "<",
        1000,
    ),
    ("webhook → write-back p99 at 50/s (ms)", "stack", "latency.rate_50.p99_ms", "<", 500),
    ("peak RSS catalogue (MB)", "stack", "peak_rss_mb.catalogue", "<", 300),
    ("peak RSS leveler (MB)", "stack", "peak_rss_mb.leveler", "<", 300),
    ("peak RSS notifier (MB)", "stack", "peak_rss_mb.notifier", "<", 300),
)


def _meets(value: float, op: str, target: float) -> bool:
    if op == ">=":
        return value >= target
    if op == "<=":
        return value <= target
    return value < target


def _goal_rows(results: dict[str, dict[str, Any]]) -> list[str]:
    rows = ["| goal | target | measured | met |", "|---|---|---|---|"]
    for label, bench, path, op, target in GOALS:
        value = _get(results.get(bench, {}), path)
        if value is None:
            rows.append(f"| {label} | {op} {target} | not measured | — |")
            continue
        met = _meets(value, op, target)
        rows.append(f"| {label} | {op} {target} | {value} | {'yes' if met else 'no'} |")
    return rows


# Greenhouse Harvest allows 50 requests per 10 s per API key (ATS.md); one write-back is one
# PATCH, so a connection's write-backs cannot outrun this whatever the services do.
GREENHOUSE_WRITE_BACKS_PER_S = 50 / 10
DAY_S = 86_400


def _per_day(per_s: float | None) -> str:
    return f"{per_s * DAY_S:,.0f}" if per_s else "not measured"


def _capacity_rows(results: dict[str, dict[str, Any]]) -> list[str]:
    """What one process of each kind sustains, per day, from this run's figures."""
    leveler = _get(results.get("leveler", {}), "leveler_decisions_per_s")
    engine = _get(results.get("engine", {}), "seed.evaluation_set.decisions_per_s_cpu")
    deliveries = _get(results.get("notifier", {}), "burst.deliveries_per_s")
    burst = _get(results.get("notifier", {}), "burst") or {}
    per_decision = round(burst["deliveries"] / burst["decisions"]) if burst.get("decisions") else 0
    notified = deliveries / per_decision if deliveries and per_decision else None
    scale = _get(results.get("stack", {}), "scale_out.ratio_two_to_one")
    return [
        "| one … | per second | per day |",
        "|---|---|---|",
        f"| engine core (decide only) | {engine} | {_per_day(engine)} |",
        f"| leveler worker on PostgreSQL | {leveler} | {_per_day(leveler)} |",
        f"| notifier worker, decisions fully delivered ({per_decision} deliveries each) "
        f"| {round(notified, 1) if notified else 'not measured'} | {_per_day(notified)} |",
        f"| Greenhouse API key, write-backs (50 requests / 10 s) "
        f"| {GREENHOUSE_WRITE_BACKS_PER_S} | {_per_day(GREENHOUSE_WRITE_BACKS_PER_S)} |",
        "",
        f"Two leveler workers in one group against one, same machine: {scale} times the throughput "
        "(both share this machine's cores with the broker and PostgreSQL; on separate "
        "nodes each worker brings its own core). A topic's partition count "
        "(`KAFKA_TOPIC_PARTITIONS`) bounds the workers of a group that receive work.",
    ]


def _plot(stack: dict[str, Any]) -> str | None:
    points = stack.get("latency") or {}
    if not points:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rates = sorted(int(key.removeprefix("rate_")) for key in points)
    figure, axis = plt.subplots(figsize=(6, 3.5), dpi=120)
    for quantile in ("p50_ms", "p99_ms"):
        axis.plot(rates, [points[f"rate_{r}"][quantile] for r in rates], marker="o", label=quantile)
    axis.set_xlabel("offered load (requisitions/s)")
    axis.set_ylabel("webhook → write-back latency (ms)")
    axis.set_title("Latency against offered load (one run)")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    path = DOCS / "benchmarks-latency.png"
    figure.savefig(path)
    return path.name


def render(machine: dict[str, Any], results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` from one run on the machine below; nothing here is edited by",
        "hand. These machines are shared and noisy: compare ratios measured in the same run,",
        "not absolute figures across runs. Raw figures: [benchmarks.json](benchmarks.json).",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        "",
        "## Goals",
        "",
        *_goal_rows(results),
        "",
        "## Capacity",
        "",
        *_capacity_rows(results),
        "",
    ]
    plot = _plot(results.get("stack", {}))
    if plot:
        lines += ["## Latency against offered load", "", f"![latency]({plot})", ""]
    for name, data in results.items():
        ran = f"Ran in {data.get('_seconds')} s" + (
            f" on {data['_date']}" if "_date" in data else ""
        )
        lines += [f"## {name}", "", f"{ran}.", ""]
        description = data.get("_description") or data.get("description")
        if description:
            lines += [str(description), ""]
        lines += ["| figure | value |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in _flatten(data) if key != "description"]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    selected = sys.argv[1:] or list(BENCHES)
    DOCS.mkdir(exist_ok=True)
    machine = _machine()
    results: dict[str, dict[str, Any]] = {}
    previous = DOCS / "benchmarks.json"
    if sys.argv[1:] and previous.exists():
        # Running some benchmarks again keeps the others' last figures (each carries its date).
        earlier = json.loads(previous.read_text())
        machine = earlier["machine"]  # the date of the full run the kept figures come from
        results = {name: earlier["results"][name] for name in BENCHES if name in earlier["results"]}
    for name in selected:
        sys.stderr.write(f"bench: {name}…\n")
        results[name] = _run_bench(name)
    (DOCS / "benchmarks.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=2) + "\n"
    )
    (DOCS / "benchmarks.md").write_text(render(machine, results))
    sys.stderr.write("bench: wrote docs/benchmarks.md and docs/benchmarks.json\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
