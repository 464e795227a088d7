"""Profile documents read from uploads, zip archives and folders, each with its file name."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from catalogue.domain.exceptions import BatchDocumentError, InvalidData, TooLarge
from catalogue.service_layer.document_batch import NamedDocument

__all__ = ["documents_in_paths", "documents_in_upload"]

_ZIP_MAGIC = b"PK\x03\x04"


def documents_in_upload(name: str, data: bytes, *, max_unpacked: int) -> list[NamedDocument]:
    """One uploaded file: a document, or a zip whose files are documents."""
    if data.startswith(_ZIP_MAGIC):
        return _documents_in_zip(name, data, max_unpacked=max_unpacked)
    return [NamedDocument(name, _decode(name, data))]


def documents_in_paths(paths: Sequence[Path], *, max_unpacked: int) -> list[NamedDocument]:
    """Files as given, folders as every file below them in name order, zips unpacked."""
    documents: list[NamedDocument] = []
    for path in paths:
        for file in _files_under(path):
            documents += documents_in_upload(
                str(file), file.read_bytes(), max_unpacked=max_unpacked
            )
    return documents


def _files_under(path: Path) -> Iterable[Path]:
    if not path.exists():
        raise InvalidData(f"{path}: no such file or folder", field="path")
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.parts))


def _hidden(parts: Sequence[str]) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _documents_in_zip(name: str, data: bytes, *, max_unpacked: int) -> list[NamedDocument]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BatchDocumentError(name, InvalidData(f"not a readable zip ({exc})")) from exc
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir()),
            key=lambda info: info.filename,
        )
        members = [m for m in members if not _hidden(PurePosixPath(m.filename).parts)]
        if sum(member.file_size for member in members) > max_unpacked:
            raise TooLarge(f"{name} unpacks to more than {max_unpacked} bytes")
        return [
            NamedDocument(f"{name}/{m.filename}", _decode(f"{name}/{m.filename}", archive.read(m)))
            for m in members
        ]


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cause = InvalidData(f"not UTF-8 text (byte {exc.start})")
        raise BatchDocumentError(name, cause) from exc
