"""drift after the 50-site rollout: three changes behind iotplan's back, seen in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from xml.etree import ElementTree

import httpx
import pytest

from iotplan.plan.drift import DRIFT_FORMAT_VERSION
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import port_3_site
from tests.served import seed_with_gateway_ports, served

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
    assert code == 2 and report["drifted"] is True and report["format_version"] == DRIFT_FORMAT_VERSION
    drift = {(e["address"], e["status"]) for e in report["entries"] if e["status"] != "IN_SYNC"}
    assert _found(drift) == EXPECTED
    modified = next(e for e in report["entries"] if e["status"] == "MODIFIED")
    assert modified["differences"] == [{"path": "name", "expected": "Piezometer PZ-2", "actual": "PZ-2 (UI)"}]
    missing = next(e for e in report["entries"] if e["status"] == "MISSING")
    assert missing["folded"] == 1  # its air-temperature sensor went with it, and is named
    assert missing["below"] == [
        {"address": "site-01/weather/air-temp", "kind": "sensor", "name": "Air temperature"}
    ]
    stray = next(e for e in report["entries"] if e["status"] == "UNMANAGED")
    assert stray["serial"] == "field-laptop-3"
    assert len(report["sites"]) == 50
    sites = {site["site"]: site for site in report["sites"]}  # with their declared location and severity
    assert sites["site-01"]["location"] == {"lat": -39.2383, "lon": 169.5085}  # examples/multi-site/sites.csv
    assert (sites["site-01"]["severity"], sites["site-01"]["status"]) == ("critical", "MISSING")
    assert (sites["site-07"]["severity"], sites["site-12"]["severity"]) == ("medium", "low")
    assert sites["site-02"]["severity"] == "none"


def test_text_and_markdown_show_the_three_most_severe_first(drifted: Workspace) -> None:
    for output_format in ("text", "markdown"):
        code, text = _drift(drifted, output_format)
        assert code == 2
        assert "1 missing (1 more below it), 1 modified, 1 unmanaged" in text
        assert "site-07/logger/pz-2" in text and "site-01/weather" in text
        # its address as the plan and the JSON give it, with its name and serial beside it
        assert re.search(r"site-12/logger/#[0-9A-F]{6} \(no name\) \(serial field-laptop-3\)", text)
        assert 'expected "Piezometer PZ-2", actual "PZ-2 (UI)"' in text
        assert 'air-temp "Air temperature"' in text  # what went with the missing device
        # missing, then modified, then unmanaged; the 47 others in one line
        assert text.index("site-01/weather") < text.index("site-07/logger") < text.index("site-12/logger")
        assert "47 sites are in sync" in text


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
        self.dots: list[str] = []

        self.links: list[str] = []  # fragments the page links to
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            value = values.get(name) or ""
            if value.startswith("#"):
                self.links.append(value[1:])
            elif value:
                self.external.append(f"{tag} {name}={value}")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "tr" and values.get("data-status"):
            self.rows.append(values["data-status"] or "")
        if tag == "circle":
            self.dots.append(values.get("data-status") or "")


def test_html_is_self_contained_with_a_row_per_entity_and_a_map_of_every_site(drifted: Workspace) -> None:
    code, text = _drift(drifted, "html")
    page = _Assets()
    page.feed(text)
    assert code == 2 and page.external == []
    assert sorted(status for status in page.rows if status != "IN_SYNC") == [
        "MISSING",
        "MODIFIED",
        "UNMANAGED",
    ]
    assert "<script>" in text and "1 missing (1 more below it), 1 modified, 1 unmanaged" in text
    assert len(page.dots) == 50  # every site of sites.csv has a location
    assert sorted(dot for dot in page.dots if dot != "IN_SYNC") == ["MISSING", "MODIFIED", "UNMANAGED"]
    assert set(page.links) <= page.ids  # no link leads nowhere
    assert {"site-site-01", "site-site-07", "site-site-12"} <= set(page.links)
    first = text.index("to look at</h2>")  # the ranked list comes before anything in sync
    assert text.index("site-01", first) < text.index("site-07", first) < text.index("site-12", first)


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


QUICKSTART = "examples/quickstart/site.yaml"


def test_one_read_writes_every_report_asked_for(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iotplan.cli import drift_command

    reads: list[int] = []
    real = drift_command.drift_command

    async def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(drift_command, "drift_command", counted)
    outputs = ("--out", "json=drift.json", "--out", "html=drift.html", "--output", "drift.xml")
    result = workspace.run("drift", QUICKSTART, "--format", "junit", *outputs)
    assert result.exit_code == 2 and reads == [1] and result.stdout == ""
    assert "Report written to drift.json, drift.html, drift.xml." in result.stderr
    assert json.loads((workspace.path / "drift.json").read_text())["summary"]["MISSING"] == 1
    assert ElementTree.parse(workspace.path / "drift.xml").getroot().get("failures") == "1"
    assert (workspace.path / "drift.html").read_text().startswith("<!DOCTYPE html>")
    shown = workspace.run("show", "drift.json", "--format", "junit")  # the saved JSON renders the same later
    assert shown.stdout == (workspace.path / "drift.xml").read_text()


def test_the_json_report_is_the_same_on_stdout_in_a_file_and_shown_again(workspace: Workspace) -> None:
    assert workspace.run("drift", QUICKSTART, "--out", "json=drift.json").exit_code == 2
    saved = (workspace.path / "drift.json").read_text()
    again = workspace.run("drift", QUICKSTART, "--format", "json").stdout  # read again: its own read_at
    assert _without_read_at(again) == _without_read_at(saved)
    assert workspace.run("show", "drift.json", "--format", "json").stdout == saved
    assert '\n  "entries": [\n    {"manifest":' in saved  # a line an entry (render/drift_json.py)


def test_a_manifest_named_twice_by_overlapping_globs_is_counted_once(workspace: Workspace) -> None:
    once = json.loads(workspace.run("drift", QUICKSTART, "--format", "json").stdout)
    twice = json.loads(workspace.run("drift", QUICKSTART, f"./{QUICKSTART}", "--format", "json").stdout)
    assert twice["entries"] == once["entries"] and twice["summary"] == once["summary"]


def test_several_manifests_of_one_project_read_its_connection_list_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site a file, a thousand files: each read the whole project's list, pages times files."""
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    for stack in ("north", "south"):
        text = (workspace.path / QUICKSTART).read_text().replace("stack: quickstart", f"stack: {stack}")
        (workspace.path / f"{stack}.yaml").write_text(text)
    with served(seed_with_gateway_ports(workspace.path)) as url:
        listed = []
        for manifests in (["north.yaml"], ["north.yaml", "south.yaml"]):
            httpx.delete(f"{url}/_sim/requests").raise_for_status()
            assert workspace.run("drift", *manifests, "--endpoint", url).exit_code == 2  # nothing applied
            listed.append(httpx.get(f"{url}/_sim/requests").json()["requests"]["GET /api/nodes/all"])
    assert listed[0] == listed[1] > 0


