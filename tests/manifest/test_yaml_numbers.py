"""Numbers YAML 1.1 (iotplan's reader) and YAML 1.2 read differently are kept as written, to be
refused, and text 1.2 reads as a number gets 1.1's spelling. Numbers both read alike (`0x1F`, `00`,
`1.0e-7`) are taken: tests/cases/manifest/bad/numbers_yaml_1_1_only.yaml declares them too."""

from __future__ import annotations

import pytest

from iotplan.manifest.source import _FAST_LOADER, _load, load_yaml
from iotplan.manifest.yaml_numbers import AmbiguousNumber, yaml11_spelling


def read_every_way(text: str) -> list[object]:
    """`text`'s value as the streamed load and the positional walk each read it."""
    document = f"value: {text}\n"
    streamed, _, _ = load_yaml(document, "f.yaml")
    walked, _, _ = _load(document, "f.yaml", _FAST_LOADER)
    return [streamed["value"], walked["value"]]


@pytest.mark.parametrize(
    ("text", "read_by_yaml_1_1"),
    [
        ("010", 8),  # octal to 1.1, ten to 1.2
        ("-010", -8),
        ("0_10", 8),
        ("0b101", 5),  # text to 1.2
        ("1_000", 1000),
        ("1:30", 90),
        ("-0x1F", -31),  # 1.2 reads hexadecimal unsigned only
        ("0x1_F", 31),
        ("1_000.5", 1000.5),
        ("1:30.5", 90.5),
    ],
)
def test_a_number_yaml_1_2_reads_otherwise_is_kept_as_written(text: str, read_by_yaml_1_1: float) -> None:
    assert read_every_way(text) == [AmbiguousNumber(text, read_by_yaml_1_1)] * 2


@pytest.mark.parametrize(
    ("text", "read"), [("!!float '1'", 1.0), ("!!float 010", 10.0), ("!!float '-7'", -7.0)]
)
def test_a_number_tagged_as_a_float_is_read_by_its_tag_as_both_versions_read_it(
    text: str, read: float
) -> None:
    assert read_every_way(text) == [read] * 2
    assert all(type(value) is float for value in read_every_way(text))


@pytest.mark.parametrize(
    "document",
    [
        "a: 1\nvalue: {}\n",  # streamed
        "a: &one 1\nb: *one\nvalue: {}\n",  # an alias: the fast node walk
        "a: 1\na: 2\nvalue: {}\n",  # a duplicate: the positional walk
    ],
)
def test_the_loader_tells_whether_it_kept_a_number_as_written_so_only_then_is_the_data_searched(
    document: str,
) -> None:
    for text, kept in [("010", True), ("0x1F", False), ("12.5", False), ("'010'", False)]:
        _, source, _ = load_yaml(document.format(text), "f.yaml")
        assert source.ambiguous_numbers is kept, text


def test_each_reading_is_told_with_what_to_write() -> None:
    octal, sexagesimal = AmbiguousNumber("010", 8), AmbiguousNumber("1:30", 90)
    assert octal.readings() == "read by YAML 1.1 (iotplan) as the octal number 8 and by YAML 1.2 as 10"
    assert octal.as_number() == "write 10 (or 8, if octal was meant)"
    assert octal.as_text() == "write it quoted: '010'"
    assert sexagesimal.readings().endswith("as the base-60 number 90 and by YAML 1.2 as text")
    assert sexagesimal.as_number() == "write it in decimal digits (90, if that is what was meant)"


@pytest.mark.parametrize(
    ("text", "spelled"),
    [("1e-7", "1.0e-7"), ("1e5", "1.0e+5"), ("-.5", "-0.5"), ("1.5E7", "1.5e+7"), ("0o17", "15")],
)
def test_text_yaml_1_2_reads_as_a_number_is_spelled_so_yaml_1_1_reads_it_too(text: str, spelled: str) -> None:
    assert read_every_way(text) == [text, text]  # text to YAML 1.1
    assert yaml11_spelling(text) == spelled
    assert read_every_way(spelled) == [float(spelled) if "." in spelled else int(spelled)] * 2


@pytest.mark.parametrize("text", ["1.5", "10", "abc", "1:30", ".inf"])
def test_text_that_is_no_number_to_yaml_1_2_or_already_spelled_for_1_1_gets_no_spelling(text: str) -> None:
    assert yaml11_spelling(text) is None
