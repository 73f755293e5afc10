"""import: adopt what exists, and planning the result shows no changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from iotplan.cli import import_command
from iotplan.manifest.text import NAME_MAX_LENGTH
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace, rate_limits_given
from tests.e2e.test_orphans_under_undeclared_connections import team_b_dropped_its_adopted_connection
from tests.served import SEEDED_THREADS

T = TypeVar("T")


def import_to(workspace: Workspace, *options: str) -> str:
    result = workspace.run("import", "--project", PROJECT, "--output", "imported.yaml", *options)
    assert result.exit_code == 0, result.output
    return (workspace.path / "imported.yaml").read_text()


def test_an_iotplan_network_round_trips(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = import_to(workspace)
    manifest = yaml.safe_load(text)
    assert manifest["stack"] == "quickstart"
    [dam] = [node for node in manifest["projects"][0]["nodes"] if node["key"] == "dam-a"]
    assert [device["key"] for device in dam["devices"]] == ["logger-1", "weather"]
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0
    applied = workspace.run("apply", "imported.yaml", "--auto-approve")
    assert applied.exit_code == 0 and "Plan: 0 to add, 0 to change, 0 to destroy." in applied.stdout


def legacy_connection(workspace: Workspace) -> str:
    """A connection another tool made: its own refIds, a token, a prop iotplan does not model."""
    sensor = {
        "changeState": "new",
        "refId": "LEGACY/PZ 1",
        "props": {
            "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
            "NAME": "PZ 1",
            "UNKNOWN_METRICS": {"0": "head"},
            "UNKNOWN_UNITS": {"0": "m"},
        },
    }
    device = {
        "changeState": "new",
        "refId": "LEGACY/LOGGER",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "CR1000 logger", "VENDOR_FIELD": "x1"},
        "sensors": [sensor],
    }
    node = {
        "changeState": "new",
        "refId": "LEGACY",
        "props": {"NAME": "Old dam feed", "AUTH_TOKEN": "tok-live-123", "URL": "https://feed.example"},
        "devices": [device],
    }
    answer = workspace.integrate({"integration": node})
    return str(answer["integration"]["node"]["id"])


def test_a_foreign_connection_is_adopted_by_id_and_ref_id(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    node_id = legacy_connection(workspace)
    text = import_to(workspace, "--node", node_id, "--stack", "dams")
    assert "tok-live-123" not in text and "auth_token: ${env:OLD_DAM_FEED_AUTH_TOKEN}" in text
    assert "# not managed by iotplan: VENDOR_FIELD" in text
    [node] = yaml.safe_load(text)["projects"][0]["nodes"]
    assert node["id"] == node_id and node["key"] == "old-dam-feed"
    [device] = node["devices"]
    assert device["ref_id"] == "LEGACY/LOGGER"
    assert device["sensors"][0]["ref_id"] == "LEGACY/PZ 1"
    assert device["sensors"][0]["metrics"] == [{"custom_metric": "head", "custom_unit": "m"}]
    unset = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
    assert unset.exit_code == 1
    assert "auth_token ${env:OLD_DAM_FEED_AUTH_TOKEN} is not set (or empty)" in unset.stderr
    monkeypatch.setenv("OLD_DAM_FEED_AUTH_TOKEN", "tok-live-123")
    plan = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_an_unknown_connection_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    result = workspace.run("import", "--project", PROJECT, "--node", "/api/000000/node")
    assert result.exit_code == 1 and "no such connection" in result.stderr


def test_two_stacks_import_as_one_adopted_by_id(workspace: Workspace) -> None:
    sites = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.run("apply", *sites, "--auto-approve").exit_code == 0
    manifest = yaml.safe_load(import_to(workspace, "--stack", "both"))
    nodes = manifest["projects"][0]["nodes"]
    assert manifest["stack"] == "both" and len(nodes) == SEEDED_THREADS + 1 + 50
    assert all(node.get("id") for node in nodes)
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0


def test_names_and_refids_with_any_characters_round_trip(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd_sensor = {
        "changeState": "new",
        "refId": "gauge \U0001f600 #1",
        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "Feed: line \u00e9 #1", "NOTES": "a: b # c"},
    }
    device = {
        "changeState": "new",
        "refId": "logger: 'main'",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "yes", "VENDOR": "x\x85url: evil"},
        "sensors": [odd_sensor],
    }
    for name in ("Site-A", "site.a"):
        node = {"changeState": "new", "refId": name, "props": {"NAME": name, "AUTH_TOKEN": "tok-1"}}
        workspace.integrate({"integration": {**node, "devices": [device] if name == "Site-A" else []}})
    text = import_to(workspace, "--stack", "odd")
    [site_a] = [node for node in yaml.safe_load(text)["projects"][0]["nodes"] if node.get("devices")]
    assert "url" not in site_a["devices"][0]  # a line break in a comment did not make a field
    assert "${env:SITE_A_AUTH_TOKEN}" in text and "${env:SITE_A_2_AUTH_TOKEN}" in text
    assert workspace.run("validate", "imported.yaml").exit_code == 0
    monkeypatch.setenv("SITE_A_AUTH_TOKEN", "tok-1")
    monkeypatch.setenv("SITE_A_2_AUTH_TOKEN", "tok-1")
    plan = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def quickstart_with_a_second_connection(workspace: Workspace) -> tuple[str, str]:
    """The quickstart applied, and a second connection of its stack: the ids of dam-a and dam-b."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    dam_b = {"changeState": "new", "refId": "quickstart:dam-b", "props": {"NAME": "Dam B"}}
    workspace.integrate({"integration": dam_b})
    return workspace.live_entity("quickstart:dam-a")["id"], workspace.live_entity("quickstart:dam-b")["id"]