def test_two_manifests_of_one_stack_are_refused_before_any_read(workspace: Workspace) -> None:
    """Each owns what the other declares: one report would call an entity in sync and orphaned."""
    (workspace.path / "dam-b.yaml").write_text(
        (workspace.path / QUICKSTART).read_text().replace("key: dam-a", "key: dam-b")
    )
    result = workspace.run("drift", QUICKSTART, "dam-b.yaml", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        f"{QUICKSTART} and dam-b.yaml both say stack 'quickstart': each owns what the other declares"
    ) in result.stderr
    assert (
        "Merge them into one manifest; give each a stack of its own only where its network is not applied "
        "yet (an entity cannot move between stacks, so a network already applied stays in one manifest)."
    ) in result.stderr
    assert "Target:" not in result.stderr  # refused before the platform was opened


@pytest.mark.parametrize("name", ["json", "html", "md", "reports/JUNIT"])
def test_a_report_file_named_like_a_format_is_refused_before_any_read(
    workspace: Workspace, name: str
) -> None:
    result = workspace.run("drift", QUICKSTART, "--output", name)
    assert result.exit_code == 1
    assert "is a format's name, not a report file: did you mean --format" in result.stderr
    assert not (workspace.path / name).exists() and "Target:" not in result.stderr


def test_one_file_named_twice_is_refused(workspace: Workspace) -> None:
    result = workspace.run("drift", QUICKSTART, "--out", "d.json", "--out", "json=./d.json")
    assert result.exit_code == 1 and "--out names d.json more than once" in result.stderr


