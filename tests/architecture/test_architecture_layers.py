"""Each service's layers depend inwards only: the domain on nothing but the standard library
and its own package, the service layer on the domain and ports, never on adapters or
entrypoints. Read from the source with `ast`, so a violation fails before anything runs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"
SERVICES = sorted(path.name for path in SERVICES_DIR.iterdir() if (path / "src").is_dir())

# Frameworks and I/O libraries a domain must not know about.
FRAMEWORKS = (
    "aiokafka",
    "aiosmtplib",
    "alembic",
    "fastapi",
    "httpx",
    "jinja2",
    "prometheus_client",
    "sqlalchemy",
    "starlette",
    "structlog",
    "uvicorn",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def layer_imports(service: str, layer: str) -> dict[str, set[str]]:
    package = SERVICES_DIR / service / "src" / service / layer
    return {
        str(path.relative_to(SERVICES_DIR)): imported_modules(path)
        for path in sorted(package.rglob("*.py"))
    }


def offending(imports: dict[str, set[str]], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{file} imports {module}"
        for file, modules in imports.items()
        for module in sorted(modules)
        if any(module == root or module.startswith(root + ".") for root in forbidden)
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_imports_no_framework_and_no_outer_layer(service: str) -> None:
    outer = tuple(f"{service}.{layer}" for layer in ("adapters", "entrypoints", "service_layer"))
    assert offending(layer_imports(service, "domain"), FRAMEWORKS + outer) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_layer_imports_no_adapter_and_no_entrypoint(service: str) -> None:
    outer = tuple(f"{service}.{layer}" for layer in ("adapters", "entrypoints"))
    assert offending(layer_imports(service, "service_layer"), outer) == []


def test_every_service_has_the_four_layers() -> None:
    for service in SERVICES:
        package = SERVICES_DIR / service / "src" / service
        missing = [
            layer
            for layer in ("domain", "adapters", "service_layer", "entrypoints")
            if not (package / layer / "__init__.py").is_file()
        ]
        assert missing == [], f"{service} lacks {missing}"
