"""Fixtures for the deployment checks: rendered Kubernetes overlays, the compose file, and
the names the code and the README define (metrics, configuration variables)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("staging", "production")
SERVICES = ("catalogue", "leveler", "notifier")
# Found on PATH: the machine's, or the one scripts/bootstrap.sh installs in ~/.local/bin.
KUBECTL = "kubectl"

Manifest = dict[str, Any]


def render(directory: Path) -> str:
    result = subprocess.run(
        [KUBECTL, "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each overlay rendered once to a file: kustomize and the validator are the slow part."""
    out = tmp_path_factory.mktemp("k8s")
    paths = {}
    for overlay in OVERLAYS:
        paths[overlay] = out / f"{overlay}.yaml"
        paths[overlay].write_text(render(K8S / "overlays" / overlay))
    return paths


@pytest.fixture(scope="session")
def manifests(rendered: dict[str, Path]) -> dict[str, list[Manifest]]:
    return {
        overlay: [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
        for overlay, path in rendered.items()
    }


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest, manifests: dict[str, list[Manifest]]) -> list[Manifest]:
    """The rendered manifests of one overlay; tests taking it run once per overlay."""
    overlay_manifests: list[Manifest] = manifests[request.param]
    return overlay_manifests


@pytest.fixture(scope="session")
def compose() -> Manifest:
    document: Manifest = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


@pytest.fixture(scope="session")
def readme_variables() -> set[str]:
    """The configuration table of the README: the variable names it documents."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cell = line.split("|")[1]
        tokens = re.findall(r"`([A-Z_*][A-Z0-9_]*)`", cell)
        ports = [t.removesuffix("_PORT") for t in tokens if t.endswith("_PORT")]
        names.update(t for t in tokens if not t.startswith("*"))
        names.update(f"{prefix}_HOST" for prefix in ports if "*_HOST" in tokens)
    return names


@pytest.fixture(scope="session")
def readme_metrics() -> set[str]:
    """The metric names of the README's "Metrics share one naming scheme" list."""
    text = (ROOT / "README.md").read_text()
    paragraph = text.split("- Metrics share one naming scheme", 1)[1].split("\n- ", 1)[0]
    return set(re.findall(r"`(leveling_[a-z0-9_]+)", paragraph))


@pytest.fixture(scope="session")
def defined_metrics() -> dict[str, str]:
    """Metric name → type, for every prometheus-client metric constructed in the source."""
    constructor = re.compile(r"\b(Counter|Gauge|Histogram|Summary)\(\s*[\"'](leveling_[a-z0-9_]+)")
    sources = [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*.py")]
    found: dict[str, str] = {}
    for source in sources:
        for kind, name in constructor.findall(source.read_text()):
            found[name] = kind
    return found


@pytest.fixture(scope="session")
def settings_variables() -> set[str]:
    """Every environment variable some service's Settings reads (prefix + field, or alias)."""
    from catalogue.config import Settings as CatalogueSettings
    from leveler.config import Settings as LevelerSettings
    from notifier.config import Settings as NotifierSettings

    names: set[str] = set()
    for settings in (CatalogueSettings, LevelerSettings, NotifierSettings):
        prefix = str(settings.model_config.get("env_prefix") or "")
        for field_name, field in settings.model_fields.items():
            alias = field.validation_alias
            names.add(alias if isinstance(alias, str) else f"{prefix}{field_name}".upper())
    return names
