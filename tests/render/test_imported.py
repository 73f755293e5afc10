"""Live state written as a manifest (`iotplan import`): adoptable as it stands, and leaking no secret."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from iotplan.live.model import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action
from iotplan.render import manifest_yaml
from iotplan.render.imported import Keys, common_stack, named_stacks, render_import
from iotplan.render.manifest_yaml import checked_yaml, yaml_value

PROJECT = "7b2c4f1e-0000-4000-8000-000000000001"
NODE_ID = "/api/B08851/node"


def entity(entity_id: str, parent: str | None = None, **props: Any) -> LiveEntity:
    return LiveEntity(entity_id, props, parent)


def connection(node: LiveEntity, *devices: tuple[LiveEntity, list[LiveEntity]]) -> LiveConnection:
    live = LiveConnection(node, PROJECT)
    for device, sensors in devices:
        live.devices.append(device)
        live.sensors[device.id] = sensors
    return live


def project(*connections: LiveConnection) -> LiveProject:
    return LiveProject(PROJECT, exists=True, connections={c.node.id: c for c in connections})


def ours() -> LiveConnection:
    """A connection iotplan made for stack `dams`: every refId is the one it derives."""
    device = entity(
        f"{NODE_ID}/dynamic/A00001/device",
        NODE_ID,
        SERIAL_NO="dams:dam-a/logger-1",
        INTEGRATION_ID="IMPORT_DEVICE_SDE",
        NAME="Crest logger",
        LOCATION={"type": "Point", "coordinates": [7.4025, 46.0812, None]},
    )
    generic = entity(
        f"{device.id}/A00002/sensor",
        device.id,
        SERIAL_NO="dams:dam-a/logger-1/pz-1",
        INTEGRATION_ID="GENERIC_SENSOR_SDE",
        NAME="Piezometer 1",
        KNOWN_METRICS={"0": "Pore pressure"},
        KNOWN_UNITS={"0": "kPa"},
        OBSERVATION_COUNT=120,
    )
    templated = entity(
        f"{device.id}/A00003/sensor",
        device.id,
        SERIAL_NO="dams:dam-a/logger-1/air",
        INTEGRATION_ID="TEMPERATURE_SDE",
        KNOWN_METRICS={"0": "Temperature"},
    )
    node = entity(NODE_ID, SERIAL_NO="dams:dam-a", NAME="Dam A", URL="https://dam-a.example/feed")
    return connection(node, (device, [templated, generic]))


def imported(*connections: LiveConnection, stack: str = "dams") -> str:
    return render_import([project(*connections)], stack, "the embedded platform").text


def nodes(text: str) -> list[dict[str, Any]]:
    manifest = yaml.safe_load(text)
    assert (manifest["apiVersion"], manifest["projects"][0]["id"]) == ("iotplan/v1", PROJECT)
    return manifest["projects"][0]["nodes"]


def test_a_network_iotplan_made_imports_under_its_own_keys_with_nothing_pinned() -> None:
    text = imported(ours())
    assert text.startswith("# Imported by `iotplan import` from the embedded platform.")
    assert nodes(text) == [
        {
            "key": "dam-a",
            "kind": "api",
            "name": "Dam A",
            "url": "https://dam-a.example/feed",
            "devices": [
                {
                    "key": "logger-1",
                    "name": "Crest logger",
                    "location": {"lat": 46.0812, "lon": 7.4025},
                    "sensors": [
                        {
                            "key": "air",
                            "template": "TEMPERATURE_SDE",
                        },
                        {
                            "key": "pz-1",
                            "name": "Piezometer 1",
                            "metrics": [{"metric": "Pore pressure", "unit": "kPa"}],
                        },
                    ],
                }
            ],
        }
    ]


def test_a_device_template_other_than_the_default_is_written() -> None:
    live = ours()
    live.devices[0].props["INTEGRATION_ID"] = "GENERIC_DEVICE"
    assert nodes(imported(live))[0]["devices"][0]["template"] == "GENERIC_DEVICE"


def test_a_connection_another_tool_made_is_adopted_by_id_with_its_ref_id_noted() -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY FEED", NAME="Old dam feed")
    device = entity(f"{NODE_ID}/dynamic/A00009/device", NODE_ID, SERIAL_NO="LEGACY/LOGGER", NAME="CR1000")
    text = imported(connection(node, (device, [])))
    assert f'    id: {NODE_ID}   # adopted: its refId is "LEGACY FEED"' in text
    [adopted] = nodes(text)
    assert (adopted["key"], adopted["id"]) == ("old-dam-feed", NODE_ID)
    assert adopted["devices"] == [{"key": "cr1000", "ref_id": "LEGACY/LOGGER", "name": "CR1000"}]


def test_an_entity_with_no_name_is_keyed_by_its_own_id() -> None:
    node = entity(NODE_ID, NAME="  ")
    device = entity(f"{NODE_ID}/dynamic/0C0FFE/device", NODE_ID, SERIAL_NO="x:y")
    [adopted] = nodes(imported(connection(node, (device, []))))
    assert adopted["key"] == "b08851" and adopted["devices"][0]["key"] == "0c0ffe"


def test_a_device_without_a_ref_id_cannot_be_adopted_and_says_so() -> None:
    live = ours()
    bare = entity(f"{NODE_ID}/dynamic/A00007/device", NODE_ID, NAME="Spare")
    live.devices.append(bare)
    text = imported(live)
    assert f"          # device {bare.id} has no refId (SERIAL_NO), so iotplan cannot adopt it" in text
    assert [device["key"] for device in nodes(text)[0]["devices"]] == ["logger-1"]


def test_a_device_whose_ref_id_holds_a_credential_is_not_adopted_and_says_so_masked() -> None:
    """A refId is identity: written masked it would adopt nothing, written in clear it goes to git."""
    live = ours()
    held = entity(
        f"{NODE_ID}/dynamic/A00008/device", NODE_ID, SERIAL_NO="https://x:pw-85@r.example", NAME="Spare"
    )
    live.devices.append(held)
    text = imported(live)
    assert (
        f'          # device {held.id} is not adopted: its refId (SERIAL_NO) "https://(sensitive)@r.example" '
        "holds a credential"
    ) in text
    assert "pw-85" not in text
    assert [device["key"] for device in nodes(text)[0]["devices"]] == ["logger-1"]


@pytest.mark.parametrize("level", ["device", "sensor"])
def test_children_whose_ref_ids_all_hold_a_credential_import_as_a_manifest_that_loads(
    level: str,
) -> None:
    props = {"SERIAL_NO": "s ?api_key=k-86" if level == "device" else "s ?token=t-87"}
    text = imported(with_one_child(level, props))
    parse_manifest(text, "imported.yaml")
    assert "k-86" not in text and "t-87" not in text


def test_a_connections_ref_id_holding_a_credential_is_noted_masked_and_as_its_external_id_left_out() -> None:
    """The platform's default EXTERNAL_ID is the refId (A4): written masked, it would not validate."""
    held = "https://x:pw-88@r.example"
    node = entity(NODE_ID, SERIAL_NO=held, EXTERNAL_ID=held, NAME="Feed")
    text = imported(connection(node))
    assert f'    id: {NODE_ID}   # adopted: its refId is "https://(sensitive)@r.example"' in text
    assert "pw-88" not in text
    parse_manifest(text, "imported.yaml")


