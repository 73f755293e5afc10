"""An imported manifest writes a format character (a bidi override, a zero-width mark) as an escape:
raw, a diff of the file shows the text reordered or hidden to whoever reviews the import."""

from __future__ import annotations

import unicodedata

import pytest

from tests.render.test_imported import imported, nodes, ours


def raw_format_characters(text: str) -> list[str]:
    """Format characters, and the invisible marks a manifest refuses though not of that category."""
    return [char for char in text if unicodedata.category(char) == "Cf" or char in "\u3164\u034f\u2028"]


@pytest.mark.parametrize(
    "name",
    [
        "keep \u202eevomer\u202c ok",  # right-to-left override, then pop: shows "keep remove ok"
        "Pre\u0301sa\u200b logger",  # a zero-width space after a combining accent
        "Crest \U000e0041logger",  # a tag character, outside the BMP
        "Toe\u3164logger",  # a Hangul filler: shows as a blank, a letter to Unicode
        "Ber\u034fm",  # a combining grapheme joiner: shows as nothing
    ],
)
def test_a_format_character_in_an_imported_name_is_written_escaped_and_reads_back(name: str) -> None:
    live = ours()
    live.devices[0].props["NAME"] = name
    text = imported(live)
    assert raw_format_characters(text) == []
    assert nodes(text)[0]["devices"][0]["name"] == name


def test_a_format_character_in_a_metric_inside_a_flow_list_is_written_escaped() -> None:
    live = ours()
    sensor = live.sensors[live.devices[0].id][1]
    sensor.props.update(
        KNOWN_METRICS={}, KNOWN_UNITS={}, UNKNOWN_METRICS={"0": "Lev\u2066el"}, UNKNOWN_UNITS={"0": "m"}
    )
    text = imported(live)
    assert raw_format_characters(text) == []
    metrics = nodes(text)[0]["devices"][0]["sensors"][1]["metrics"]
    assert metrics == [{"custom_metric": "Lev\u2066el", "custom_unit": "m"}]
