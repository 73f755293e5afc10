"""The refIds of the reads in progress, folded only when first asked (live/read.py `_FoldedRefIds`),
hold what folding each read's refIds as it began held: a read begun after a question too."""

from __future__ import annotations

from iotplan.live.read import _FoldedRefIds
from iotplan.manifest.addresses import fold_ref_id


def test_refids_folded_when_asked_are_those_of_every_read_begun() -> None:
    first, second = ["st:A/b ", "st:c"], ["ＳＴ:ｄ", "st:Straße"]
    folded = _FoldedRefIds()
    folded.add(first)
    assert "st:a/b" in folded
    assert "st:d" not in folded
    folded.add(second)
    assert folded.folded() == {fold_ref_id(ref_id) for ref_id in first + second}
    assert "st:strasse" in folded
    folded.clear()
    assert not folded.folded()
