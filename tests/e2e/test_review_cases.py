"""Cases an adversarial review found: each once planned wrongly or never converged."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.served import seed_with_gateway_ports, served

TILT = """              # custom metric + catalog unit
              - key: tilt-1
                name: Tiltmeter TM-1
                metrics:
                  - {custom_metric: tilt_a, unit: mm}
                  - {custom_metric: tilt_b, unit: mm}
"""


def converges(workspace: Workspace, *options: str) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", *options)
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_a_sensor_removed_under_a_renamed_device_is_removed(workspace: Workspace) -> None:
    converges(workspace)
    workspace.edit(QUICKSTART, "          - key: logger-1\n", "          - key: logger-x\n")
    workspace.edit(QUICKSTART, TILT, "")
    (workspace.path / QUICKSTART).write_text(
        (workspace.path / QUICKSTART).read_text()
        + "\nmoved:\n  - {from: dam-a/logger-1, to: dam-a/logger-x}\n"
    )
    plan = workspace.run("plan", QUICKSTART).stdout
    assert "- sensor dam-a/logger-x/tilt-1" in plan
    converges(workspace)


def test_targeting_one_sensor_of_a_replaced_device_is_refused_and_names_the_parent(
    workspace: Workspace,
) -> None:
    converges(workspace)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    plan = workspace.run("plan", QUICKSTART, "--target", "dam-a/weather/battery")
    assert plan.exit_code == 1
    assert "dam-a/weather/battery: needs its parent dam-a/weather to be replaced" in plan.stderr


def test_targeting_a_replaced_device_shows_all_it_re_creates(workspace: Workspace) -> None:
    converges(workspace)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    plan = workspace.run("plan", QUICKSTART, "--target", "dam-a/weather").stdout
    assert "-/+ device dam-a/weather" in plan
    assert "+ sensor dam-a/weather/air-temp" in plan and "+ sensor dam-a/weather/battery" in plan


def test_removing_the_last_node_of_a_project_removes_it(workspace: Workspace) -> None:
    converges(workspace)
    empty = workspace.path / "empty.yaml"
    empty.write_text(
        f"apiVersion: iotplan/v1\nstack: quickstart\nprojects:\n  - id: {PROJECT}\n    nodes: []\n"
    )
    plan = workspace.run("plan", "empty.yaml")
    assert "- node dam-a" in plan.stdout and "0 to add, 0 to change, 1 to destroy" in plan.stdout


def test_a_token_added_to_an_existing_connection_is_written(workspace: Workspace, monkeypatch) -> None:
    converges(workspace)
    monkeypatch.setenv("DAM_A_TOKEN", "feed-token-1")
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: ${env:DAM_A_TOKEN}\n"
    )
    plan = workspace.run("plan", QUICKSTART)
    assert "~ node dam-a" in plan.stdout and "feed-token-1" not in plan.stdout
    converges(workspace)
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "feed-token-1"


def test_two_nodes_cannot_claim_one_connection(workspace: Workspace) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    second = f"      - key: dam-b\n        kind: api\n        id: {node_id}\n"
    workspace.edit(QUICKSTART, "      - key: dam-a\n", second + "      - key: dam-a\n")
    plan = workspace.run("plan", QUICKSTART)
    assert plan.exit_code == 1 and f"connection {node_id} is already claimed by dam-" in plan.stderr


def test_removing_a_connection_counts_each_observation_once(workspace: Workspace) -> None:
    converges(workspace)
    sensor = workspace.live_entity("quickstart:dam-a/weather/battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 50})
    empty = workspace.path / "empty.yaml"
    empty.write_text(
        f"apiVersion: iotplan/v1\nstack: quickstart\nprojects:\n  - id: {PROJECT}\n    nodes: []\n"
    )
    assert "destroys 50 observations" in workspace.run("plan", "empty.yaml").stdout


def adopted(device_ref: str) -> str:
    return (
        f"apiVersion: iotplan/v1\nstack: quickstart\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        "      - key: dam-a\n        kind: api\n        name: Lake Ellen dam - datalogger feed\n"
        f"        devices:\n          - key: station\n            ref_id: {device_ref}\n"
    )


def test_adopting_a_device_by_ref_id_keeps_its_template(workspace: Workspace) -> None:
    converges(workspace)
    (workspace.path / "adopt.yaml").write_text(adopted("quickstart:dam-a/weather"))
    plan = workspace.run("plan", "adopt.yaml").stdout
    assert "-/+" not in plan and "DEMO_DEVICE_SDE →" not in plan


def test_a_replace_that_takes_an_unmanaged_sensor_is_refused_unless_pruning(workspace: Workspace) -> None:
    converges(workspace)
    node = workspace.live_entity("quickstart:dam-a")
    stray = {"changeState": "new", "refId": "field-laptop-3", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {}, "sensors": [stray]}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1 and "replacing this device would also remove 1 entity" in refused.stderr
    assert "SERIAL_NO 'field-laptop-3'" in refused.stderr and "--prune-unmanaged" in refused.stderr
    plan = workspace.run("plan", QUICKSTART, "--prune-unmanaged").stdout
    assert "1 undeclared sensor goes with it: field-laptop-3" in plan
    assert "1 to replace (1 more destroyed with them)." in plan


def test_metrics_on_a_catalog_sensor_adopted_without_a_template_are_refused_at_their_line(
    workspace: Workspace,
) -> None:
    """Validate took the template left out for GENERIC_SENSOR_SDE, and apply wrote metric maps onto
    another tool's TEMPERATURE_SDE sensor."""
    converges(workspace)
    node = workspace.live_entity("quickstart:dam-a")
    hand = {"changeState": "new", "refId": "hand-temp", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {}, "sensors": [hand]}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    metrics = "                metrics: [{metric: T, unit: F}]"
    battery = "                template: BATTERY_CHARGE_SDE\n"
    adopted = f"              - key: ht\n                ref_id: hand-temp\n{metrics}\n"
    workspace.edit(QUICKSTART, battery, battery + adopted)
    assert workspace.run("validate", QUICKSTART).exit_code == 0
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1
    line = (workspace.path / QUICKSTART).read_text().splitlines().index(metrics) + 1
    where = f"{QUICKSTART}:{line}:26: dam-a/weather/ht: "
    assert f"{where}metrics can only be declared on GENERIC_SENSOR_SDE" in refused.stderr
    assert "the sensor ref_id 'hand-temp' adopts is TEMPERATURE_SDE" in refused.stderr
    assert "KNOWN_METRICS" not in workspace.live_entity("hand-temp")["props"]


