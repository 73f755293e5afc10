"""Secrets in views: a token's value never appears, whatever a Change carries.

Two rules, because the audiences differ. A person reading text or Markdown never needs a secret's
reference, so every secret shows as "(sensitive)". A saved plan is applied later and must keep the
reference (`${env:NAME}`) that apply resolves, so only references survive in JSON; anything else
in a secret field is masked there too.
"""

from __future__ import annotations

from typing import Any

from iotplan.plan.props import SECRET_FIELDS, SENSITIVE  # one list of secret fields, the differ's
from iotplan.secrets import ENV_REFERENCE


def is_secret(path: str, sensitive: bool = False) -> bool:
    """A field the differ marked sensitive, or one whose name alone says it holds a secret."""
    return sensitive or path.split(".")[0].split("[")[0] in SECRET_FIELDS


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and ENV_REFERENCE.fullmatch(value) is not None


def for_people(path: str, value: Any, sensitive: bool = False) -> Any:
    """The value text and Markdown may show: any secret, reference or not, is "(sensitive)"."""
    if value is not None and is_secret(path, sensitive):
        return SENSITIVE
    return value


def for_files(path: str, value: Any, sensitive: bool = False) -> Any:
    """The value a saved plan may hold: a secret survives only as a `${env:NAME}` reference."""
    if value is not None and is_secret(path, sensitive) and not is_reference(value):
        return SENSITIVE
    return value


def fields_for_files(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """`before`/`after` as a saved plan may hold them."""
    if values is None:
        return None
    if SECRET_FIELDS.isdisjoint(values):
        return dict(values)
    return {name: for_files(name, value) for name, value in values.items()}