@pytest.mark.parametrize("level", ["device", "sensor"])
def test_a_parent_whose_children_all_lack_a_ref_id_still_imports_as_a_manifest_that_loads(level: str) -> None:
    parse_manifest(
        imported(with_one_child(level, {"NAME": "Spare" if level == "device" else "Probe"})), "imported.yaml"
    )


def with_one_child(level: str, props: dict[str, str]) -> LiveConnection:
    """`ours()` with its devices, or its first device's sensors, replaced by one entity of `props`."""
    live = ours()
    device = live.devices[0]
    if level == "device":
        live.devices[:] = [entity(f"{NODE_ID}/dynamic/A00007/device", NODE_ID, **props)]
    else:
        live.sensors[device.id] = [entity(f"{device.id}/A00009/sensor", device.id, **props)]
    return live


def foreign() -> LiveConnection:
    node = entity(NODE_ID, SERIAL_NO="LEGACY FEED", NAME="Old dam feed", AUTH_TOKEN="tok-live-123")
    device = entity(f"{NODE_ID}/dynamic/A00009/device", NODE_ID, SERIAL_NO="LEGACY/LOGGER", NAME="CR1000")
    sensor = entity(
        f"{device.id}/A0000A/sensor",
        device.id,
        SERIAL_NO="LEGACY/PZ 1",
        INTEGRATION_ID="GENERIC_SENSOR_SDE",
        UNKNOWN_METRICS={"0": "head"},
        UNKNOWN_UNITS={"0": "m"},
    )
    return connection(node, (device, [sensor]))


