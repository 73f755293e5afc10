"""A count read keeps each id answered as the id it asked (the live entity's own text), not the copy
the answer decoded: held until every part is read, 100,000 copies weighed 10 MB of the peak. What is
answered besides (an id not asked) is kept as answered, and every count is taken as before."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.live import counts
from iotplan.live.counts import _asked_in_parts


async def _answered_as_copies(ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each id asked answered as a text of its own, as a decoded answer holds it; and one not asked."""
    answer = [{"id": "".join(list(each)), "props": {"OBSERVATION_COUNT": 3}} for each in ids]
    return [*answer, {"id": "".join(["s", "9"]), "props": {"OBSERVATION_COUNT": 1}}]


def test_counts_keep_the_ids_asked_not_the_answers_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counts, "COUNTS_PER_CALL", 2)
    asked = ["".join(["s", str(index)]) for index in range(3)]
    kept = asyncio.run(_asked_in_parts(_answered_as_copies, asked))
    assert [entry[0] for entry in kept] == ["s0", "s1", "s9", "s2", "s9"]
    assert [entry[1] for entry in kept] == [3, 3, 1, 3, 1]
    assert [entry[0] is each for entry, each in zip([kept[0], kept[1], kept[3]], asked, strict=True)] == [
        True
    ] * 3
