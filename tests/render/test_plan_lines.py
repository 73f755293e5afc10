"""A saved plan read line by line (`plan_from_lines`): the same Plan as a whole read, without the
whole decoded document in memory; any other layout is left to the whole read."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.commands.saved_plans import read_saved_lines
from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.model import Plan
from iotplan.render import plan_from_dict, plan_to_json
from iotplan.render.json_plan import NotLaidOutHere, plan_from_lines
from tests.render.plans import SCENARIOS, in_sync, plan
from tests.render.saved_files import lines_of, peak_bytes_reading


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_saved_plan_reads_line_by_line_as_it_reads_whole(scenario: str) -> None:
    text = plan_to_json(SCENARIOS[scenario]())
    assert plan_from_lines(lines_of(text)) == plan_from_dict(json.loads(text))


def many_in_sync(count: int) -> Plan:
    return plan(*(in_sync(f"site-{n // 100}/logger-{n // 10 % 10}/pz-{n % 10}") for n in range(count)))


def test_a_plan_in_iotplans_layout_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(many_in_sync(30)), encoding="utf-8")
    assert read_saved_lines(str(path)) == many_in_sync(30)


def reformatted(text: str) -> dict[str, str]:
    """The same JSON laid out as people and tools write it."""
    document = json.loads(text)
    return {
        "indented by four": json.dumps(document, indent=4, ensure_ascii=False) + "\n",
        "one line": json.dumps(document, ensure_ascii=False),
        "windows line ends": text.replace("\n", "\r\n"),
        "no final newline": text.removesuffix("\n"),
        "a change line split in two": text.replace('", "kind"', '",\n"kind"', 1).replace(
            ',"kind"', ',\n      "kind"', 1
        ),
        "two changes on one line": text.replace("},\n    {", "}, {", 1),
        "keys sorted (jq -S)": json.dumps(document, indent=2, sort_keys=True) + "\n",
        "a key after the changes": text.replace('  "stack": "dams",\n', "").replace(
            "\n  ]\n}\n", '\n  ],\n  "stack": "dams"\n}\n'
        ),
    }


@pytest.mark.parametrize("layout", list(reformatted(plan_to_json(SCENARIOS["destruction"]()))))
def test_any_other_layout_is_left_to_the_whole_read_which_reads_the_same_plan(
    layout: str, tmp_path: Path
) -> None:
    text = plan_to_json(SCENARIOS["destruction"]())
    other = reformatted(text)[layout]
    assert json.loads(other) == json.loads(text), "the test must change the layout only"
    with pytest.raises(NotLaidOutHere):
        plan_from_lines(lines_of(other))
    path = tmp_path / "plan.json"
    path.write_text(other, encoding="utf-8", newline="")
    assert read_saved_lines(str(path)) is None
    assert read_saved(str(path)) == read_saved_plan(str(path)) == SCENARIOS["destruction"]()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda text: text[: text.index("},\n    {") + 3], "not JSON"),  # cut after a change line
        (lambda text: text[: len(text) // 2], "not JSON"),  # cut inside one
        (lambda text: text + "{}\n", "not JSON: Extra data"),  # something after the plan
        (lambda text: text.replace(',\n  "changes"', '\n  "changes"'), "not JSON: Expecting ','"),
        (
            lambda text: text.replace(',\n  "changes"', ',\n  "n": 123\n  "changes"'),
            "not JSON: Expecting ','",
        ),
    ],
)
def test_a_damaged_plan_file_gets_the_whole_reads_answer(
    damage: Callable[[str], str], said: str, tmp_path: Path
) -> None:
    text = plan_to_json(SCENARIOS["destruction"]())
    path = tmp_path / "plan.json"
    path.write_text(damage(text), encoding="utf-8")
    assert read_saved_lines(str(path)) is None
    with pytest.raises(IotplanError, match=rf"plan\.json:[0-9]+:[0-9]+: {said}"):
        read_saved(str(path))


def test_a_plan_saved_with_a_utf8_bom_reads_as_the_same_plan(tmp_path: Path) -> None:
    """Windows PowerShell 5's `Out-File -Encoding utf8` writes a BOM before the text: it was refused."""
    path = tmp_path / "plan.json"
    path.write_text("\ufeff" + plan_to_json(SCENARIOS["destruction"]()), encoding="utf-8")
    assert read_saved(str(path)) == SCENARIOS["destruction"]()


