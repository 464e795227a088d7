"""The service images and the monitoring, checked offline: the Dockerfile, built for each
service, against the workspace and .dockerignore, the alert rules and the Grafana dashboard
against the metrics the code defines and the README lists."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("catalogue", "leveler", "notifier")
ALERTS = {
    "ConsumerLagGrowing",
    "DeadLettersPublished",
    "DeliveriesDead",
    "ServiceDown",
    "ServiceNotReady",
}
# Panels may chart a metric a service is to expose but does not define yet; the list may only
# shrink (a test below fails once the code defines one of them).
AWAITED_METRICS: set[str] = set()
PROMETHEUS_BUILTINS = {"up"}

Manifest = dict[str, Any]


def metric_names(expression: str, defined: dict[str, str]) -> set[str]:
    """The metrics a PromQL expression reads, histogram series folded into their family."""
    names = set(re.findall(r"\b(leveling_[a-z0-9_]+)", expression))
    names |= {b for b in PROMETHEUS_BUILTINS if re.search(rf"\b{b}\{{", expression)}
    series = {"_bucket", "_sum", "_count"}
    return {
        next((n.removesuffix(s) for s in series if n.removesuffix(s) in defined), n) for n in names
    }


# ---- Dockerfiles -------------------------------------------------------------------------


def _build_args(compose: Manifest, service: str) -> dict[str, str]:
    """The build arguments docker-compose.yml gives the image of `service`."""
    images = [
        s
        for s in compose["services"].values()
        if s.get("image", "").split(":")[0] == f"requisition-leveling/{service}"
    ]
    build = images[0]["build"]
    assert all(image["build"] == build for image in images)
    return {name: str(value) for name, value in build["args"].items()}


def _instructions(dockerfile: Path, args: dict[str, str]) -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    for name, value in args.items():
        text = text.replace(f"${{{name}}}", value)
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _ignored(path: str, patterns: list[str]) -> bool:
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        fnmatch.fnmatch(candidate, pattern)
        or fnmatch.fnmatch(candidate, pattern.removeprefix("**/"))
        for pattern in patterns
        for candidate in candidates
    )


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_installs_the_locked_service_and_runs_it_unprivileged(service, compose):
    args = _build_args(compose, service)
    assert args["SERVICE"] == service
    steps = _instructions(ROOT / "Dockerfile", args)
    patterns = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith(("#", "!"))
    ]
    declared = " ".join(value for keyword, value in steps if keyword == "ARG")
    assert "python:3.11-slim" in declared
    assert "ghcr.io/astral-sh/uv:" in declared
    runs = " ".join(value for keyword, value in steps if keyword == "RUN")
    assert f"uv sync --frozen --no-dev --package leveling-{service}" in runs
    for keyword, value in steps:
        if keyword == "COPY" and not value.startswith("--from"):
            *sources, _ = value.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert not _ignored(source, patterns), source
        if keyword in {"ENV", "ARG"}:
            assert not re.search(r"TOKEN|SECRET|PASSWORD|API_KEY", value), value
    for needed in ("src", "migrations"):
        assert not _ignored(f"services/{service}/{needed}", patterns), needed
    user = [value for keyword, value in steps if keyword == "USER"][-1]
    assert user.split(":")[0] not in {"root", "0"}
    healthcheck = next(value for keyword, value in steps if keyword == "HEALTHCHECK")
    assert "/healthz" in healthcheck
    project = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    entrypoint = json.loads(next(value for keyword, value in steps if keyword == "ENTRYPOINT"))
    # The entrypoint is a link, made at build time, to the service's own command.
    assert entrypoint == ["service"]
    assert f"ln -s /app/.venv/bin/{service} /app/.venv/bin/service" in runs
    assert f"LEVELING_SERVICE={service}" in " ".join(v for k, v in steps if k == "ENV")
    assert [value for keyword, value in steps if keyword == "EXPOSE"] == [args["PORT"]]
    assert service in project["project"]["scripts"]
    assert json.loads(next(value for keyword, value in steps if keyword == "CMD")) == ["all"]


# ---- Prometheus and Grafana --------------------------------------------------------------


def _rules() -> list[Manifest]:
    document = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def _anchors(markdown: Path) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", markdown.read_text(), re.M)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


def test_prometheus_scrapes_every_api_and_loads_the_alert_rules(compose):
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    mounts = " ".join(compose["services"]["prometheus"]["volumes"])
    assert all(f":{path}:" in mounts for path in config["rule_files"])
    targets = {
        t for job in config["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    }
    assert {"catalogue:8001", "leveler-serve:8002", "notifier-serve:8003"} <= targets
    assert {"leveler-work:9102", "notifier-work:9103"} <= targets


def test_every_alert_explains_itself_and_links_its_runbook():
    rules = _rules()
    assert {rule["alert"] for rule in rules} >= ALERTS
    anchors = _anchors(ROOT / "docs" / "operations.md")
    for rule in rules:
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"]
        assert rule["annotations"]["description"]
        page, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert (ROOT / page).is_file(), rule["alert"]
        assert anchor in anchors, rule["alert"]


def test_alerts_use_only_metrics_the_code_defines(defined_metrics):
    used = set().union(*(metric_names(rule["expr"], defined_metrics) for rule in _rules()))
    assert "leveling_consumer_lag_records" in used
    assert "leveling_dlq_records_total" in used
    assert used <= defined_metrics.keys() | PROMETHEUS_BUILTINS


def _dashboard_expressions() -> list[str]:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/leveling.json").read_text())
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    return [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]


def test_dashboard_charts_every_metric_the_readme_lists(readme_metrics, defined_metrics):
    used = set().union(*(metric_names(e, defined_metrics) for e in _dashboard_expressions()))
    assert readme_metrics <= used
    assert used <= defined_metrics.keys() | AWAITED_METRICS


def test_awaited_dashboard_metrics_are_not_defined_yet(defined_metrics):
    defined_now = AWAITED_METRICS & defined_metrics.keys()
    assert not defined_now, f"now defined in code: remove {defined_now} from AWAITED_METRICS"


def test_grafana_provisions_the_dashboard_folder_compose_mounts(compose):
    provider = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/dashboards/leveling.yml").read_text()
    )["providers"][0]
    mounts = compose["services"]["grafana"]["volumes"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in mounts
    sources = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )["datasources"]
    assert sources[0]["type"] == "prometheus"