EDGE = "examples/edge/site.yaml"


@pytest.fixture
def wrong_thread(workspace: Workspace) -> Workspace:
    """The edge example applied, then THREAD 8A9B0C answering at thread-north's address."""
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    assert workspace.run("drift", EDGE).exit_code == 0
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:9999"})
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": "127.0.0.1:8401"})
    return workspace


# Both gateways of the swap unread: the wrong THREAD at thread-north's address, and thread-portal's box gone.
WRONG_THREAD = "Drift detected; 2 gateways not read (17 settings unchecked): 0 missing, 1 modified,"


def test_the_wrong_thread_at_a_sites_address_is_drift_in_every_format(wrong_thread: Workspace) -> None:
    text = wrong_thread.run("drift", EDGE)
    assert text.exit_code == 2, text.output
    assert WRONG_THREAD in text.stdout
    report = wrong_thread.json("drift", EDGE)
    assert report["drifted"] is True
    [entry] = [e for e in report["entries"] if e["address"] == "thread-north/edge"]
    assert (entry["status"], entry["severity"]) == ("MODIFIED", "critical")
    assert "reports serial 8A9B0C" in entry["reason"]
    junit = wrong_thread.run("drift", EDGE, "--format", "junit")
    assert junit.exit_code == 2
    case = ElementTree.fromstring(junit.stdout).find(".//testcase[@name='thread-north/edge']")
    assert case is not None and case.find("failure") is not None and case.find("skipped") is None
    markdown = wrong_thread.run("drift", EDGE, "--format", "markdown")
    assert markdown.exit_code == 2
    assert markdown.stdout.startswith(f"### iotplan drift: {WRONG_THREAD}")
    html = wrong_thread.run("drift", EDGE, "--format", "html")
    assert html.exit_code == 2 and f'<p class="verdict">{WRONG_THREAD}' in html.stdout


def test_merged_drift_shards_count_the_wrong_thread_as_drift(wrong_thread: Workspace) -> None:
    for index in (1, 2):
        wrong_thread.run("drift", EDGE, "--shard", f"{index}/2", "--out", f"json=drift-{index}.json")
    merged = wrong_thread.run("merge", "drift-1.json", "drift-2.json", "--format", "json")
    assert merged.exit_code == 2, merged.output
    assert json.loads(merged.stdout)["drifted"] is True