def named_like_ours() -> LiveConnection:
    return connection(entity("/api/00000F/node", SERIAL_NO="LEGACY", NAME="dam-a"))


@pytest.mark.parametrize(
    "network", [[ours], [foreign], [named_like_ours, ours]], ids=["ours", "foreign", "clashing-keys"]
)
def test_planning_an_import_against_the_network_it_came_from_has_nothing_to_do(network: list) -> None:
    connections = [make() for make in network]
    desired = desired_state(parse_manifest(imported(*connections), "imported.yaml"))
    plan = make_plan(desired, LiveState("embedded", {PROJECT: project(*connections)}))
    assert plan.changes and {change.action for change in plan.changes} == {Action.NOOP}


def test_siblings_whose_keys_would_clash_get_numbered_keys() -> None:
    node = entity(NODE_ID, SERIAL_NO="dams:dam-a")
    first = entity(f"{NODE_ID}/dynamic/A00001/device", NODE_ID, SERIAL_NO="L1", NAME="Logger")
    second = entity(f"{NODE_ID}/dynamic/A00002/device", NODE_ID, SERIAL_NO="L2", NAME="logger")
    [adopted] = nodes(imported(connection(node, (first, []), (second, []))))
    assert [(d["key"], d["ref_id"]) for d in adopted["devices"]] == [("logger", "L1"), ("logger-2", "L2")]


def test_a_numbered_key_stays_within_the_key_length() -> None:
    keys = Keys()
    wanted = "k" * 63
    assert keys.claim(wanted) == wanted
    assert keys.claim(wanted) == "k" * 58 + "-2" and keys.claim(wanted) == "k" * 58 + "-3"


def test_a_thread_connection_is_imported_by_id_and_a_device_without_a_type_stays_unmanaged() -> None:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
    port = entity("/fn/4A1B2C/node/dynamic/A00001/device", thread.id, SERIAL_NO="port1")
    text = imported(connection(thread, (port, [])))
    expected = {"key": "thread-north", "kind": "thread", "id": "/fn/4A1B2C/node", "name": "THREAD north"}
    assert nodes(text) == [expected]
    assert "# edge: {host: ...}" in text and "has no type iotplan can declare: it stays unmanaged" in text


def test_a_thread_nodes_and_loggers_notes_are_listed_as_props_iotplan_does_not_manage() -> None:
    """A THREAD's model has no notes: they were neither imported nor listed, as if lost."""
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north", NOTES="north portal")
    props = {"NAME": "VW", "NOTES": "spare cable in box", "EXTERNAL_PORT": 1}
    logger = LiveEntity("/fn/4A1B2C/node/vwlogger/032433/device", props, thread.id, "VW_LOGGER")
    text = imported(connection(thread, (logger, [])))
    assert '    # not managed by iotplan: NOTES = "north portal"' in text
    assert '            # not managed by iotplan: NOTES = "spare cable in box"' in text
    assert "EXTERNAL_PORT" not in text and "port: 1" in text  # a THREAD field is written, not listed
    parse_manifest(text, "imported.yaml")