def another_tools_logger(workspace: Workspace, device_ref: str) -> str:
    """A connection another tool made, holding a device with `device_ref` and a sensor: its id."""
    sensor = {"changeState": "new", "refId": "legacy:s1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger 1"}
    device = {"changeState": "new", "refId": device_ref, "props": props, "sensors": [sensor]}
    integration = {"changeState": "new", "refId": "legacy:site", "props": {"NAME": "Legacy feed"}}
    workspace.integrate({"integration": {**integration, "devices": [device]}})
    return str(workspace.live_entity("legacy:site")["id"])


def test_adopting_by_ref_id_a_device_under_another_connection_is_refused_naming_where_it_lives(
    workspace: Workspace,
) -> None:
    """Once planned as a silent second device with that refId, and a next plan said "No changes"."""
    legacy = another_tools_logger(workspace, "legacy:d1")
    (workspace.path / "adopt.yaml").write_text(adopted("legacy:d1"))
    refused = workspace.run("apply", "adopt.yaml", "--auto-approve")
    assert refused.exit_code == 1
    assert "dam-a/station: would create device with refId 'legacy:d1', which device " in refused.stderr
    assert f"in connection 'Legacy feed' ({legacy}) already carries" in refused.stderr
    assert f"declare it where it lives, in a node with `id: {legacy}`" in refused.stderr
    with pytest.raises(KeyError):  # nothing was written
        workspace.live_entity("quickstart:dam-a")


def test_a_saved_plan_is_refused_once_another_connection_carries_a_ref_id_it_creates(
    workspace: Workspace,
) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    another_tools_logger(workspace, "quickstart:dam-a/weather")
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "dam-a/weather: would create device with refId 'quickstart:dam-a/weather'" in refused.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a")


def rekey_all_but(workspace: Workspace, old: str, new: str, left: str) -> None:
    """The connection `old` and everything beneath it re-keyed `new`, as `moved` does, all but `left`."""

    def rekeyed(entity: dict[str, Any]) -> dict[str, Any]:
        ref_id = entity["props"]["SERIAL_NO"]
        return {"changeState": "update", "refId": ref_id, "props": {"SERIAL_NO": ref_id.replace(old, new, 1)}}

    node = workspace.live_entity(old)
    tree = workspace.api("POST", f"/api/integrations/{node['id']}", params={"projectIds": PROJECT})
    devices = [
        {
            **rekeyed(group["device"]),
            "sensors": [
                rekeyed(sensor) for sensor in group["sensors"] if sensor["props"]["SERIAL_NO"] != left
            ],
        }
        for group in tree["integration"]["devices"]
    ]
    body = {"nodeId": node["id"], "changeState": "update", "props": {"SERIAL_NO": new}, "devices": devices}
    workspace.integrate({"integration": body})


