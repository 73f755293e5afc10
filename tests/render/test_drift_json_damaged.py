"""A drift report read back (`show`, `merge`) is checked against itself: entries cut from it or
edited, or a field of the wrong type, are refused in words, never read as less drift or none."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.coverage import Coverage
from iotplan.render.drift_json import render_drift_json
from tests.render import drifts


def fleet(**changed: Any) -> dict[str, Any]:
    report = drifts.SCENARIOS["fleet"]()
    return json.loads(render_drift_json(dataclasses.replace(report, **changed)))


def refused(document: dict[str, Any], tmp_path: Path) -> str:
    """What `show` and `merge` say of the file, read as iotplan lays it out and as a tool rewrote it."""
    said = set()
    for name, text in (("laid-out", None), ("one-line", json.dumps(document))):
        path = tmp_path / f"{name}.json"
        path.write_text(text or _laid_out(document), encoding="utf-8")
        with pytest.raises(IotplanError) as raised:
            read_saved(str(path))
        said.add(str(raised.value).replace(str(path), "drift.json"))
    [message] = said  # both readers say the same
    return message


def _laid_out(document: dict[str, Any]) -> str:
    head = {key: value for key, value in document.items() if key not in ("sites", "entries")}
    lines = [json.dumps(head, indent=2)[:-2] + ","]
    for key, end in (("sites", ","), ("entries", "")):
        items = ",\n".join("    " + json.dumps(each, separators=(",", ":")) for each in document[key])
        lines.append(f'  "{key}": [\n{items}\n  ]{end}' if items else f'  "{key}": []{end}')
    return "\n".join(lines) + "\n}\n"


def test_a_shard_report_emptied_of_its_entries_is_refused_not_read_as_no_drift(tmp_path: Path) -> None:
    document = fleet(shard=Coverage(3, (1,)))
    modified = document["summary"]["MODIFIED"]
    document["entries"] = []
    assert refused(document, tmp_path) == (
        f"drift.json: not a drift report this iotplan reads: its summary counts {modified} modified, "
        "its entries 0: the report was edited or cut; run the shard again"
    )


def test_a_report_with_one_entry_cut_is_refused_naming_the_count_that_differs(tmp_path: Path) -> None:
    document = fleet()
    [cut] = [n for n, entry in enumerate(document["entries"]) if entry["status"] == "MODIFIED"][-1:]
    modified = document["summary"]["MODIFIED"]
    del document["entries"][cut]
    assert f"its summary counts {modified} modified, its entries {modified - 1}: " in refused(
        document, tmp_path
    )
    assert refused(document, tmp_path).endswith("the report was edited or cut; run the drift again")


def test_a_report_that_says_it_drifted_while_its_entries_find_none_is_refused(tmp_path: Path) -> None:
    document = json.loads(render_drift_json(drifts.SCENARIOS["clean"]()))
    assert document["drifted"] is False
    document["drifted"] = True
    assert "it says drifted: true, its entries find none: the report was edited or cut" in refused(
        document, tmp_path
    )


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda d: d["entries"].__setitem__(0, "x"), "entry 1 is text, where a report gives an object"),
        (
            lambda d: d["entries"][1].__setitem__("address", None),
            "entry 2: 'address' is null, where a report gives text",
        ),
        (
            lambda d: d["entries"][0].__setitem__("address", 1),
            "entry 1: 'address' is a number, where a report gives text",
        ),
        (
            lambda d: d["entries"][0].__setitem__("site", ["a"]),
            "entry 1: 'site' is a list, where a report gives text",
        ),
        (
            lambda d: d["entries"][0].__setitem__("status", "GONE"),
            "entry 1: 'status' is 'GONE', not a status a report gives",
        ),
        (
            lambda d: d["entries"][0].__setitem__("differences", "x"),
            "entry 1: 'differences' is text, where a report gives a list",
        ),
        (
            lambda d: d["entries"][0].__setitem__("below", [1]),
            "entry 1's below 1 is a number, where a report gives an object",
        ),
        (
            lambda d: d["entries"][0].__setitem__("folded", "2"),
            "entry 1: 'folded' is text, where a report gives a number",
        ),
        (
            lambda d: d["entries"][0].__setitem__("observations", -1),
            "entry 1: 'observations' is -1, where a report gives a count (0 or more)",
        ),
        (
            lambda d: d["entries"][0].__setitem__("refused", "false"),
            "entry 1: 'refused' is text, where a report gives true or false",
        ),
        (lambda d: d["sites"].__setitem__(0, 1), "site 1 is a number, where a report gives an object"),
        (
            lambda d: d["sites"][0].__setitem__("location", "north"),
            "site 1: 'location' is text, where a report gives an object or null",
        ),
        (
            lambda d: d.__setitem__("manifests", ["m.yaml"]),
            "manifest 1 is text, where a report gives an object",
        ),
        (
            lambda d: d.__setitem__("shard", 1),
            "the report: 'shard' is a number, where a report gives an object or null",
        ),
        (
            lambda d: d.__setitem__("summary", []),
            "the report: 'summary' is a list, where a report gives an object",
        ),
        (
            lambda d: d["summary"].__setitem__("MISSING", "2"),
            "the report's summary: 'MISSING' is text, where a report gives a number",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_field_of_the_wrong_type_is_said_in_words_with_where_it_is(
    edit: Any, said: str, tmp_path: Path
) -> None:
    document = fleet()
    edit(document)
    assert refused(document, tmp_path) == f"drift.json: not a drift report this iotplan reads: {said}"
