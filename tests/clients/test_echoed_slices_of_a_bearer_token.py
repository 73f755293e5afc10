"""A bearer token (an IMS token, a JWT: 1,000 characters and more) held while a plan shows a fleet:
its slices are looked for only in a text's runs of its characters that hold a piece of it, so the
texts holding none of it (nearly all) cost no reading one character at a time, and a slice in a long
text costs the reading of that run alone. Reading every text so took a fleet's plan 60% longer."""

from __future__ import annotations

import secrets as random
from collections.abc import Iterator

import pytest

from iotplan import secrets
from iotplan.secrets import forget_all, holds_known, mask_known, remember

# What IMS hands out: `eyJ...` twice, then a long signature, every character of base64url among them.
BEARER_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmejEyOCJ9." + random.token_urlsafe(900)
# Ordinary texts a plan shows, with runs of the token's characters (serials, template names).
TEXTS = [
    f"device site-{i}/logger-{i}/sensor-{i % 40}: field NAME differs; SERIAL_NO 'SN-{i:08d}-ABCDEF' kept "
    "(template GENERIC_SENSOR_SDE)"
    for i in range(1_000)
]


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


@pytest.fixture
def slice_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for each character of a text read for a slice."""
    read: list[int] = []
    read_one = secrets._longest_slice

    def counted(text: str, looked: int) -> tuple[int, int]:
        read.append(looked)
        return read_one(text, looked)

    monkeypatch.setattr(secrets, "_longest_slice", counted)
    return read


def test_texts_holding_none_of_a_held_bearer_token_are_not_read_character_by_character(
    slice_reads: list[int],
) -> None:
    remember(BEARER_TOKEN)
    assert [mask_known(text) for text in TEXTS] == TEXTS
    assert not any(holds_known(text) for text in TEXTS)
    assert slice_reads == []


@pytest.mark.parametrize(
    "token", [BEARER_TOKEN, random.token_urlsafe(300) + "pa]ss^wo-rd\\" + random.token_urlsafe(300)]
)
def test_a_slice_of_a_long_token_in_a_long_text_is_masked_reading_its_run_alone(
    token: str, slice_reads: list[int]
) -> None:
    remember(token)
    a_slice = token[395:415]
    text = " ".join(TEXTS[:20]) + f" echoed {a_slice}; " + " ".join(TEXTS[20:40])
    assert mask_known(text) == text.replace(a_slice, "(sensitive)")
    assert holds_known(f"echoed {a_slice}")
    assert len(slice_reads) <= 2 * len(a_slice)


def test_a_run_a_fleet_repeats_is_read_for_pieces_once() -> None:
    """100,000 sensors of one template show its name 100,000 times: its run is read once."""
    remember(BEARER_TOKEN)
    secrets._holds_a_piece.cache_clear()
    for _ in range(1_000):
        assert not holds_known("template GENERIC_SENSOR_SDE, project 6ee68656-ce20-452c-a4e6-b6b3a3b55537")
    assert secrets._holds_a_piece.cache_info().misses == 2  # the template's run and the project id's
