"""A refusal in compact text whose last word is a file's name (`LOCATION,ELEVATION:invalid;see:errors.md`):
the file name's pattern ran back over every character but a blank, so the whole text read as one file's
name and named no prop, and a refusal of a prop iotplan resent as held was not told its step. Only the
file's name itself names none."""

from __future__ import annotations

from iotplan.apply.bodies import props_named


def test_props_before_a_file_name_in_compact_text_are_named() -> None:
    assert {"LOCATION", "ELEVATION"} <= props_named("LOCATION,ELEVATION:invalid;see:errors.md")


def test_the_file_name_itself_still_names_no_prop() -> None:
    assert "LOCATION" not in props_named("invalid;see:LOCATION.md")
    assert "LOCATION" not in props_named("bad,see:https://docs.example/LOCATION/errors.md")
