"""Many profile documents in one request, on SQLite and PostgreSQL: all of them or none."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from catalogue.adapters import tables
from catalogue.seed import PROFILE_DOCUMENTS, profile_document

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"
URL = "/v1/import/profile-documents"


def _files(*named: tuple[str, str]):
    return [("files", (name, text.encode(), "text/plain")) for name, text in named]


def _seed_files():
    return _files(*((name, profile_document(name)) for name in PROFILE_DOCUMENTS))


async def _outbox_rows(catalogue) -> int:
    async with catalogue.sessions() as session:
        return int(
            (await session.execute(select(func.count()).select_from(tables.outbox))).scalar_one()
        )


async def test_a_dry_run_lists_the_changes_per_profile_and_applies_nothing(client, catalogue):
    response = await client.post(URL, params={"dry_run": "true"}, files=_seed_files())
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["dry_run"], body["applied"], body["catalogue_version"]) == (True, False, None)
    assert body["profiles"][CPM]["change"] == "added"
    assert body["profiles"][CTA]["levels_added"] == ["M1", "M2", "M3", "M4"]
    assert (await client.get(f"/v1/profiles/{CPM}")).status_code == 404
    assert await _outbox_rows(catalogue) == 0


async def test_applying_a_batch_then_re_importing_it_changes_nothing_and_emits_nothing(
    client, catalogue
):
    applied = await client.post(URL, files=_seed_files())
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True
    assert (await client.get(f"/v1/profiles/{CTA}")).status_code == 200
    events, etag = await _outbox_rows(catalogue), (await client.get("/v1/snapshot")).headers["ETag"]
    assert events == 2
    again = (await client.post(URL, files=_seed_files())).json()
    assert {p["change"] for p in again["profiles"].values()} == {"unchanged"}
    assert (again["applied"], again["catalogue_version"]) == (False, None)
    assert await _outbox_rows(catalogue) == events
    assert (await client.get("/v1/snapshot")).headers["ETag"] == etag


async def test_one_zip_of_documents_imports_like_the_files(client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in PROFILE_DOCUMENTS:
            zipped.writestr(f"profiles/{name}", profile_document(name))
    files = [("files", ("architecture.zip", archive.getvalue(), "application/zip"))]
    response = await client.post(URL, files=files)
    assert response.status_code == 200, response.text
    assert {code: p["change"] for code, p in response.json()["profiles"].items()} == {
        CPM: "added",
        CTA: "added",
    }


async def test_one_bad_document_is_a_422_naming_file_and_line_and_nothing_is_applied(
    client, catalogue
):
    broken = profile_document(PROFILE_DOCUMENTS[1]).replace("Level guidelines", "Guidelines")
    files = _files(("good.txt", profile_document(PROFILE_DOCUMENTS[0])), ("bad.txt", broken))
    response = await client.post(URL, files=files)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem["file"], problem["line"], problem["found"]) == ("bad.txt", 30, "Guidelines")
    assert problem["detail"].startswith("bad.txt: line 30: expected the 'Level guidelines'")
    assert (await client.get(f"/v1/profiles/{CPM}")).status_code == 404
    assert await _outbox_rows(catalogue) == 0


async def test_a_50_mb_upload_is_refused_with_413_before_it_is_read(client):
    huge = b"x" * (50 * 1024 * 1024)
    response = await client.post(URL, files=[("files", ("huge.txt", huge, "text/plain"))])
    assert response.status_code == 413
    assert response.json()["title"] == "Too large"


async def test_an_upload_without_a_length_is_cut_off_at_the_limit(client):
    sent = 0

    async def endless():
        nonlocal sent
        yield b"--b\r\nContent-Disposition: form-data; name=files; filename=a.txt\r\n\r\n"
        for _ in range(50):
            sent += 1
            yield b"x" * (1024 * 1024)

    headers = {"Content-Type": "multipart/form-data; boundary=b"}
    response = await client.post(URL, content=endless(), headers=headers)
    assert response.status_code == 413
    assert sent < 20


async def test_a_batch_import_needs_a_write_token(make_client, catalogue):
    async with make_client(catalogue, token=None) as anonymous:
        response = await anonymous.post(URL, files=_seed_files())
    assert response.status_code == 401
