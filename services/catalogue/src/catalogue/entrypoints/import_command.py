"""`catalogue import PATH…`: profile documents from files, folders or zips, in one batch."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from catalogue.adapters.document_files import documents_in_paths
from catalogue.bootstrap import bootstrap
from catalogue.config import Settings
from catalogue.domain.exceptions import CatalogueError
from catalogue.schemas.document_batch import DocumentBatchOut
from catalogue.service_layer.document_batch import import_profile_documents

__all__ = ["MAX_IMPORT_BYTES", "import_documents"]

MAX_IMPORT_BYTES = 256 * 1024 * 1024


async def import_documents(
    settings: Settings, paths: Sequence[Path], *, dry_run: bool, prune: bool
) -> int:
    """Print the changes per profile as JSON; a refused batch prints one line and returns 1."""
    catalogue = bootstrap(settings)
    try:
        documents = documents_in_paths(paths, max_unpacked=MAX_IMPORT_BYTES)
        result = await import_profile_documents(
            catalogue.uow(), documents, dry_run=dry_run, prune=prune
        )
    except CatalogueError as exc:
        sys.stderr.write(f"catalogue import: nothing imported: {exc}\n")
        return 1
    except DBAPIError as exc:
        sys.stderr.write(
            f"catalogue import: the database is not ready ({type(exc.orig).__name__}); "
            "run 'catalogue migrate' first\n"
        )
        return 1
    finally:
        await catalogue.close()
    sys.stdout.write(DocumentBatchOut.of(result).model_dump_json(indent=2) + "\n")
    return 0
