"""Console upload of profile documents: several files or a zip, a preview of what would change,
then the same batch applied. The API's import use case does the work; nothing is applied until
the person who read the preview presses Apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from catalogue.adapters.document_files import documents_in_upload
from catalogue.domain.exceptions import CatalogueError, TooLarge
from catalogue.entrypoints.uploads import MAX_BATCH_BYTES, read_uploaded_files
from catalogue.service_layer import document_batch
from catalogue.service_layer.document_batch import BatchResult, NamedDocument
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import authorise, redirect_with

__all__ = ["ImportPages"]

WRITE = "catalogue:write"
SERVICE_LABEL = "Catalogue"
# The apply form carries the previewed documents back as text; escaping can grow them.
_MAX_APPLY_BYTES = 2 * MAX_BATCH_BYTES


class ImportPages:
    def __init__(self, console: Console, uow: Callable[[], UnitOfWork]) -> None:
        self.console = console
        self.uow = uow

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console/import", include_in_schema=False)
        router.add_api_route("", self.form, methods=["GET"], response_class=HTMLResponse)
        router.add_api_route("/preview", self.preview, methods=["POST"])
        router.add_api_route("/apply", self.apply, methods=["POST"])
        return router

    def _render(self, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        values = {"page_title": "Import profile documents", "section": "import", **context}
        return self.console.render(
            request, "import.html", values, active=SERVICE_LABEL, status_code=status_code
        )

    async def form(self, request: Request) -> Response:
        authorise(self.console, request, WRITE)
        return self._render(request)

    async def preview(self, request: Request) -> Response:
        authorise(self.console, request, WRITE)
        try:
            uploads = await read_uploaded_files(request, field="files", limit=MAX_BATCH_BYTES)
            documents = [
                document
                for upload in uploads
                for document in documents_in_upload(
                    upload.name, upload.data, max_unpacked=MAX_BATCH_BYTES
                )
            ]
            result = await document_batch.import_profile_documents(
                self.uow(), documents, dry_run=True
            )
        except CatalogueError as error:
            status = 413 if isinstance(error, TooLarge) else 422
            return self._render(request, status_code=status, problem=str(error))
        return self._render(request, result=result, documents=documents, counts=_counts(result))

    async def apply(self, request: Request) -> Response:
        authorise(self.console, request, WRITE)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > _MAX_APPLY_BYTES:
            return self._render(request, status_code=413, problem="the batch is too large")
        form = await request.form()
        names, texts = form.getlist("name"), form.getlist("text")
        documents = [
            NamedDocument(str(name), str(text)) for name, text in zip(names, texts, strict=False)
        ]
        try:
            result = await document_batch.import_profile_documents(
                self.uow(), documents, dry_run=False
            )
        except CatalogueError as error:
            return redirect_with("/console/import", f"Nothing imported: {error}", error=True)
        counts = ", ".join(f"{n} {change}" for change, n in _counts(result).items() if n)
        version = f"; catalogue version {result.catalogue_version}" if result.applied else ""
        return redirect_with(
            "/console/import", f"Imported {len(documents)} documents: {counts}{version}."
        )


def _counts(result: BatchResult) -> dict[str, int]:
    counts = dict.fromkeys(("added", "changed", "removed", "unchanged"), 0)
    for diff in result.profiles:
        counts[diff.change] = counts.get(diff.change, 0) + 1
    return counts
