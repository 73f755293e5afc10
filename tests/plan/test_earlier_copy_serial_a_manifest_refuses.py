"""A same-named device taken for an earlier copy, whose SERIAL_NO a manifest's `ref_id:` refuses
(a trailing blank, a soft hyphen): the refusal never advises adopting it by that `ref_id:`."""

from __future__ import annotations

import pytest

from tests.plan.test_copies import _refusal_beside_a_stray


@pytest.mark.parametrize("serial", ["u-1 ", "u\u00ad-1", "u-1\u200b"])
def test_a_same_named_device_whose_serial_a_manifest_refuses_is_not_to_adopt_by_it(serial: str) -> None:
    refused = _refusal_beside_a_stray(serial)
    assert "A manifest may not hold its SERIAL_NO, so `ref_id:` cannot adopt it" in refused
    assert "`ref_id: " not in refused
