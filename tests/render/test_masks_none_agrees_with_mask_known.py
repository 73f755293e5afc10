"""A text view asks whether a group's headers and created texts hold a secret of this run's all at
once (secrets.py `masks_none`), then shows them unmasked: it may say so only when `mask_known`
leaves each of them as it is, whatever secrets are held (one, a long one read in pieces, more than
are looked for one by one) and however a text spells one (whole, cut short, a slice, encoded,
percent-encoded, across two texts).

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

import base64
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iotplan import secrets
from iotplan.secrets import mask_known, masks_none

SHORT = "demo-key"
LONG = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQtb2YtYS10b2tlbg"
SPELLINGS = [
    SHORT,
    LONG,
    LONG[:20],
    LONG[10:30],
    base64.b64encode(LONG.encode()).decode()[4:30],
    LONG.encode().hex()[:24],
    urllib.parse.quote(f"k={LONG}", safe=""),
    "45% full",
    "%4",
]
TEXTS = st.lists(
    st.text(alphabet="abcXYZ012-_. /=%", max_size=10) | st.sampled_from(SPELLINGS), max_size=4
).map("".join)


@pytest.fixture(params=["short", "long", "many"])
def held(request: pytest.FixtureRequest) -> None:
    secrets.forget_all()
    secrets.remember(SHORT)
    if request.param != "short":
        secrets.remember(LONG)
    if request.param == "many":  # past the spellings looked for one by one
        for number in range(40):
            secrets.remember(f"token-number-{number:04d}-of-a-fleet")


# The secrets held are set once per parameter: no example changes them.
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(TEXTS, max_size=5))
def test_texts_said_to_hold_no_secret_are_left_as_they_are(held: None, texts: list[str]) -> None:
    assert not masks_none(texts) or all(mask_known(text) == text for text in texts)


def test_a_plain_group_is_said_to_hold_none() -> None:
    """While few secrets are held: past those looked for one by one, every text is read (False)."""
    secrets.remember(SHORT)
    secrets.remember(LONG)
    assert masks_none(["sensor c0/d0/s0 (GENERIC_SENSOR_SDE): created with c0", "Sensor 0.0.0"])