@pytest.mark.parametrize("stack", [(), ("--stack", "quickstart")], ids=["its-refids-stack", "given"])
def test_a_selection_is_not_given_a_stack_that_owns_connections_outside_it(
    workspace: Workspace, stack: tuple[str, ...]
) -> None:
    dam_a, dam_b = quickstart_with_a_second_connection(workspace)
    result = workspace.run("import", "--project", PROJECT, "--node", dam_a, *stack, "--out", "dam-a.yaml")
    assert result.exit_code == 1
    assert not (workspace.path / "dam-a.yaml").exists()
    assert f"'quickstart:dam-b' ({dam_b})" in result.stderr
    assert "--node" in result.stderr and "--stack" in result.stderr


def test_a_selection_given_its_own_stack_or_its_stacks_whole_is_imported_with_no_changes(
    workspace: Workspace,
) -> None:
    dam_a, dam_b = quickstart_with_a_second_connection(workspace)
    for options in (("--node", dam_a, "--stack", "dam-a-only"), ("--node", dam_a, "--node", dam_b)):
        import_to(workspace, *options)
        plan = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
        assert plan.exit_code == 0, plan.output


def test_a_stack_the_manifest_would_refuse_is_refused_before_anything_is_read(workspace: Workspace) -> None:
    result = workspace.run("import", "--project", PROJECT, "--stack", "a:b", "--out", "imported.yaml")
    assert result.exit_code == 1
    assert "'a:b' is not a valid stack" in result.stderr
    assert not (workspace.path / "imported.yaml").exists()


def test_an_import_that_would_not_validate_is_written_for_editing_but_not_called_a_success(
    workspace: Workspace,
) -> None:
    long_name = "x" * (NAME_MAX_LENGTH + 1)
    node = {"changeState": "new", "refId": "legacy:feed", "props": {"NAME": long_name}}
    workspace.integrate({"integration": node})
    result = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "imported.yaml")
    assert result.exit_code == 1
    assert "Wrote" not in result.stderr
    assert re.search(rf"imported.yaml:\d+:\d+: feed: .*the limit is {NAME_MAX_LENGTH:,}", result.stderr)
    text = (workspace.path / "imported.yaml").read_text()
    assert "shows no changes" not in text and "does not validate" in text
    assert workspace.run("validate", "imported.yaml").exit_code == 1


