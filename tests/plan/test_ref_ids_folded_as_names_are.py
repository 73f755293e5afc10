"""refIds fold case the full Unicode way (`ß` as `ss`), as NAMEs do (plan/copies.py `same_name`): a
platform whose collation reads `dev:Straße` and `dev:STRASSE` as one would otherwise be given a second
device beside the first, the feed's data split between the two."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from tests.plan.test_diff import MANIFEST, load
from tests.plan.test_ref_ids_in_another_unicode_encoding import _refusal_of_adopting_by

SHARP_S = "legacy:Stra\u00dfe"
CAPITALS = "legacy:STRASSE"


def test_a_ref_id_in_capitals_beside_a_live_one_with_sharp_s_is_refused() -> None:
    problem = _refusal_of_adopting_by(CAPITALS, SHARP_S)
    assert "not found by its refId 'legacy:STRASSE', but device /api/" in problem
    assert "carries 'legacy:Straße', which differs from it only in case" in problem


def test_two_sibling_ref_ids_differing_by_sharp_s_are_refused_by_the_manifest() -> None:
    twins = MANIFEST.replace(
        "          - key: logger-1\n",
        f'          - key: twin\n            ref_id: "{SHARP_S}"\n'
        f'          - key: logger-1\n            ref_id: "{CAPITALS}"\n',
    )
    with pytest.raises(ManifestError) as refused:
        load(twins)
    assert "refId 'legacy:STRASSE' differs only in case from 'legacy:Straße'" in str(refused.value)