def test_a_revert_does_not_create_again_a_sensor_a_fenced_move_left_under_the_new_name(
    workspace: Workspace,
) -> None:
    converges(workspace)
    reverted = (workspace.path / QUICKSTART).read_text()
    workspace.edit(QUICKSTART, "      - key: dam-a\n", "      - key: dam-z\n")
    (workspace.path / QUICKSTART).write_text(
        (workspace.path / QUICKSTART).read_text() + "\nmoved:\n  - {from: dam-a, to: dam-z}\n"
    )
    # The move made but for pz-1, as an apply before the fix fenced it (`--exclude dam-z/logger-1/pz-1`,
    # now refused: tests/e2e/test_exclude_of_a_sensor_of_a_moved_device_is_refused.py), or one stopped
    # between its calls: written behind iotplan's back.
    rekey_all_but(workspace, "quickstart:dam-a", "quickstart:dam-z", "quickstart:dam-a/logger-1/pz-1")
    kept = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # left out: its refId stayed
    moved_node = workspace.live_entity("quickstart:dam-z")["id"]
    (workspace.path / QUICKSTART).write_text(reverted)
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1
    assert (
        "dam-a/logger-1/pz-1: would create sensor with refId 'quickstart:dam-a/logger-1/pz-1'"
        in refused.stderr
    )
    assert "Its refId names connection dam-a, not dam-z" in refused.stderr
    assert "`moved: [{from: dam-z, to: dam-a}]`" in refused.stderr
    (workspace.path / QUICKSTART).write_text(reverted + "\nmoved:\n  - {from: dam-z, to: dam-a}\n")
    converges(workspace)  # as advised: the sensor, with its history, is dam-a's again
    assert workspace.live_entity("quickstart:dam-a")["id"] == moved_node
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"] == kept["id"]


def test_credentials_against_a_served_platform(workspace: Workspace, tmp_path, monkeypatch) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        monkeypatch.setenv("IOTPLAN_CLIENT_ID", "demo-client")
        monkeypatch.setenv("IOTPLAN_TOKEN_URL", f"{url}/connect/token")
        monkeypatch.setenv("IOTPLAN_CLIENT_SECRET", "demo-secret")
        assert workspace.run("plan", QUICKSTART, "--endpoint", url).exit_code == 0
        monkeypatch.setenv("IOTPLAN_CLIENT_SECRET", "wrong-secret-42")
        refused = workspace.run("plan", QUICKSTART, "--endpoint", url)
        assert refused.exit_code == 1 and "/connect/token answered 401" in refused.stderr
        assert "wrong-secret-42" not in refused.output and "Traceback" not in refused.output
        for name in ("IOTPLAN_CLIENT_ID", "IOTPLAN_CLIENT_SECRET", "IOTPLAN_TOKEN_URL"):
            monkeypatch.delenv(name)
        monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key\n")  # pasted with its newline: still works
        with_userinfo = url.replace("http://", "http://user:pa55word@")
        result = workspace.run("plan", QUICKSTART, "--endpoint", with_userinfo, "--format", "json")
        assert result.exit_code == 0 and "pa55word" not in result.output
        monkeypatch.setenv("IOTPLAN_API_KEY", "demo\x1bkey")
        bad = workspace.run("plan", QUICKSTART, "--endpoint", url)
        assert bad.exit_code == 1 and "IOTPLAN_API_KEY contains a control character" in bad.stderr
        assert "demo" not in bad.stderr


