"""The differ's `_differing_in_case` tells refIds that are each their own fold (`_folded_already`:
iotplan's own) differ in nothing but case from none, without folding each: wherever it is told so,
folding each must agree, and the groups it gives must be those that folding each gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.manifest import fold_ref_id
from iotplan.plan.diff import _differing_in_case, _folded_already

PARTS = [
    "site:",
    "c1",
    "/d0",
    "/s9",
    "A",
    "a",
    " ",
    "\t",
    "\x1f",
    "\x7f",
    "ß",
    "ｓ",
    "\u200b",
    "é",
    "-",
    "_",
    ".",
]


def _groups_by_folding_each(ref_ids: list[str]) -> dict[str, list[str]]:
    folded: dict[str, list[str]] = {}
    for ref_id in ref_ids:
        folded.setdefault(fold_ref_id(ref_id), []).append(ref_id)
    return {key: each for key, each in folded.items() if len(each) > 1}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PARTS), min_size=1, max_size=5).map("".join), max_size=8))
def test_refids_told_folded_already_are_each_their_own_fold(ref_ids: list[str]) -> None:
    by_ref = {ref_id: [] for ref_id in ref_ids}
    if _folded_already(by_ref):
        assert all(fold_ref_id(ref_id) == ref_id for ref_id in by_ref)
    assert _differing_in_case(by_ref) == _groups_by_folding_each(list(by_ref))


def test_a_fleets_refids_are_told_folded_already() -> None:
    """The fast path is taken where it is meant to be: iotplan's own refIds."""
    assert _folded_already([f"fleet:c{c}/d{d}/s{s}" for c in range(3) for d in range(2) for s in range(10)])
    assert not _folded_already(["fleet:c1/d0", "fleet:C1/d0"])
    assert not _folded_already(["fleet:c1/d0 "])