def test_an_auth_token_is_never_written_only_referenced_from_the_environment() -> None:
    live = ours()
    live.node.props["AUTH_TOKEN"] = "tok-live-123"
    text = imported(live)
    assert "tok-live-123" not in text
    assert "    auth_token: ${env:DAM_A_AUTH_TOKEN}   # set it in the environment" in text


def test_two_connections_whose_keys_look_alike_get_a_token_variable_each() -> None:
    first = entity("/api/000001/node", SERIAL_NO="dams:dam.a", AUTH_TOKEN="one")
    second = entity("/api/000002/node", SERIAL_NO="dams:dam-a", AUTH_TOKEN="two")
    tokens = {
        node["key"]: node["auth_token"] for node in nodes(imported(connection(first), connection(second)))
    }
    assert tokens == {"dam-a": "${env:DAM_A_AUTH_TOKEN}", "dam.a": "${env:DAM_A_2_AUTH_TOKEN}"}


@pytest.mark.parametrize("key", ["iotplan", "iotplan-client", "IOTPLAN_TOKEN", "7-dam"])
def test_a_token_variable_is_one_the_manifest_takes(key: str) -> None:
    node = entity(NODE_ID, SERIAL_NO=f"dams:{key}", AUTH_TOKEN="t")
    text = imported(connection(node))
    [written] = nodes(text)
    assert written["key"] == key
    assert not written["auth_token"].removeprefix("${env:").upper().startswith("IOTPLAN_")
    parse_manifest(text, "imported.yaml")  # the manifest refuses iotplan's own variables


def test_an_external_id_equal_to_the_ref_id_is_the_platforms_default_and_left_out() -> None:
    live = ours()
    live.node.props["EXTERNAL_ID"] = "dams:dam-a"
    assert "external_id" not in nodes(imported(live))[0]
    live.node.props["EXTERNAL_ID"] = "ERP-0042"
    assert nodes(imported(live))[0]["external_id"] == "ERP-0042"


def test_props_iotplan_does_not_manage_are_shown_as_comments_and_secrets_masked() -> None:
    live = ours()
    live.node.props.update(VENDOR_FIELD="x1\nnext line", API_KEY="k-123", CREATION_DATE="2024-01-01")
    text = imported(live)
    assert '    # not managed by iotplan: VENDOR_FIELD = "x1\\nnext line"' in text
    assert "    # not managed by iotplan: API_KEY = (sensitive)" in text
    assert "k-123" not in text and "CREATION_DATE" not in text and "OBSERVATION_COUNT" not in text


@pytest.mark.parametrize(
    "prop", ["MQTT_PASS", "PASSPHRASE", "PWD", "API_AUTH", "DB_PASSWORD", "PRIVATE_CERT", "SessionCookie"]
)
def test_a_prop_named_like_a_credential_is_masked(prop: str) -> None:
    live = ours()
    live.node.props[prop] = "hunter2"
    text = imported(live)
    assert f"    # not managed by iotplan: {prop} = (sensitive)" in text and "hunter2" not in text


# Live text that plans show masked: a URL's password, a parameter named like a credential, and an
# ordinary `@` in a query, whose masking hides the host and path before it too (secrets.py).
MASKED_LIVE_TEXT = {
    "URL": "https://feeds.example.com/data?contact=ops@example.com",
    "NAME": "Feed https://admin:pw-61@a.example",
    "NOTES": "see https://w.example/?token=t-62",
    "EXTERNAL_ID": "erp https://ops@erp.example/7",
}


def test_a_field_plans_show_masked_is_left_out_with_a_comment_never_written_masked() -> None:
    """Written masked it would not validate, and deleting its `(sensitive)@` would leave
    `https://example.com`, which apply would write over the feed's real host and path."""
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **MASKED_LIVE_TEXT)
    text = imported(connection(node), stack="other")
    [adopted] = nodes(text)
    assert not {"url", "name", "notes", "external_id"} & set(adopted)
    assert adopted["key"] == "feed"  # its key is made of the name shown, less the URL masking changed
    for field in ("url", "name", "notes", "external_id"):
        assert f"    # {field} not imported: it holds a credential, or an '@' in its path or query" in text
    assert "(sensitive)" not in text and "pw-61" not in text and "t-62" not in text
    parse_manifest(text, "imported.yaml")


