"""What refIds are compared without (fold_ref_id drops Unicode's default-ignorable characters: the
combining grapheme joiner U+034F, the Hangul fillers U+3164..., variation selectors, U+17B4) is shown
escaped in every view, as controls are. Python calls these printable, so they reached the terminal,
Markdown and drift raw: two refIds a refusal told apart printed alike, a copy's refId read as its
original's, and `~ name: "Tiltmeter TM-1ㅤ" → "Tiltmeter TM-1"` as an update changing nothing."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import QUICKSTART, Workspace

WEATHER = "quickstart:dam-a/weather"


def one_line(text: str) -> str:
    return " ".join(text.split())


def another_writers_device(ref_id: str, sensors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    props = {"INTEGRATION_ID": "DEMO_DEVICE_SDE", "NAME": "Weather station"}
    return {"changeState": "new", "refId": ref_id, "props": props, "sensors": sensors or []}


def test_a_refid_carried_twice_names_both_refids_apart(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    renamed = {"changeState": "update", "refId": WEATHER, "props": {"NAME": "Weather (web app)"}}
    workspace.integrate_under("quickstart:dam-a", [another_writers_device(WEATHER + "\u034f"), renamed])

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1
    said = one_line(planned.stderr)
    assert f"would update by its refId '{WEATHER}', which dam-a/weather#" in said, said
    assert f"('{WEATHER}\\u034f') also carries" in said, said


def test_a_copy_and_a_name_change_show_the_marks_escaped_in_text_markdown_and_drift(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    copies = [
        {
            "changeState": "new",
            "refId": f"{WEATHER}/battery\u3164",
            "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"},
        },
        {
            "changeState": "new",
            "refId": f"{WEATHER}/air-temp\u17b4",
            "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"},
        },
    ]
    tilt = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1/tilt-1",
        "props": {"NAME": "Tiltmeter TM-1\u3164"},
    }
    crack = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1/crack-1",
        "props": {"NAME": "Crack meter CM-1\ufe0f"},
    }
    logger = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "sensors": [tilt, crack]}
    workspace.integrate_under("quickstart:dam-a", [another_writers_device("other:zz", copies), logger])

    text = workspace.run("plan", QUICKSTART)
    markdown = workspace.run("plan", QUICKSTART, "--format", "markdown")
    drift = workspace.run("drift", QUICKSTART)

    for view in (text, markdown):
        shown = one_line(view.stdout)
        assert f"a copy of dam-a/weather/battery (refId '{WEATHER}/battery\\u3164'" in shown, shown
        assert f"a copy of dam-a/weather/air-temp (refId '{WEATHER}/air-temp\\u17b4'" in shown, shown
        assert '"Tiltmeter TM-1\\u3164" → "Tiltmeter TM-1"' in shown, shown
        assert '"Crack meter CM-1\\ufe0f" → "Crack meter CM-1"' in shown, shown
    reported = one_line(drift.stdout)
    assert f"'{WEATHER}/battery\\u3164'" in reported, reported
    assert '"Tiltmeter TM-1\\u3164"' in reported, reported
    for view in (text, markdown, drift):
        assert not {"\u3164", "\u17b4", "\ufe0f"} & set(view.output), view.output