BAD_INPUTS = {
    "binary manifest": ({"m.yaml": b"\xff\xfe\x00bin"}, ["validate", "m.yaml"], "m.yaml:1:1: "),
    "arithmetic in a template": (
        {"t.yaml.j2": b"apiVersion: iotplan/v1\nstack: {{ 1/0 }}\n"},
        ["render", "t.yaml.j2"],
        "t.yaml.j2:2:8: ZeroDivisionError",
    ),
    "an include": (
        {"i.yaml.j2": b'{% include "x.yaml" %}\n'},
        ["render", "i.yaml.j2"],
        "i.yaml.j2:1:1: template syntax error: a manifest template is one file",
    ),
    "broken --vars": (
        {"t.yaml.j2": b"stack: {{ a }}\n", "v.yaml": b"a: [\n"},
        ["render", "t.yaml.j2", "--vars", "v.yaml"],
        "v.yaml:2:1: --vars: invalid YAML",
    ),
    "a CSV row with an open quote": (
        {"t.yaml.j2": b"x: 1\n", "s.csv": b'site,name\n"s1,A\ns2,B\n'},
        ["render", "t.yaml.j2", "--sites", "s.csv"],
        "s.csv:2:1: --sites: a quote opened on this row is never closed",
    ),
    "an output folder that does not exist": (
        {},
        ["plan", QUICKSTART, "--out", "no/such/p.json"],
        "no/such/p.json",
    ),
    "a saved plan that is not one": (
        {"e.json": b'{"format_version": "1.0", "changes": 1}'},
        ["apply", "e.json"],
        "e.json: not a plan saved",
    ),
    "a JSON list given to apply": (
        {"e.json": b"[]"},
        ["apply", "e.json"],
        "e.json:1:1: a manifest is a YAML mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clean_line_and_exit_1(workspace: Workspace, case: str) -> None:
    files, command, message = BAD_INPUTS[case]
    for name, content in files.items():
        (workspace.path / name).write_bytes(content)
    result = workspace.run(*command)
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output and "unexpected" not in result.stderr


def test_no_color_covers_stderr_too(workspace: Workspace, monkeypatch) -> None:
    def target_line(*extra: str) -> str:
        result = CliRunner().invoke(cli, ["plan", QUICKSTART, *extra], color=True)
        return next(line for line in result.stderr.splitlines() if "Target:" in line)

    assert "\x1b[" in target_line()  # on a terminal, the target line is dimmed
    assert "\x1b[" not in target_line("--no-color")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in target_line()


def test_sim_serve_reports_bad_options_in_one_line() -> None:
    result = CliRunner().invoke(cli, ["sim", "serve", "--rate-limit", "abc"])
    assert result.exit_code == 1 and "--rate-limit: rate limit 'abc' must read like" in result.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = CliRunner().invoke(cli, ["sim", "serve", "--port", port])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


# --- ownership between stacks ------------------------------------------------------------------------
def stack_on_dam_a(workspace: Workspace, stack: str, devices: str, file: str) -> None:
    """A manifest of `stack` that adds `devices` to the quickstart's dam-a, pinned by its id."""
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / file).write_text(
        f"apiVersion: iotplan/v1\nstack: {stack}\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: on-dam\n        kind: api\n        id: {node_id}\n        devices:{devices}"
    )


GAMMA_LOGGER = """
          - key: glog
            name: Gamma logger
            sensors:
              - {key: gt1, name: Gamma temp, template: TEMPERATURE_SDE}
"""


def test_another_stacks_device_is_never_taken_over_by_ref_id_nor_created_again(workspace: Workspace) -> None:
    """Once advised "Adopt it with `ref_id: gamma:...`": two stacks then removed and created it in turn."""
    converges(workspace)
    stack_on_dam_a(workspace, "gamma", GAMMA_LOGGER, "gamma.yaml")
    assert workspace.run("apply", "gamma.yaml", "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "          - key: weather\n", GAMMA_LOGGER[1:] + "          - key: weather\n")
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1 and "named 'Gamma logger' belongs to stack 'gamma'" in refused.stderr
    assert "leave it to stack 'gamma'" in refused.stderr and "Adopt it" not in refused.stderr
    workspace.edit(QUICKSTART, "key: glog\n", "key: glog\n            ref_id: gamma:on-dam/glog\n")
    workspace.edit(QUICKSTART, "{key: gt1, ", "{key: gt1, ref_id: 'gamma:on-dam/glog/gt1', ")
    adopted = workspace.json("plan", QUICKSTART)  # adopting what is live: allowed, and said
    [glog] = [change for change in adopted["changes"] if change["address"] == "dam-a/glog"]
    assert glog["reason"] == "in sync; stack 'gamma' owns it too, and removes it when its manifest drops it"
    stack_on_dam_a(workspace, "gamma", " []\n", "gamma.yaml")
    assert workspace.run("apply", "gamma.yaml", "--auto-approve").exit_code == 0  # gamma removes its own
    again = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert again.exit_code == 1
    created = "dam-a/glog: would create device with refId 'gamma:on-dam/glog', which belongs to stack 'gamma'"
    assert created in again.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("gamma:on-dam/glog")


def test_a_removal_pruning_hand_made_entities_names_each_and_another_stacks_refuses_it(
    workspace: Workspace,
) -> None:
    converges(workspace)
    stack_on_dam_a(workspace, "gamma", GAMMA_LOGGER, "gamma.yaml")
    assert workspace.run("apply", "gamma.yaml", "--auto-approve").exit_code == 0
    hand = {"changeState": "new", "refId": "manual-s9", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": [hand]}
    node = workspace.live_entity("quickstart:dam-a")
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    sensor = workspace.live_entity("manual-s9")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 1000})
    hand_at = f"dam-a/logger-1/#{sensor['id'].rsplit('/', 2)[-2]}"
    glog_at = f"dam-a/#{workspace.live_entity('gamma:on-dam/glog')['id'].rsplit('/', 2)[-2]}"
    refused = workspace.run("plan", QUICKSTART, "--destroy", "--prune-unmanaged")
    assert refused.exit_code == 1, (
        refused.output
    )  # gamma's logger is gamma's to remove, never pruned (fz65 #1)
    assert f"{glog_at} (stack 'gamma', SERIAL_NO 'gamma:on-dam/glog')" in refused.stderr
    stack_on_dam_a(workspace, "gamma", " []\n", "gamma.yaml")
    assert workspace.run("apply", "gamma.yaml", "--auto-approve").exit_code == 0  # gamma removes its own
    plan = workspace.run("plan", QUICKSTART, "--destroy", "--prune-unmanaged", "--out", "markdown=d.md")
    assert plan.exit_code == 0, plan.output
    markdown = (workspace.path / "d.md").read_text()
    for view in (plan.stdout, markdown):
        assert "- node dam-a (NODE_API_SDE): --destroy; owned by stack 'quickstart', with 2 devices" in view
        assert f"it does not own goes with it: {hand_at} (SERIAL_NO 'manual-s9')" in view


def test_a_connection_re_keyed_by_id_without_moved_is_refused_pointing_to_moved(workspace: Workspace) -> None:
    """Once a create and a removal at one address, "not in the manifest" of a declared device."""
    converges(workspace)
    node = workspace.live_entity("quickstart:dam-a")
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    workspace.edit(QUICKSTART, "      - key: dam-a\n", f"      - key: dam-z\n        id: {node['id']}\n")
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1
    assert (
        f"dam-z/logger-1: not found by its refId 'quickstart:dam-z/logger-1', but this stack's device "
        f"{logger['id']} with the same key is where it would go"
    ) in refused.stderr
    assert "add `moved: [{from: dam-a, to: dam-z}]`" in refused.stderr
    assert "not in the manifest" not in refused.output
    (workspace.path / QUICKSTART).write_text(
        (workspace.path / QUICKSTART).read_text() + "\nmoved:\n  - {from: dam-a, to: dam-z}\n"
    )
    converges(workspace)  # as advised: every device and sensor kept, with its id
    assert workspace.live_entity("quickstart:dam-z/logger-1")["id"] == logger["id"]


def test_a_renamed_stack_is_refused_as_renamed_unnamed_entities_too(workspace: Workspace) -> None:
    """Once sent to adopt each entity by `id:`/`ref_id:` (named), or silently duplicated (unnamed)."""
    converges(workspace)
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: dams ")
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1
    assert "dam-a: not found by its refId 'dams:dam-a', but node " in refused.stderr
    assert "or this stack looks renamed from 'quickstart'" in refused.stderr
    assert "keep `stack: quickstart`" in refused.stderr and "Adopt it" not in refused.stderr
    stack_on_dam_a(workspace, "eps", "\n          - key: edev\n", "eps.yaml")
    assert workspace.run("apply", "eps.yaml", "--auto-approve").exit_code == 0
    workspace.edit("eps.yaml", "stack: eps", "stack: eps2")
    unnamed = workspace.run("plan", "eps.yaml")
    assert unnamed.exit_code == 1
    assert "on-dam/edev: not found by its refId 'eps2:on-dam/edev', but device " in unnamed.stderr
    assert "carries 'eps:on-dam/edev', this address in stack 'eps'" in unnamed.stderr


def test_a_key_renamed_only_in_case_is_refused_drifted_and_renamed_with_its_history_by_moved(
    workspace: Workspace,
) -> None:
    """Once a creation and a removal in one integrate call: on a platform that matches refIds without
    case, the removal would take the sensor the creation reached, with its history."""
    converges(workspace)
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 100})
    workspace.edit(QUICKSTART, "- key: pz-1", "- key: PZ-1")
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1
    moved = "`moved: [{from: dam-a/logger-1/pz-1, to: dam-a/logger-1/PZ-1}]`, which keeps it and its history"
    assert moved in refused.stderr and "to destroy" not in refused.output
    drifted = workspace.run("drift", QUICKSTART)
    assert drifted.exit_code == 2 and "MISSING     sensor dam-a/logger-1/PZ-1" in drifted.stdout
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(
        text + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/PZ-1}\n"
    )
    converges(workspace)
    assert workspace.live_entity("quickstart:dam-a/logger-1/PZ-1")["id"] == sensor["id"]
