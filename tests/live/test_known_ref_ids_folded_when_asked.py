"""The refIds of the reads in progress (live/read.py `_KNOWN`), folded only when first asked
(`_FoldedRefIds`), hold what folding each read's refIds as it began held: a read begun after a
question too."""

from __future__ import annotations

from types import SimpleNamespace

from iotplan.live import read
from iotplan.live.read import _FoldedRefIds
from iotplan.manifest.addresses import fold_ref_id


def test_refids_folded_when_asked_are_those_of_every_read_begun() -> None:
    first, second = ["st:A/b ", "st:c"], ["ＳＴ:ｄ", "st:Straße"]
    folded = _FoldedRefIds()
    try:
        read._KNOWN.update((ref_id, SimpleNamespace(ref_id=ref_id, fields={})) for ref_id in first)
        folded.grown()
        assert "st:a/b" in folded
        assert "st:d" not in folded
        read._KNOWN.update((ref_id, SimpleNamespace(ref_id=ref_id, fields={})) for ref_id in second)
        folded.grown()
        assert folded.folded() == {fold_ref_id(ref_id) for ref_id in first + second}
        assert "st:strasse" in folded
    finally:
        read._KNOWN.clear()
    folded.clear()
    assert not folded.folded()
