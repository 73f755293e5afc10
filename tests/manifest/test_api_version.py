"""Values a refusal shows (an unsupported apiVersion, a choice): as written, or described, never in
Python's notation."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("iotplan/v2", "'iotplan/v2'"),
        ("2026-01-01", "a date (2026-01-01)"),
        ("yes", "true"),
        ("~", "nothing (null)"),
        ("{a: 1}", "a mapping"),
        ("!!binary aGVsbG8=", "binary data (a !!binary tag)"),
        ("0b101", "0b101"),
        (".nan", ".nan"),
        ("-.inf", "-.inf"),
    ],
)
def test_an_unsupported_api_version_is_shown_as_written(written: str, shown: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(f"apiVersion: {written}\nstack: s\n", "site.yaml")
    [problem] = caught.value.problems
    assert problem.message == f"unsupported apiVersion {shown}: this iotplan reads 'iotplan/v1'"


def test_a_choice_given_a_non_finite_number_shows_it_as_yaml_spells_it() -> None:
    text = (
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: p\n    nodes:\n      - {key: a, kind: -.inf}\n"
    )
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "site.yaml")
    [problem] = caught.value.problems
    assert problem.message.startswith("kind: -.inf is not one of ")
