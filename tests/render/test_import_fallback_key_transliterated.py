"""A key made of a name (`fallback_key`): one name gives one key however its accents were typed
(Unicode NFC or NFD), accented letters kept as their letters, and a key cut to 40 characters never
ends in a separator."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity
from iotplan.manifest.models import KEY_PATTERN
from iotplan.render.manifest_yaml import fallback_key


def key_of(name: str) -> str:
    return fallback_key(LiveEntity("/api/AB12CD/node", {"NAME": name}))


@pytest.mark.parametrize("name", ["\u00c5ngstr\u00f6m", "A\u030angstro\u0308m"])
def test_a_name_typed_nfc_or_nfd_gives_one_key_of_its_letters(name: str) -> None:
    assert key_of(name) == "angstrom"


def test_a_key_cut_to_forty_characters_does_not_end_in_a_separator() -> None:
    key = key_of("x" * 39 + " yz")
    assert key == "x" * 39 and KEY_PATTERN.fullmatch(key)
