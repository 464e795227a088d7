"""`catalogue import PATH…`: documents from a folder or files, in one all-or-nothing batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from catalogue.seed import PROFILE_DOCUMENTS, profile_document

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"


@pytest.fixture
def catalogue_command(tmp_path):
    env = {
        **os.environ,
        "LEVELING_ADMIN_TOKEN": "cli-admin-token-0123456789",
        "CATALOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "catalogue.entrypoints.cli", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert run("migrate").returncode == 0
    return run


@pytest.fixture
def folder(tmp_path):
    documents = tmp_path / "architecture"
    documents.mkdir()
    for name in PROFILE_DOCUMENTS:
        (documents / name).write_text(profile_document(name), encoding="utf-8")
    return documents


def test_a_folder_imports_after_a_dry_run_and_a_second_import_changes_nothing(
    catalogue_command, folder
):
    dry = catalogue_command("import", str(folder), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert (
        json.loads(dry.stdout)["applied"],
        json.loads(dry.stdout)["profiles"][CPM]["change"],
    ) == (
        False,
        "added",
    )
    applied = json.loads(catalogue_command("import", str(folder)).stdout)
    assert applied["applied"] is True
    assert {p["change"] for p in applied["profiles"].values()} == {"added"}
    again = json.loads(
        catalogue_command("import", *(str(folder / name) for name in PROFILE_DOCUMENTS)).stdout
    )
    assert again["applied"] is False
    assert {p["change"] for p in again["profiles"].values()} == {"unchanged"}


def test_a_bad_file_stops_the_import_with_one_line_naming_it(catalogue_command, folder):
    bad = folder / "zz-broken.txt"
    bad.write_text("Not a profile\n", encoding="utf-8")
    refused = catalogue_command("import", str(folder))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert f"nothing imported: {bad}: line 1: expected" in refused.stderr
    still_new = catalogue_command("import", str(folder / PROFILE_DOCUMENTS[0]), "--dry-run")
    assert json.loads(still_new.stdout)["profiles"][CPM]["change"] == "added"
