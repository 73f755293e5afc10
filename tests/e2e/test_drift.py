"""drift after the 50-site rollout: three changes behind iotplan's back, seen in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from tests.e2e.conftest import PROJECT, Workspace

TEMPLATE = "examples/multi-site/site.yaml.j2"
SITES = ("--sites", "examples/multi-site/sites.csv")
EXPECTED = {
    ("site-07/logger/pz-2", "MODIFIED"),
    ("site-01/weather", "MISSING"),
    ("site-12/logger/#", "UNMANAGED"),
}


@pytest.fixture
def drifted(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", TEMPLATE, *SITES, "--auto-approve").exit_code == 0
    assert workspace.run("drift", TEMPLATE, *SITES).exit_code == 0
    rename = {
        "changeState": "update",
        "refId": "multi-site:site-07/logger/pz-2",
        "props": {"NAME": "PZ-2 (UI)"},
    }
    _on_device(workspace, "site-07", "multi-site:site-07/logger", sensors=[rename])
    node = workspace.live_entity("multi-site:site-01")
    workspace.integrate(
        {
            "integration": {
                "nodeId": node["id"],
                "devices": [{"changeState": "remove", "refId": "multi-site:site-01/weather"}],
            }
        }
    )
    stray = {"changeState": "new", "refId": "field-laptop-3", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    _on_device(workspace, "site-12", "multi-site:site-12/logger", sensors=[stray])
    return workspace


def _on_device(workspace: Workspace, site: str, device: str, sensors: list[dict]) -> None:
    node = workspace.live_entity(f"multi-site:{site}")
    body = {"changeState": "update", "refId": device, "props": {}, "sensors": sensors}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [body]}})


def _drift(workspace: Workspace, output_format: str) -> tuple[int, str]:
    result = workspace.run("drift", TEMPLATE, *SITES, "--format", output_format, "--output", "report")
    return result.exit_code, (workspace.path / "report").read_text()


def _found(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Unmanaged addresses end in the entity's random id: keep only their stable part."""
    return {(address.split("#")[0] + ("#" if "#" in address else ""), status) for address, status in pairs}


def test_json_names_exactly_the_three_changes(drifted: Workspace) -> None:
    code, text = _drift(drifted, "json")
    report = json.loads(text)
    assert code == 2 and report["drifted"] is True and report["format_version"] == "1.0"
    drift = {(e["address"], e["status"]) for e in report["entries"] if e["status"] != "IN_SYNC"}
    assert _found(drift) == EXPECTED
    modified = next(e for e in report["entries"] if e["status"] == "MODIFIED")
    assert modified["differences"] == [{"path": "name", "expected": "Piezometer PZ-2", "actual": "PZ-2 (UI)"}]
    missing = next(e for e in report["entries"] if e["status"] == "MISSING")
    assert missing["folded"] == 1  # its air-temperature sensor went with it
    assert len(report["sites"]) == 50


def test_text_and_markdown_show_the_three(drifted: Workspace) -> None:
    for output_format in ("text", "markdown"):
        code, text = _drift(drifted, output_format)
        assert code == 2
        assert "1 missing, 1 modified, 1 unmanaged" in text
        assert "site-07/logger/pz-2" in text and "site-01/weather" in text and "site-12/logger/#" in text
        assert 'expected "Piezometer PZ-2", actual "PZ-2 (UI)"' in text


def test_junit_fails_exactly_three_cases(drifted: Workspace) -> None:
    code, text = _drift(drifted, "junit")
    root = ElementTree.fromstring(text)
    failed = {
        (case.get("name"), case.find("failure").get("type"))
        for case in root.iter("testcase")
        if case.find("failure") is not None
    }
    assert code == 2 and _found(failed) == EXPECTED
    assert root.get("failures") == "3"
    assert int(root.get("tests")) == len(list(root.iter("testcase"))) > 50


class _Assets(HTMLParser):
    """Collects anything that would make the page load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.rows: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.external.append(f"{tag} {name}={values[name]}")
        if tag == "tr" and values.get("data-status"):
            self.rows.append(values["data-status"] or "")


def test_html_is_self_contained_with_a_row_per_entity(drifted: Workspace) -> None:
    code, text = _drift(drifted, "html")
    page = _Assets()
    page.feed(text)
    assert code == 2 and page.external == []
    assert sorted(status for status in page.rows if status != "IN_SYNC") == [
        "MISSING",
        "MODIFIED",
        "UNMANAGED",
    ]
    assert "<script>" in text and "1 missing, 1 modified, 1 unmanaged" in text


def test_drift_writes_nothing(drifted: Workspace) -> None:
    def everything() -> list:
        params = {"projectIds": PROJECT, "pageSize": 1000}
        return [
            drifted.api("GET", f"/api/{kind}/all", params=params) for kind in ("nodes", "devices", "sensors")
        ]

    before = everything()
    assert drifted.run("drift", TEMPLATE, *SITES).exit_code == 2
    assert everything() == before


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it where it can)")
def test_html_renders_in_headless_chromium_and_its_filter_runs(drifted: Workspace) -> None:
    _drift(drifted, "html")
    page = drifted.path / "report.html"
    (drifted.path / "report").rename(page)
    dom = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    rows = re.findall(r'<tr data-status="([A-Z_]+)"( hidden="")?>', dom)
    hidden = {status for status, is_hidden in rows if is_hidden}
    shown = sorted(status for status, is_hidden in rows if not is_hidden)
    assert hidden == {"IN_SYNC"}  # the script ran: in-sync rows are filtered out at first
    assert shown == ["MISSING", "MODIFIED", "UNMANAGED"]