def test_a_head_that_says_changes_twice_reads_as_json_reads_it() -> None:
    text = plan_to_json(SCENARIOS["destruction"]())
    twice = text.replace('"stack": "dams",\n', '"stack": "dams",\n  "changes": [],\n')
    assert plan_from_lines(lines_of(twice)) == plan_from_dict(json.loads(twice)) == SCENARIOS["destruction"]()


def test_what_a_change_line_says_wrong_is_reported_as_the_whole_read_reports_it(tmp_path: Path) -> None:
    text = plan_to_json(SCENARIOS["destruction"]()).replace('"address"', '"adress"', 1)
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        IotplanError, match=r"plan\.json: not a plan this iotplan reads: missing field 'address'"
    ):
        read_saved(str(path))


def test_the_decoded_document_is_never_whole_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(many_in_sync(3000)), encoding="utf-8")
    whole = peak_bytes_reading(lambda: plan_from_dict(json.loads(path.read_text(encoding="utf-8"))))
    streamed = peak_bytes_reading(lambda: read_saved_lines(str(path)))
    # Measured: a quarter (1.4 against 5.4 MB). What is left is mostly the Plan itself.
    assert streamed < 0.6 * whole, (streamed, whole)


def test_a_change_line_is_read_only_from_where_the_layout_puts_it(tmp_path: Path) -> None:
    """`  1,{...},` is valid JSON, a list with one more item than changes: the whole read refuses it."""
    text = plan_to_json(SCENARIOS["destruction"]()).replace("\n    {", "\n  1,{", 1)
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    assert read_saved_lines(str(path)) is None
    with pytest.raises(IotplanError, match=r"plan\.json: not a plan this iotplan reads"):
        read_saved(str(path))


def test_an_integer_past_64_bits_reads_exactly() -> None:
    """orjson would read it as a float, silently; such a line is decoded by the json module."""
    change = dataclasses.replace(in_sync("site-1/logger-1/pz-1"), after={"serial": 2**70 + 1}, before=None)
    text = plan_to_json(plan(change))
    assert plan_from_lines(lines_of(text)).changes[0].after == {"serial": 2**70 + 1}


def test_bytes_a_file_read_refuses_are_left_to_it() -> None:
    """A lone surrogate's bytes: the json module reads them from bytes; reading the file as UTF-8 refuses."""
    text = plan_to_json(SCENARIOS["destruction"]()).encode()
    text = text.replace(b'"reason":"', b'"reason":"\xed\xa0\x80', 1)
    with pytest.raises(NotLaidOutHere):
        plan_from_lines(io.BytesIO(text))


def test_a_drift_reports_head_is_left_to_the_whole_read() -> None:
    text = plan_to_json(SCENARIOS["destruction"]()).replace("{\n", '{\n  "kind": "iotplan-drift",\n', 1)
    with pytest.raises(NotLaidOutHere):
        plan_from_lines(lines_of(text))


def test_a_negative_integer_past_64_bits_reads_exactly() -> None:
    change = dataclasses.replace(in_sync("site-1/logger-1/pz-1"), after={"n": -(2**63) - 1}, before=None)
    assert plan_from_lines(lines_of(plan_to_json(plan(change)))).changes[0].after == {"n": -(2**63) - 1}


def test_a_plan_apply_tells_by_its_content_is_still_read_line_by_line(tmp_path: Path) -> None:
    """Whatever its name (`--out tfplan`): telling it from a manifest reads its first keys only."""
    path = tmp_path / "tfplan"
    path.write_text(plan_to_json(many_in_sync(3000)), encoding="utf-8")
    whole = peak_bytes_reading(lambda: plan_from_dict(json.loads(path.read_text(encoding="utf-8"))))
    read: list[Plan | None] = []
    streamed = peak_bytes_reading(lambda: read.append(read_saved_plan(str(path))))
    assert read == [many_in_sync(3000)]
    assert streamed < 0.6 * whole, (streamed, whole)
