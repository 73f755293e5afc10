"""`quoted` masks, then cuts: where the cut would fall inside "(sensitive)", it falls before it, as
`(sensi` reads as neither the value nor iotplan's mark."""

from __future__ import annotations

from iotplan.wording import quoted

TOKEN = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def test_a_cut_never_splits_a_mask() -> None:
    for lead in range(40, 60):
        shown = quoted(f"{'x' * lead} {TOKEN} and more words after it")
        assert "a1B2" not in shown and len(shown) <= 60, shown
        assert "(sensitive)" in shown or "(sens" not in shown, shown
