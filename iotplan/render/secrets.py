"""Secrets in views: a token never appears, whatever a Change carries."""

from __future__ import annotations

import re
from typing import Any

SENSITIVE = "(sensitive)"
SECRET_FIELDS = ("auth_token",)
_REFERENCE = re.compile(r"\$\{env:[A-Za-z_][A-Za-z0-9_]*\}")


def shown(name: str, value: Any) -> Any:
    """The value a view may show for a field: secret values become "(sensitive)"."""
    if name.split(".")[0] in SECRET_FIELDS and value is not None:
        return SENSITIVE
    return value


def safe_fields(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """`before`/`after` for files: a secret reference (`${env:X}`) stays, anything else is hidden."""
    if values is None:
        return None
    return {name: _safe(name, value) for name, value in values.items()}


def _safe(name: str, value: Any) -> Any:
    if name in SECRET_FIELDS and not (isinstance(value, str) and _REFERENCE.fullmatch(value)):
        return SENSITIVE
    return value