def test_a_password_in_a_live_url_is_never_imported_planned_saved_or_drifted(workspace: Workspace) -> None:
    secret_props = {"URL": "https://bob:hunter2pass@feed.example.com/x", "MQTT_PW": "pw-secret-1"}
    secret_props |= {"FTP_URL": "ftp://al:ftpsecret9@ftp.example.com", "PIN": "4321"}
    node = {"changeState": "new", "refId": "LEGACY", "props": {"NAME": "Legacy feed", **secret_props}}
    node_id = workspace.integrate({"integration": node})["integration"]["node"]["id"]
    imported = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "legacy", "--out", "imported.yaml"
    )
    assert imported.exit_code == 0, imported.output  # the url is left out: iotplan does not manage it
    text = (workspace.path / "imported.yaml").read_text()
    shown = [imported.output, text]
    assert "    # url not imported:" in text and "url:" not in text.replace("# url not imported:", "")
    by_hand = "        # url not imported:"  # the user sets it from the real value, without the password
    fixed = text.replace(by_hand, "        url: https://feed.example.com/x\n" + by_hand, 1)
    (workspace.path / "fixed.yaml").write_text(fixed)
    planned = workspace.run("plan", "fixed.yaml", "--out", "plan.json", "--out", "markdown=plan.md")
    assert planned.exit_code == 0 and "~ url" in planned.stdout, planned.output
    drift = workspace.run("drift", "fixed.yaml", "--format", "json")
    assert drift.exit_code == 2 and '"url"' in drift.stdout, drift.output  # drifted: its url differs
    shown += [planned.output, drift.output]
    shown += [(workspace.path / name).read_text() for name in ("plan.json", "plan.md")]
    for secret in ("hunter2pass", "pw-secret-1", "ftpsecret9", "4321"):
        assert not [each for each in shown if secret in each], secret


def test_a_key_in_a_live_urls_query_is_never_imported_planned_saved_or_drifted(workspace: Workspace) -> None:
    url = "https://feed.example.com/data?site=3&api_key=FeedQueryKey6666#access_token=FragTok5555"
    secret_props = {"URL": url, "FTP_URL": "ftp://ftp.example.com/in?sig=SasSig4444"}
    node = {"changeState": "new", "refId": "LEGACY", "props": {"NAME": "Legacy feed", **secret_props}}
    node_id = workspace.integrate({"integration": node})["integration"]["node"]["id"]
    imported = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "legacy", "--out", "imported.yaml"
    )
    assert imported.exit_code == 0, imported.output  # the url is left out: iotplan does not manage it
    text = (workspace.path / "imported.yaml").read_text()
    assert "shows no changes" in text and "    # url not imported:" in text and "site=3" not in text
    shown = [imported.output, text]
    by_hand = "        # url not imported:"  # the user sets it from the real value, without the key
    fixed = text.replace(by_hand, "        url: https://feed.example.com/data?site=3\n" + by_hand, 1)
    (workspace.path / "fixed.yaml").write_text(fixed)
    planned = workspace.run("plan", "fixed.yaml", "--out", "plan.json", "--out", "markdown=plan.md")
    assert planned.exit_code == 0 and "~ url" in planned.stdout, planned.output
    drift = workspace.run("drift", "fixed.yaml", "--format", "json")
    assert drift.exit_code == 2 and '"url"' in drift.stdout, drift.output  # drifted: its url differs
    shown += [planned.output, drift.output]
    shown += [(workspace.path / name).read_text() for name in ("plan.json", "plan.md")]
    for secret in ("FeedQueryKey6666", "FragTok5555", "SasSig4444"):
        assert not [each for each in shown if secret in each], secret


def test_a_live_url_whose_query_holds_an_at_sign_is_left_unmanaged_never_replaced(
    workspace: Workspace,
) -> None:
    """Masking runs to a URL's last `@`: written masked, `https://(sensitive)@example.com` hid the
    feed's host and path, and deleting its `(sensitive)@` had apply write `https://example.com`."""
    url = "https://feeds.example.com/data?contact=ops@example.com"
    node = {"changeState": "new", "refId": "legacy:site", "props": {"NAME": "Legacy feed", "URL": url}}
    workspace.integrate({"integration": node})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "imported.yaml").read_text()
    assert "(sensitive)" not in text and "    # url not imported:" in text
    applied = workspace.run("apply", "imported.yaml", "--auto-approve")
    assert applied.exit_code == 0 and "Plan: 0 to add, 0 to change, 0 to destroy." in applied.stdout
    assert workspace.live_entity("legacy:site")["props"]["URL"] == url


