"""A company's catalogue in one workbook, on PostgreSQL: import, export and re-import times.

`run()` starts a PostgreSQL server (initdb + pg_ctl, as the tests do), migrates a catalogue
database, and drives the catalogue's API in process: a 200-profile architecture over both
tracks with six zones and a band for every profile, level and zone (`catalogue.synthetic`)
is written as XLSX and imported in one request, exported, and the export imported again,
which must change nothing. `python bench/bench_workbook.py` prints the result as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx

TOKEN = "bench-admin-token-0123456789"
PROFILES = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _round_trip(database_url: str) -> dict[str, Any]:
    from alembic import command

    from catalogue.adapters.workbook import write_xlsx
    from catalogue.bootstrap import bootstrap
    from catalogue.config import Settings
    from catalogue.entrypoints.api import create_app
    from catalogue.entrypoints.process import alembic_config
    from catalogue.schemas.sheet_export import to_sheets
    from catalogue.schemas.sheets import SHEETS
    from catalogue.synthetic import architecture

    await asyncio.to_thread(command.upgrade, alembic_config(database_url), "head")
    settings = Settings.model_validate(
        {"LEVELING_ADMIN_TOKEN": TOKEN, "database_url": database_url}
    )
    content = architecture(PROFILES)
    workbook = write_xlsx(to_sheets(content), SHEETS)
    catalogue = bootstrap(settings)
    transport = httpx.ASGITransport(app=create_app(settings, catalogue=catalogue))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers, timeout=600
        ) as client:

            async def timed(call: Any) -> tuple[httpx.Response, float]:
                started = time.perf_counter()
                response = await call
                response.raise_for_status()
                return response, time.perf_counter() - started

            upload = {"file": ("catalogue.xlsx", workbook, XLSX)}
            imported, import_s = await timed(client.post("/v1/import/workbook", files=upload))
            exported, export_s = await timed(client.get("/v1/export/workbook"))
            again = {"file": ("catalogue.xlsx", exported.content, XLSX)}
            reimported, reimport_s = await timed(client.post("/v1/import/workbook", files=again))
    finally:
        await catalogue.close()
    summary = reimported.json()
    return {
        "profiles": len(content.profiles),
        "zones": len(content.zones),
        "bands": sum(len(b.bands) for b in content.band_sets),
        "workbook_kb": round(len(workbook) / 1024),
        "created": imported.json()["created"],
        "import_s": round(import_s, 2),
        "export_s": round(export_s, 2),
        "reimport_s": round(reimport_s, 2),
        "reimport_changed_nothing": summary["applied"] is False and not summary["updated"],
    }


def run() -> dict[str, Any]:
    from leveling_common.testing import PostgresServer

    server = PostgresServer().start()
    try:
        return {"postgresql": asyncio.run(_round_trip(server.create_database()))}
    finally:
        server.stop()


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
