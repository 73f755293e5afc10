"""A removal that looks like a key renamed without `moved` (plan/renames.py) says so under its line in
every human view, and in the JSON plan as `looks_renamed_to` (format 1.9), which reads back; a plan
labelled older than the format that added it is refused as edited."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Plan, format_known
from iotplan.render.json_plan import LOOKS_RENAMED_SINCE, plan_from_dict, plan_from_lines, plan_to_json
from iotplan.render.lines import change_lines
from iotplan.render.markdown import render_markdown
from iotplan.render.text import render_text
from tests.render.plans import change, plan

ADVICE = "looks like a rename to dam-42: to keep its history, add `moved: [{from: site-42, to: dam-42}]`"


def renamed(looks_renamed_to: str | None = "dam-42") -> Plan:
    return plan(
        change("dam-42", Action.CREATE, "not on the platform", after={"name": "Feed 42"}),
        change(
            "site-42",
            Action.REMOVE,
            "not in the manifest; owned by stack 'dams', with 1 device and 5 sensors",
            live_id="/api/A00042/node",
            before={"name": "Feed 42"},
            observations=25_000,
            fingerprint="fp-site-42",
            holding=(Address("site-42/d0/s0"),),
            looks_renamed_to=None if looks_renamed_to is None else Address(looks_renamed_to),
        ),
    )


def test_the_removals_lines_say_how_to_keep_its_history() -> None:
    removal = renamed().changes[1]
    assert [line.plain() for line in change_lines(removal)][-2:] == [
        "      ! destroys 25,000 observations (sensor history cannot be recovered)",
        f"      # {ADVICE}",
    ]
    assert ADVICE in render_text(renamed(), color=False)
    assert f"# {ADVICE}" in render_markdown(renamed())


def test_a_removal_not_hinted_says_nothing_of_a_rename() -> None:
    assert "rename" not in render_text(renamed(None), color=False)
    assert "looks_renamed_to" not in plan_to_json(renamed(None))


def test_the_json_plan_names_the_creation_and_reads_back_whole_and_a_line_at_a_time() -> None:
    text = plan_to_json(renamed())
    document = json.loads(text)
    assert format_known(LOOKS_RENAMED_SINCE, document["format_version"])
    assert [c.get("looks_renamed_to") for c in document["changes"]] == [None, "dam-42"]
    assert plan_from_dict(json.loads(text)) == renamed()
    assert plan_from_lines(iter(text.encode().splitlines(keepends=True))) == renamed()


def test_a_plan_labelled_older_than_the_hint_is_refused_as_edited() -> None:
    document = json.loads(plan_to_json(renamed()))
    document["format_version"] = "1.8"
    document["catalog_notes"] = []
    with pytest.raises(ValueError, match=r"site-42 holds looks_renamed_to, which plans hold since 1\.9"):
        plan_from_dict(document)
