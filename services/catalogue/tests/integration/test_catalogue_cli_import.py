"""`catalogue import PATH…`: documents from a folder or files, in one all-or-nothing batch."""

from __future__ import annotations

import json

import pytest

from catalogue.entrypoints.cli import main
from catalogue.seed import PROFILE_DOCUMENTS, profile_document

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"


@pytest.fixture
def folder(monkeypatch, tmp_path):
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", "cli-admin-token-0123456789")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["migrate"]) == 0
    documents = tmp_path / "architecture"
    documents.mkdir()
    for name in PROFILE_DOCUMENTS:
        (documents / name).write_text(profile_document(name), encoding="utf-8")
    return documents


def test_a_folder_imports_after_a_dry_run_and_a_second_import_changes_nothing(folder, capsys):
    capsys.readouterr()
    assert main(["import", str(folder), "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert (dry["applied"], dry["profiles"][CPM]["change"]) == (False, "added")
    assert main(["import", str(folder)]) == 0
    applied = json.loads(capsys.readouterr().out)
    assert applied["applied"] is True
    assert {p["change"] for p in applied["profiles"].values()} == {"added"}
    assert main(["import", *(str(folder / name) for name in PROFILE_DOCUMENTS)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["applied"], {p["change"] for p in again["profiles"].values()}) == (
        False,
        {"unchanged"},
    )


def test_a_bad_file_stops_the_import_with_one_line_naming_it(folder, capsys):
    bad = folder / "zz-broken.txt"
    bad.write_text("Not a profile\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"nothing imported: {bad}: line 1: expected" in err
    assert main(["import", str(folder / PROFILE_DOCUMENTS[0]), "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["profiles"][CPM]["change"] == "added"