def test_a_field_left_out_as_masked_plans_no_change() -> None:
    live = connection(entity(NODE_ID, SERIAL_NO="LEGACY", **MASKED_LIVE_TEXT))
    desired = desired_state(parse_manifest(imported(live, stack="other"), "imported.yaml"))
    plan = make_plan(desired, LiveState("embedded", {PROJECT: project(live)}))
    assert [change.action for change in plan.changes] == [Action.NOOP]


def test_a_thread_name_plans_show_masked_is_left_out_with_a_comment() -> None:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD https://n.example/?to=ops@x.example")
    text = imported(connection(thread))
    [adopted] = nodes(text)
    assert (adopted["kind"], adopted["id"], "name" in adopted) == ("thread", "/fn/4A1B2C/node", False)
    assert "    # name not imported: it holds a credential" in text
    parse_manifest(text, "imported.yaml")


@pytest.mark.parametrize(
    "held",
    [
        {"host": "x", "password": "hunter2"},
        {"db": [{"host": "x", "userPin": "hunter2"}]},
        ["https://h.example/", {"Api-Key": "hunter2"}],
        "Server=db.example;User Id=sa;Password=hunter2;",
        "Endpoint=sb://x/;SharedAccessKeyName=r;SharedAccessKey=hunter2",
        "Authorization: Basic aHVudGVyMg==",
        "Bearer hunter2",
        '{"token": "hunter2"}',
        "uploads with key=hunter2 daily",
        "x=key=hunter2",
        {"note": "pwd: hunter2"},
    ],
)
def test_a_credential_held_inside_a_props_value_is_masked_whole(held: Any) -> None:
    """The prop's name says nothing; its value names the credential: nested, in a connection string,
    in a header."""
    live = ours()
    live.node.props["VENDOR_CONFIG"] = held
    text = imported(live)
    assert "    # not managed by iotplan: VENDOR_CONFIG = (sensitive)" in text and "hunter2" not in text


@pytest.mark.parametrize(
    ("held", "shown"),
    [
        ({"host": "x", "port": 5}, '{"host": "x", "port": 5}'),
        (["https://u:hunter2@h.example/"], '["https://(sensitive)@h.example/"]'),
        ("https://h.example/x?api_key=hunter2&site=3", '"https://h.example/x?api_key=(sensitive)&site=3"'),
        ("Server=db.example;Database=dams", '"Server=db.example;Database=dams"'),
    ],
)
def test_a_props_value_naming_no_credential_is_shown_with_its_urls_masked(held: Any, shown: str) -> None:
    live = ours()
    live.node.props["VENDOR_CONFIG"] = held
    assert f"    # not managed by iotplan: VENDOR_CONFIG = {shown}" in imported(live)


def test_a_ref_id_with_a_line_break_cannot_break_out_of_its_comment() -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY\nstack: evil", NAME="Feed")
    text = imported(connection(node))
    assert yaml.safe_load(text)["stack"] == "dams"
    assert '# adopted: its refId is "LEGACY\\nstack: evil"' in text


@pytest.mark.parametrize(
    "name",
    ["Dam \u2014 north", "line\u0085break", "tab\tand \x07bell", "yes", "123", "#not a comment", "emoji 🛰"],
)
def test_any_name_reads_back_exactly_as_the_platform_holds_it(name: str) -> None:
    live = ours()
    live.node.props["NAME"] = name
    assert nodes(imported(live))[0]["name"] == name


def test_notes_typed_in_the_web_apps_form_import_with_their_windows_line_endings_into_a_valid_manifest() -> (
    None
):
    live = ours()
    live.node.props["NOTES"] = "Installed 2024\r\nBy: contractor\r\n"
    text = imported(live)
    assert nodes(text)[0]["notes"] == "Installed 2024\r\nBy: contractor\r\n"
    assert (
        parse_manifest(text, "imported.yaml").manifest.projects[0].nodes[0].notes == live.node.props["NOTES"]
    )


