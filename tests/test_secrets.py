"""Every secret value the run holds is masked wherever it appears, however many there are."""

from __future__ import annotations

import json

import pytest

from iotplan.secrets import lookup_secret, mask_known


@pytest.mark.parametrize("tokens", [3, 5_000])  # a few, each looked for; a fleet's, found by their start
def test_each_resolved_token_is_masked_as_written_and_as_json_spells_it(tokens: int) -> None:
    values = [f"{index * 7919 % 10_007:05d}-tök,en {index}" for index in range(tokens)]
    for value in values:
        lookup_secret("${env:T}", {"T": value})
    shown = mask_known(f"The token {values[1]} is not valid; body {json.dumps({'AUTH_TOKEN': values[-1]})}")
    assert values[1] not in shown and json.dumps(values[-1]) not in shown
    assert shown == 'The token (sensitive) is not valid; body {"AUTH_TOKEN": "(sensitive)"}'


def test_a_secret_inside_a_longer_one_leaves_no_part_of_the_longer_in_clear() -> None:
    for value in ("abcd1234", "abcd1234-and-more"):
        lookup_secret("${env:T}", {"T": value})
    assert mask_known("key abcd1234-and-more!") == "key (sensitive)!"