def test_adopting_another_stacks_entities_warns_that_that_stack_still_owns_them(workspace: Workspace) -> None:
    dam_a, dam_b = quickstart_with_a_second_connection(workspace)
    handed = workspace.run("import", "--project", PROJECT, "--node", dam_a, "--stack", "dam-a-only")
    assert handed.exit_code == 0, handed.output
    assert (
        "Warning: this import adopts 1 connection, 2 devices and 5 sensors whose refIds name stack "
        "'quickstart': that stack still owns them, and its plan removes them once its manifest drops them"
    ) in handed.stderr
    whole = workspace.run("import", "--project", PROJECT, "--node", dam_a, "--node", dam_b)
    assert whole.exit_code == 0 and "still owns" not in whole.stderr  # stack quickstart's own manifest


def test_an_import_whose_refids_name_no_stack_is_refused_without_a_stack_given(workspace: Workspace) -> None:
    """A constant default stack made two `--node` imports two manifests of one stack, each removing
    as its orphans what only the other declares."""
    node_id = legacy_connection(workspace)
    result = workspace.run("import", "--project", PROJECT, "--node", node_id, "--out", "imported.yaml")
    assert result.exit_code == 1
    assert "its refIds name no single stack (found: none), so give --stack NAME" in result.stderr
    assert "two manifests of one stack remove each other's entities" in result.stderr
    assert not (workspace.path / "imported.yaml").exists()


