"""A refusal's text naming a URL or a file name (`see https://docs.example/errors/location.coordinates`,
`invalid body in location.json`) read as naming LOCATION: a step of a JSON path was looked for after
anything but a word or a `.`, so the path inside a URL or a file's name counted, and a refusal of
anything else was told as one of the LOCATION iotplan resent as another tool stored it, giving the
held form's step (set it in the web app) where running apply again was the way. A URL or a file name
names no prop; a JSON path beside one, or a prop the URL's link text shows, still does."""

from __future__ import annotations

import pytest

from iotplan.apply.bodies import props_named
from tests.apply.test_a_held_form_refusal_named_in_the_target_field_says_the_step import (
    STEP,
    WHY,
    _refused_with,
)

NO_PROP = {
    "url": "see https://docs.example/errors/location.coordinates for more",
    "url-in-caps": "see https://docs.example/errors/LOCATION for more",
    "host": "see location.example.com/errors for more",
    "file": "invalid body in location.json",
    "file-in-a-folder": "invalid body in sites/dam-a/location.yaml",
    "windows-file": r"invalid body in C:\sites\location.coordinates",
}
PROP = {
    "path-beside-a-url": "location.coordinates[0] must be a number, see https://docs.example/errors/1",
    "path-ending-a-sentence": "invalid value at props.location.",
    "path-before-a-colon": "props.location: must be a number",
    "osc8-link-text": "bad (target: \x1b]8;;http://e/\x07LOCATION\x1b]8;;\x07)",
    "osc8-link-text-escaped": "bad (target: \\u001b]8;;http://e/\\u0007LOCATION\\u001b]8;;\\u0007)",
}


@pytest.mark.parametrize("said", NO_PROP.values(), ids=NO_PROP.keys())
def test_a_url_or_a_file_name_names_no_prop(said: str) -> None:
    assert "LOCATION" not in props_named(said)
    message, step = _refused_with({"error": {"code": "InvalidRequest", "message": said}})
    assert WHY not in message and not step, message


@pytest.mark.parametrize("said", PROP.values(), ids=PROP.keys())
def test_a_json_path_or_a_capital_beside_a_url_still_names_its_prop(said: str) -> None:
    assert "LOCATION" in props_named(said)


def test_a_refusal_naming_the_held_prop_as_a_links_text_still_gives_the_step() -> None:
    message, step = _refused_with({"error": {"message": "bad", "target": PROP["osc8-link-text"]}})
    assert WHY in message, message
    assert step.startswith(STEP), step
