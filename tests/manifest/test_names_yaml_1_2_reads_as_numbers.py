"""A bare `key: 1e3` or `key: 0o10` is text to YAML 1.1 (iotplan) and a number to YAML 1.2, whose tools
would write it back as 1000.0 or 8: another key, and another refId. Refused where an entity is named
(key, ref_id, serial, stack), as `key: 010` is; quoted, or in any other text field, it is text."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

SITE = """apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: p-1
    nodes:
      - key: {key}
        name: &name {name}
        devices:
          - {{key: d, template: T_SDE, name: D, ref_id: {ref_id}}}
        notes: *name
"""


def problems(stack: str = "s", key: str = "n", name: str = "N", ref_id: str = "s:d") -> list[str]:
    """The site's problems, alike as streamed and as node-walked (an alias sends it there)."""
    found = [
        _problems(text.format(stack=stack, key=key, name=name, ref_id=ref_id))
        for text in (
            SITE.replace("&name ", "").replace("*name", "N"),
            SITE,
        )
    ]
    assert found[0] == found[1]
    return found[0]


def _problems(text: str) -> list[str]:
    try:
        parse_manifest(text, "m.yaml")
    except ManifestError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize(
    ("key", "reading"),
    [
        ("1e3", "the number 1000.0"),
        ("1E3", "the number 1000.0"),
        ("1.5e3", "the number 1500.0"),
        ("1e-3", "the number 0.001"),
        ("0o10", "the octal number 8"),
    ],
)
def test_a_bare_key_yaml_1_2_reads_as_a_number_is_refused_saying_how_each_reads_it(
    key: str, reading: str
) -> None:
    assert problems(key=key) == [
        f"m.yaml:6:14: {key}: key: {key} is read by YAML 1.1 (iotplan) as text and by YAML 1.2 as {reading}: "
        f"write it quoted: '{key}'"
    ]


def test_the_stack_and_a_pinned_ref_id_are_refused_so_too() -> None:
    assert problems(stack="1e3", ref_id="0o17") == [
        "m.yaml:2:8: stack: 1e3 is read by YAML 1.1 (iotplan) as text and by YAML 1.2 as the number "
        "1000.0: write it quoted: '1e3'",
        "m.yaml:9:56: n/d: ref_id: 0o17 is read by YAML 1.1 (iotplan) as text and by YAML 1.2 as the "
        "octal number 15: write it quoted: '0o17'",
    ]


def test_quoted_or_in_a_field_that_names_nothing_it_is_text() -> None:
    assert problems(key="'1e3'", name="1e3", ref_id='"0o17"') == []