def test_the_stack_every_ref_id_names_is_the_stack_to_import_into() -> None:
    assert common_stack([project(ours())]) == "dams"
    other = connection(entity("/api/000002/node", SERIAL_NO="roads:bridge"))
    foreign = connection(entity("/api/000003/node", SERIAL_NO="LEGACY"))
    assert common_stack([project(ours(), foreign)]) == "dams"
    assert common_stack([project(ours(), other)]) is None
    assert common_stack([project(foreign)]) is None
    unnameable = connection(entity("/api/000004/node", SERIAL_NO="old site:bridge"))
    assert common_stack([project(unnameable)]) is None  # not a stack a manifest can name


def test_a_ref_id_holding_a_credential_names_no_stack_and_leaves_the_one_the_others_name() -> None:
    """Nothing is adopted by it, and the refusal naming the stacks found would show its prefix."""
    held = ours()
    held.devices.append(entity("/api/000009/device", SERIAL_NO="x?token=t-91:north/gauge"))
    held.devices.append(entity("/api/00000A/device", SERIAL_NO="https://u:pw-92@r.example"))
    assert named_stacks([project(held)]) == ["dams"]
    assert common_stack([project(held)]) == "dams"


def test_a_project_whose_devices_name_another_stack_is_not_imported_into_either() -> None:
    """Imported as `dams`, the file would be a second manifest of stack dams, adopting roads' device:
    each manifest would remove what the other declares."""
    shared = ours()
    shared.devices.append(entity("/api/000009/device", SERIAL_NO="roads:north/gauge"))
    assert common_stack([project(shared)]) is None


TRICKY_TEXTS = [
    "Sensor 1", "s0", "_x", "a/b-c.d_e", "Piezometer 1.2", "yes", "No", "ON", "off", "null", "Null", "NULL",
    "true", "False", "y", "n", "~", "", " a", "a ", "a  b", "a:b", "a: b", "a #b", "a,b", "-a", "- a",
    "1e3", "0x1F", "0o17", "1:20", "2001-12-14", "NaN", ".inf", "inf", "<<", "=", "é", "Ünïcode name",
    "tab\tin", "line\nbreak",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_a_text_written_bare_is_one_pyyaml_writes_bare_and_reads_back(text: str) -> None:
    written = yaml_value(text)
    assert written == checked_yaml(text)  # the shortcut writes what the checked way writes
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(f"value: {written}", Loader=loader)["value"] == text


@pytest.mark.parametrize("text", ["1e3", "1E3", "+1e3", ".5e3", "1.0e3", "0o17", "-.inf"])
def test_a_text_yaml_1_2_reads_as_a_number_is_quoted_though_yaml_1_1_reads_it_bare_as_text(text: str) -> None:
    """An editor or `yq` reads the file as YAML 1.2: written bare, a rewrite would make it a number."""
    assert yaml_value(text) == f"'{text}'"


def sensor_props(number: int) -> dict[str, str]:
    return {"SERIAL_NO": f"dams:dam-a/logger-1/s{number}", "NAME": f"Sensor {number}"}


def test_an_import_checks_each_repeated_value_once_and_plain_names_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An import of 100,000 sensors took 100 s writing each name and metrics list through PyYAML."""
    live = ours()
    template = live.sensors[live.devices[0].id][1]
    live.sensors[live.devices[0].id] = [
        entity(f"{template.id}-{n}", template.parent_id, **{**template.props, **sensor_props(n)})
        for n in range(50)
    ]
    checked: list[object] = []
    monkeypatch.setattr(
        manifest_yaml, "checked_yaml", lambda value: checked.append(value) or checked_yaml(value)
    )
    monkeypatch.setattr(manifest_yaml, "_WRITTEN", {})
    sensors = nodes(imported(live))[0]["devices"][0]["sensors"]
    assert {sensor["name"] for sensor in sensors} == {f"Sensor {n}" for n in range(50)}
    assert len(checked) < 10  # each distinct value that is not plain text, once
