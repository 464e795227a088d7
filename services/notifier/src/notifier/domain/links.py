"""Where a recruiter acts on a decision: the leveler console and the job in its ATS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

__all__ = ["Links"]


@dataclass(frozen=True)
class Links:
    """The leveler console's base URL and, per source system, a job URL with `{id}`."""

    console_url: str | None = None
    job_urls: Mapping[str, str] = field(default_factory=dict)

    def decision(self, requisition_key: str) -> str | None:
        """The requisition's page in the leveler console (history and the override form)."""
        if not self.console_url:
            return None
        key = quote(requisition_key, safe=":")
        return f"{self.console_url.rstrip('/')}/console/requisitions/{key}"

    def job(self, source_system: str | None, external_id: str | None) -> str | None:
        """The job in the ATS it came from; ids are requisition data, so they are quoted."""
        template = self.job_urls.get(source_system or "")
        if not template or not external_id:
            return None
        return template.replace("{id}", quote(external_id, safe=""))
