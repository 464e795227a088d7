"""What the console's edit forms share: reading a posted field, and saying in one line what
the API's model found wrong."""

from __future__ import annotations

from pydantic import ValidationError
from starlette.datastructures import FormData

__all__ = ["field_text", "problems"]


def field_text(form: FormData, name: str) -> str:
    """A posted text field, trimmed; "" when absent or a file."""
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def problems(error: ValidationError) -> str:
    """Pydantic's findings in a line a person reads: each field with what is wrong."""
    parts = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "form"
        parts.append(f"{field}: {problem['msg']}")
    return "; ".join(parts)
