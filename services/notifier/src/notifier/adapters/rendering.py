"""The recruiter email, rendered from a `Summary` with Jinja2 (HTML autoescaped)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from notifier.domain.digest import DigestSummary
from notifier.domain.summary import Summary

__all__ = ["RenderedEmail", "Renderer"]

_TEMPLATES = Path(__file__).parent / "templates"
_ROLE_WORDS = {"recruiter": "recruiter", "hiring_manager": "hiring manager"}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _subject(summary: Summary) -> str:
    # Requisition text may carry line breaks; a header must not.
    subject = " ".join(summary.headline.split())
    if summary.needs_review:
        subject = f"[Review] {subject}"
    return subject[:200]


class Renderer:
    """Every requisition-supplied string is escaped in the HTML part (autoescape)."""

    def __init__(self, templates: Path = _TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(enabled_extensions=("html",), default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        # The text part is plain text: escaping there would show "&lt;" to the reader.
        self._text_env = self._env.overlay(autoescape=False)

    def render(self, summary: Summary, *, name: str | None, role: str) -> RenderedEmail:
        return self._rendered("decision_email", _subject(summary), summary, name, role)

    def render_digest(self, digest: DigestSummary, *, name: str | None, role: str) -> RenderedEmail:
        subject = " ".join(digest.headline.split())[:200]
        return self._rendered("digest_email", subject, digest, name, role)

    def _rendered(
        self, template: str, subject: str, summary: object, name: str | None, role: str
    ) -> RenderedEmail:
        context = {
            "summary": summary,
            "greeting": (name or "there").split()[0] if name else "there",
            "role": _ROLE_WORDS.get(role, role.replace("_", " ")),
        }
        return RenderedEmail(
            subject=subject,
            text=self._text_env.get_template(f"{template}.txt").render(context),
            html=self._env.get_template(f"{template}.html").render(context),
        )
