"""What a fake platform's list reads answer: the items, each kept as the real client keeps it."""

from __future__ import annotations

from typing import Any

from iotplan.clients.platform import Keep


def kept(items: list[Any], keep: Keep | None, request: str) -> list[Any]:
    """As PlatformClient's list reads: each item through `keep` when the reader gives one."""
    return list(items) if keep is None else [keep(item, request) for item in items]
