"""A look-alike refId holding a character past U+FFFF (a TAG SPACE, U+E0020, which draws as nothing)
is escaped one way in --prune-unmanaged's reason for keeping it and in the adopt hints of
plan/copies.py: as one `\\U` escape, which YAML reads back as the character, not as JSON's pair of
surrogates, which YAML reads as two characters that are no refId."""

from __future__ import annotations

import yaml

from iotplan.look_alikes import look_alike
from iotplan.plan.copies import escaped_for_yaml
from iotplan.plan.pruning import _looking_like

OWN = "qs:a/pz-1"
LIVE = "qs:a/pz\u2010\U000e00201"  # a hyphen U+2010 for `-`, then a TAG SPACE


def test_a_look_alike_past_u_ffff_is_escaped_alike_in_pruning_and_copies() -> None:
    alike = look_alike(LIVE, OWN, ignore_case=True)
    assert alike is not None

    kept = _looking_like(alike, 2)
    hinted = escaped_for_yaml(LIVE)

    assert f"its refId {hinted} " in kept, kept
    assert yaml.safe_load(f"ref_id: {hinted}") == {"ref_id": LIVE}