def test_a_connection_the_next_apply_would_destroy_is_orphaned_and_critical_in_every_format(
    workspace: Workspace,
) -> None:
    quickstart = "examples/quickstart/site.yaml"
    text = (workspace.path / quickstart).read_text()
    second = text.replace("      - key: dam-a\n", "      - key: dam-b\n", 1)
    nodes = second[second.index("      - key: dam-b\n") :]
    (workspace.path / "both.yaml").write_text(text + nodes)
    assert workspace.run("apply", "both.yaml", "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-b/logger-1/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 500})
    reports = {}
    for output_format in ("json", "text", "markdown", "junit", "html"):
        out = f"drift-report.{output_format}"
        result = workspace.run("drift", quickstart, "--format", output_format, "--out", out)
        assert result.exit_code == 2, result.output
        reports[output_format] = (workspace.path / out).read_text()
    [orphan] = [e for e in json.loads(reports["json"])["entries"] if e["status"] != "IN_SYNC"]
    assert (orphan["address"], orphan["status"], orphan["severity"]) == ("dam-b", "ORPHANED", "critical")
    assert orphan["observations"] == 500
    said = "the next apply removes it, destroying 500 observations"
    assert said in orphan["reason"]
    assert all(said in report for report in reports.values())
    assert "ORPHANED    node dam-b" in reports["text"] and "UNMANAGED" not in reports["text"].split("\n\n")[0]


MOVED = f"""apiVersion: iotplan/v1
stack: r17b
projects:
  - id: {PROJECT}
    nodes:
      - key: n2
        name: Node two
        devices:
          - key: d1
            sensors:
              - {{key: s1, metrics: [{{custom_metric: a, custom_unit: b}}]}}
              - {{key: s2, metrics: [{{custom_metric: a, custom_unit: b}}]}}
          - key: d2
            sensors: []
"""


@pytest.fixture
def moved_in_the_web_app(workspace: Workspace) -> Workspace:
    """n2/d1/s2, holding 50 observations, moved under n2/d2 behind iotplan's back: its refId kept."""
    (workspace.path / "moved.yaml").write_text(MOVED)
    for manifest in ("moved.yaml", QUICKSTART):
        assert workspace.run("apply", manifest, "--auto-approve").exit_code == 0
    s2 = workspace.live_entity("r17b:n2/d1/s2")
    workspace.integrate(
        {
            "integration": {
                "nodeId": workspace.live_entity("r17b:n2")["id"],
                "devices": [
                    {
                        "changeState": "update",
                        "refId": "r17b:n2/d1",
                        "props": {},
                        "sensors": [{"changeState": "remove", "refId": "r17b:n2/d1/s2"}],
                    },
                    {
                        "changeState": "update",
                        "refId": "r17b:n2/d2",
                        "props": {},
                        "sensors": [{"changeState": "new", "refId": "r17b:n2/d1/s2", "props": s2["props"]}],
                    },
                ],
            }
        }
    )
    moved = workspace.live_entity("r17b:n2/d1/s2")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": moved["id"], "count": 50})
    return workspace


def test_a_sensor_moved_to_another_device_is_drift_reported_beside_every_other_manifest(
    moved_in_the_web_app: Workspace,
) -> None:
    """Once the plan's refusal to create it again stopped the whole drift run, every manifest
    unreported: drift only reads, so the refusal is told with the entry it concerns."""
    result = moved_in_the_web_app.run("drift", QUICKSTART, "moved.yaml", "--format", "json")
    assert result.exit_code == 2, result.output
    entries = json.loads(result.stdout)["entries"]
    assert {e["manifest"] for e in entries} == {QUICKSTART, "moved.yaml"}
    drifted = {e["address"]: e for e in entries if e["status"] != "IN_SYNC"}
    assert set(drifted) == {"n2/d1/s2", "n2/d2/s2"}
    missing, orphan = drifted["n2/d1/s2"], drifted["n2/d2/s2"]
    assert (missing["status"], missing["severity"]) == ("MISSING", "critical")
    assert (
        "`plan` and `apply` refuse it: moved.yaml:12:17: "
        "n2/d1/s2: would create sensor with refId 'r17b:n2/d1/s2'" in (missing["reason"])
    )
    assert (
        "It holds 50 observations. To keep it, declare it where it now is, under n2/d2" in missing["reason"]
    )
    assert (orphan["status"], orphan["severity"], orphan["observations"]) == ("ORPHANED", "critical", 50)
    # The next apply is refused too: it removes nothing until the refusal is dealt with.
    assert "the next apply removes it" not in orphan["reason"]
    assert (
        "an apply, once `plan` is no longer refused (see the refused entries), removes it" in orphan["reason"]
    )


def test_a_sensor_moved_to_another_device_is_refused_naming_first_what_keeps_its_history(
    moved_in_the_web_app: Workspace,
) -> None:
    """The advice once led to its removal (apply without it first), without a word of its history."""
    workspace = moved_in_the_web_app
    refused = workspace.run("plan", "moved.yaml")
    assert refused.exit_code == 1
    assert (
        "It holds 50 observations. To keep it, declare it where it now is, under n2/d2, with "
        "`ref_id: r17b:n2/d1/s2` (a device or sensor cannot move to another parent), or move it back "
        "under n2/d1 in the platform's web app. A manifest without n2/d1/s2 removes it (n2/d2/s2), "
        "destroying 50 observations"
    ) in " ".join(refused.stderr.split())
    adopted = MOVED.replace(
        "              - {key: s2, metrics: [{custom_metric: a, custom_unit: b}]}\n", ""
    ).replace(
        "            sensors: []\n",
        "            sensors:\n              - {key: s2, ref_id: 'r17b:n2/d1/s2', metrics: "
        "[{custom_metric: a, custom_unit: b}]}\n",
    )
    (workspace.path / "moved.yaml").write_text(adopted)
    assert workspace.run("plan", "moved.yaml", "--detailed-exitcode").exit_code == 0


def test_a_sensor_whose_metric_maps_are_not_keyed_by_index_is_reported_with_every_other_manifest(
    workspace: Workspace,
) -> None:
    """Once an unexpected ValueError that stopped the drift of every manifest."""
    odd = MOVED.replace("stack: r17b", "stack: r17d")
    (workspace.path / "odd.yaml").write_text(odd)
    for manifest in ("odd.yaml", QUICKSTART):
        assert workspace.run("apply", manifest, "--auto-approve").exit_code == 0
    sensor = {
        "changeState": "update",
        "refId": "r17d:n2/d1/s2",
        "props": {"UNKNOWN_METRICS": {"a": "x"}, "UNKNOWN_UNITS": {"a": "u"}},
    }
    device = {"changeState": "update", "refId": "r17d:n2/d1", "props": {}, "sensors": [sensor]}
    workspace.integrate(
        {"integration": {"nodeId": workspace.live_entity("r17d:n2")["id"], "devices": [device]}}
    )
    result = workspace.run("drift", QUICKSTART, "odd.yaml", "--format", "json")
    assert result.exit_code == 2, result.output
    entries = json.loads(result.stdout)["entries"]
    assert {e["manifest"] for e in entries} == {QUICKSTART, "odd.yaml"}
    [odd_one] = [e for e in entries if e["status"] != "IN_SYNC"]
    assert (odd_one["address"], odd_one["status"], odd_one["severity"]) == ("n2/d1/s2", "MODIFIED", "high")
    assert "n2/d1/s2: the metrics of sensor " in odd_one["reason"]
    assert "cannot be read: UNKNOWN_METRICS has the key 'a', not an index" in odd_one["reason"]
    [difference] = odd_one["differences"]
    assert difference["actual"] == "(unreadable: UNKNOWN_METRICS has the key 'a', not an index)"


def test_a_thread_refusal_is_told_with_its_loggers_entry_beside_every_other_manifest(
    workspace: Workspace,
) -> None:
    """A logger on port 3 of a two-port THREAD: `plan` refuses it, and once that stopped the whole
    night's drift, every manifest's. Now it is found (exit 2, a junit failure) with the logger's own
    entry, the others reported."""
    site = port_3_site(workspace, "5D6E7F", "127.0.0.1:8402", "")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    result = workspace.run("drift", QUICKSTART, site, "--format", "json")
    assert result.exit_code == 2, result.output
    entries = json.loads(result.stdout)["entries"]
    assert {e["manifest"] for e in entries} == {QUICKSTART, site}
    [refused] = [e for e in entries if e["refused"]]
    assert (refused["address"], refused["status"], refused["severity"]) == ("thr/vw", "MISSING", "critical")
    assert (
        f"refuse it: {site}:10:13: thr/vw: port 3 is not a port of this THREAD (it has 1, 2)"
        in refused["reason"]
    )
    junit = workspace.run("drift", QUICKSTART, site, "--format", "junit")
    assert junit.exit_code == 2 and 'type="MISSING"' in junit.stdout


def test_a_unit_changed_on_a_sensor_with_history_says_what_restoring_it_does_to_that_history(
    workspace: Workspace,
) -> None:
    """`plan` puts restoring it behind --allow-data-model-change; drift said only that it differs."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 40})
    changed = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1/pz-1",
        "props": {"UNKNOWN_UNITS": {"0": "kPa_gauge", "1": "count"}},
    }
    device = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1",
        "props": {},
        "sensors": [changed],
    }
    workspace.integrate_under("quickstart:dam-a", [device])
    result = workspace.run("drift", QUICKSTART, "--format", "json")
    assert result.exit_code == 2, result.output
    [entry] = [e for e in json.loads(result.stdout)["entries"] if e["status"] != "IN_SYNC"]
    assert (entry["address"], entry["status"], entry["severity"]) == (
        "dam-a/logger-1/pz-1",
        "MODIFIED",
        "high",
    )
    assert (
        "the next apply changes how 40 observations read: it needs --allow-data-model-change"
        in entry["reason"]
    )


def _without_read_at(report: str) -> str:
    return re.sub(r'"read_at": "[^"]*"', '"read_at": ""', report)
