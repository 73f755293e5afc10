"""plan/props.py `written_values` takes a text masking reads nothing of (`url_masking_reads`) as
read back as it is, without masking it: it must agree with masking for every text, so a text that
masking changes never reads as written (its live value shows masked, which differs)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iotplan.plan.props import shown_text, written_values

PIECES = ["Dam A", "https://", "u:pw@", "h.example", "/x", "?api_key=k", "&a=b", "=", "@", ";password=p", " "]


@given(st.lists(st.sampled_from(PIECES), max_size=6).map("".join) | st.text(max_size=12))
def test_a_text_is_written_as_read_exactly_when_masking_leaves_it(text: str) -> None:
    written = written_values("device", {"name": text})
    assert (written is not None) is (shown_text(text) == text)
    if written is not None:
        assert written[0] is text


def test_a_value_that_is_no_text_is_compared_as_it_is() -> None:
    assert written_values("device", {"name": 7}) == (7, None, None)