def test_an_import_whose_refids_name_two_stacks_is_refused_naming_both(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate(
        {"integration": {"changeState": "new", "refId": "roads:bridge", "props": {"NAME": "B"}}}
    )
    result = workspace.run("import", "--project", PROJECT, "--out", "imported.yaml")
    assert result.exit_code == 1
    assert "its refIds name no single stack (found: quickstart, roads), so give --stack NAME" in result.stderr


def an_empty_project(workspace: Workspace) -> str:
    """A second project, holding nothing, that the demo key may read: its id."""
    empty = "aaaaaaaa-0000-4000-8000-000000000001"
    projects = {
        "projects": [{"id": empty, "name": "Empty"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
    }
    workspace.api("POST", "/_sim/seed", json=projects)
    return empty


def test_an_empty_project_without_a_stack_given_is_refused_saying_to_check_the_id(
    workspace: Workspace,
) -> None:
    """A mistyped project id may read as an empty project: told first, before any advice on --stack."""
    empty = an_empty_project(workspace)
    result = workspace.run("import", "--project", empty, "--out", "empty.yaml")
    assert result.exit_code == 1
    assert f"Error: project {empty} holds no connections (check the id)" in result.stderr
    assert not (workspace.path / "empty.yaml").exists()


def test_a_stack_taken_from_the_live_refids_is_called_another_manifest_of_that_stack(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    dam_a = workspace.live_entity("quickstart:dam-a")["id"]
    taken = workspace.run("import", "--project", PROJECT, "--node", dam_a, "--out", "imported.yaml")
    assert taken.exit_code == 0, taken.output
    assert (
        "Warning: stack 'quickstart' is the one the live refIds name: this file is another manifest of "
        "that live stack, so apply only one of them"
    ) in taken.stderr
    given = workspace.run("import", "--project", PROJECT, "--node", dam_a, "--stack", "quickstart")
    assert given.exit_code == 0  # named by --stack, it is another manifest of that live stack all the same
    assert "Warning: stack 'quickstart' (--stack) already owns entities here" in " ".join(
        given.stderr.split()
    )


def test_a_sensor_whose_metric_maps_are_not_keyed_by_index_is_imported_without_them_saying_why(
    workspace: Workspace,
) -> None:
    """Once an unexpected ValueError: one odd sensor stopped the import of every connection."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    odd = {"changeState": "update", "refId": "quickstart:dam-a/logger-1/pz-1", "props": {}}
    odd["props"] = {"UNKNOWN_METRICS": {"a": "x"}, "UNKNOWN_UNITS": {"a": "u"}}
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": [odd]}
    node = workspace.live_entity("quickstart:dam-a")["id"]
    workspace.integrate({"integration": {"nodeId": node, "devices": [device]}})
    result = workspace.run("import", "--project", PROJECT, "--out", "imported.yaml")
    assert result.exit_code == 1  # written for editing: the sensor's metrics are for a person to set
    assert re.search(r"imported.yaml:\d+:\d+: dam-a/logger-1/pz-1: a generic sensor", result.stderr)
    text = (workspace.path / "imported.yaml").read_text()
    pz_1 = text[text.index("- key: pz-1\n") :].split("- key:")[1]
    assert pz_1.endswith(
        "                # metrics not imported, UNKNOWN_METRICS has the key 'a', not an index: set them "
        "again in the platform's web app, then import\n              "
    )
    assert (
        "key: crack-1" in text
        and "metrics: [{metric: f, unit: Hz}, {metric: cum_distance, unit: mm}]" in text
    )


def test_import_paces_its_reads_at_the_rate_limit_given(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It reads a whole project, as plan does, on a tenant with the same limit."""
    paced = rate_limits_given(import_command, monkeypatch)
    import_to(workspace, "--stack", "site", "--rate-limit", "600/min")
    assert paced == [10.0]


def test_an_empty_project_is_imported_as_a_valid_manifest_saying_it_holds_no_connections(
    workspace: Workspace,
) -> None:
    empty = an_empty_project(workspace)
    result = workspace.run("import", "--project", empty, "--stack", "fresh", "--out", "empty.yaml")
    assert result.exit_code == 0, result.output
    assert f"Warning: project {empty} holds no connections (check the id)" in result.stderr
    assert yaml.safe_load((workspace.path / "empty.yaml").read_text())["projects"] == [
        {"id": empty, "nodes": []}
    ]
    assert workspace.run("validate", "empty.yaml").exit_code == 0


def test_an_import_adopting_by_ref_id_says_it_relies_on_the_platform_keeping_ref_ids(
    workspace: Workspace,
) -> None:
    node_id = legacy_connection(workspace)
    result = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "dams", "--out", "a.yaml"
    )
    assert result.exit_code == 0, result.output
    said = (
        "devices and sensors adopted by `ref_id:` are found again only where the platform keeps refIds as "
        f"SERIAL_NO: `iotplan check-platform --project {PROJECT}` says so on its A1 line"
    )
    assert f"Warning: {said}" in result.stderr
    assert f"\n# {said}.\n" in (workspace.path / "a.yaml").read_text()
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    dam_a = workspace.live_entity("quickstart:dam-a")["id"]
    derived = workspace.run("import", "--project", PROJECT, "--node", dam_a, "--stack", "quickstart")
    assert derived.exit_code == 0 and "ref_id" not in derived.output  # nothing adopted by ref_id:


def test_a_selection_is_not_given_a_stack_that_owns_devices_under_connections_outside_it(
    workspace: Workspace,
) -> None:
    """team-b owns no connection, but devices and sensors under quickstart's dam-a, adopted by id: a
    manifest of another connection alone, in stack team-b, would plan to remove them."""
    team_b_dropped_its_adopted_connection(workspace)
    workspace.integrate(
        {"integration": {"changeState": "new", "refId": "legacy-feed", "props": {"NAME": "L"}}}
    )
    other = str(workspace.live_entity("legacy-feed")["id"])
    result = workspace.run(
        "import", "--project", PROJECT, "--node", other, "--stack", "team-b", "--out", "b.yaml"
    )
    assert result.exit_code == 1, result.output
    assert not (workspace.path / "b.yaml").exists()
    assert "'team-b:shared/extra'" in result.stderr and "--node" in result.stderr


def test_a_selection_is_imported_on_a_platform_whose_lists_name_no_parent(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the stack owns outside the selection is read connection by connection, as a plan may."""
    dam_a, _ = quickstart_with_a_second_connection(workspace)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-without-parents")
    result = workspace.run(
        "import", "--project", PROJECT, "--node", dam_a, "--stack", "dam-a-only", "--out", "a.yaml"
    )
    assert result.exit_code == 0, result.output
