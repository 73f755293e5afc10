"""`| int` and `| float` read ASCII decimals alone: `1_000`, spaces and other scripts' digits are refused."""

from __future__ import annotations

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template


@pytest.mark.parametrize("cell", ["1_000", " 7 ", "\u0663", "\uff13", "7\n"])
@pytest.mark.parametrize("converted", ["int", "float"])
def test_int_and_float_read_ascii_decimals_alone(cell: str, converted: str) -> None:
    with pytest.raises(TemplateError, match=rf"is not a (whole|finite) number \(\| {converted}\)"):
        render_template(f"a: {{{{ v | {converted} }}}}\n", "t.j2", {"v": cell})


@pytest.mark.parametrize("cell", ["1_0", " f ", "\u0663"])
def test_int_in_another_base_reads_ascii_digits_alone(cell: str) -> None:
    with pytest.raises(TemplateError, match=r"is not a whole number \(\| int\)"):
        render_template("a: {{ v | int(base=16) }}\n", "t.j2", {"v": cell})


@pytest.mark.parametrize("cell", ["1e3", "1E3"])
def test_int_reads_an_exponent_without_a_point_as_with_one(cell: str) -> None:
    assert render_template("a: {{ v | int }}\n", "t.j2", {"v": cell}).text == "a: 1000\n"


def test_int_reads_an_exponent_form_exactly_never_through_a_float() -> None:
    """Through a float, 2**53 + 1 read as 2**53: a silently different number."""
    rendered = render_template("a: {{ v | int }}\n", "t.j2", {"v": "9007199254740993e0"})
    assert rendered.text == "a: 9007199254740993\n"


@pytest.mark.parametrize("cell", ["1.5e0", "1e999999999"])
def test_int_refuses_an_exponent_form_that_is_no_manifest_sized_whole_number(cell: str) -> None:
    with pytest.raises(TemplateError, match=r"is not a whole number \(\| int\)"):
        render_template("a: {{ v | int }}\n", "t.j2", {"v": cell})


def test_int_reads_a_zero_with_any_exponent_as_zero() -> None:
    assert render_template("a: {{ v | int }}\n", "t.j2", {"v": "0e101"}).text == "a: 0\n"
