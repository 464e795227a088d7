"""A line cursor that knows where it is, so every refusal can say where parsing stopped."""

from __future__ import annotations

import re
from collections.abc import Callable

from catalogue.domain.exceptions import DocumentFormatError

__all__ = ["BULLET", "Cursor"]

BULLET = re.compile(r"^\s*[-•*]\s+(?P<text>.*\S)\s*$")


class Cursor:
    def __init__(self, text: str) -> None:
        cleaned = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self._lines = [line.rstrip() for line in cleaned.split("\n")]
        self._index = 0

    @property
    def line_number(self) -> int:
        return min(self._index, len(self._lines) - 1) + 1

    def skip_blank(self) -> None:
        while self._index < len(self._lines) and not self._lines[self._index].strip():
            self._index += 1

    def at_end(self) -> bool:
        self.skip_blank()
        return self._index >= len(self._lines)

    def peek(self) -> str:
        """The next non-blank line ('' at the end of the document)."""
        self.skip_blank()
        return self._lines[self._index].strip() if self._index < len(self._lines) else ""

    def peek_raw(self) -> str | None:
        """The next line as is, blank or not; None at the end of the document."""
        return self._lines[self._index] if self._index < len(self._lines) else None

    def advance(self) -> str:
        line = self.peek()
        self._index += 1
        return line

    def fail(self, expected: str) -> DocumentFormatError:
        found = self.peek() if not self.at_end() else "the end of the document"
        return DocumentFormatError(expected=expected, line=self.line_number, found=found)

    def expect(self, pattern: re.Pattern[str], expected: str) -> re.Match[str]:
        match = pattern.match(self.peek())
        if match is None or self.at_end():
            raise self.fail(expected)
        self._index += 1
        return match

    def take_while(self, keep: Callable[[str], bool]) -> list[str]:
        """Consecutive non-blank lines for which `keep` holds (blank lines are skipped)."""
        taken: list[str] = []
        while not self.at_end() and keep(self.peek()):
            taken.append(self.advance())
        return taken

    def take_text_until(self, stop: Callable[[str], bool]) -> list[str]:
        """Non-bullet lines up to a bullet or a line for which `stop` holds."""
        return self.take_while(lambda line: not BULLET.match(line) and not stop(line))

    def take_bullets(self, stop: Callable[[str], bool]) -> list[str]:
        return [
            bullet_text(line)
            for line in self.take_while(lambda line: bool(BULLET.match(line)) and not stop(line))
        ]

    def take_bullet_groups(self, stop: Callable[[str], bool]) -> list[list[str]]:
        """Bullets grouped by the blank lines between them."""
        self.skip_blank()
        groups: list[list[str]] = [[]]
        while (raw := self.peek_raw()) is not None:
            if not raw.strip():
                if groups[-1]:
                    groups.append([])
                self._index += 1
                continue
            if stop(raw.strip()) or not BULLET.match(raw):
                break
            groups[-1].append(bullet_text(raw))
            self._index += 1
        return [group for group in groups if group]


def bullet_text(line: str) -> str:
    match = BULLET.match(line)
    return match.group("text").strip() if match else line.strip()
