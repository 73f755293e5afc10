"""A live entity whose refId folds as a declared one's (fold_ref_id: case, Unicode form, invisible
characters and trailing blanks aside) may be that entity to the platform: a copy of it, reported,
never removed (as an orphan or by --prune-unmanaged), and no write goes by that refId while it
stands. Nor is one whose stack prefix is the stack's in another case (`QS:` for `qs`) pruned:
iotplan cannot tell whether it is the stack's."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, Workspace


def sensor(ref_id: str, observations: int, name: str = "t") -> dict[str, Any]:
    props = {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": name}
    return {"ref_id": ref_id, "props": props, "observations": observations}


def device(ref_id: str, *sensors: dict[str, Any]) -> dict[str, Any]:
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "lg"}
    return {"ref_id": ref_id, "props": props, "sensors": list(sensors)}


def connection(ref_id: str, name: str, *devices: dict[str, Any]) -> dict[str, Any]:
    return {"ref_id": ref_id, "props": {"NAME": name}, "devices": list(devices)}


def seeded(workspace: Workspace, *connections: dict[str, Any]) -> None:
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    seed = {"api_keys": [{"key": "demo-key", "projects": "*"}]}
    workspace.api(
        "POST", "/_sim/seed", json=seed | {"networks": [{"project": PROJECT, "connections": connections}]}
    )


def manifest(workspace: Workspace, notes: str = "", dam_b: bool = False) -> str:
    written = f", notes: {notes}" if notes else ""
    other = "      - {key: dam-b, kind: api, name: Dam B}\n" if dam_b else ""
    (workspace.path / "site.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: qs\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        "      - key: dam-a\n        kind: api\n        name: Dam A\n        devices:\n"
        "          - key: lg\n            name: lg\n            template: IMPORT_DEVICE_SDE\n"
        f"            sensors:\n              - {{key: t, name: t, template: TEMPERATURE_SDE{written}}}\n"
        + other
    )
    return "site.yaml"


def seeded_beside_t(workspace: Workspace, name: str, *live: str) -> None:
    """Dam A's logger holding its `t` and, beside it, the sensors `live` (5,000 observations each, named
    `name`)."""
    sensors = [sensor("qs:dam-a/lg/t", 100), *(sensor(each, 5000, name) for each in live)]
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", *sensors)))


def declaring(workspace: Workspace, sensor_line: str) -> str:
    """The manifest (`manifest`) with `sensor_line` declared on Dam A's logger after its `t`."""
    path = manifest(workspace)
    (workspace.path / path).write_text((workspace.path / path).read_text() + sensor_line)
    return path


def pruned_beside_t(workspace: Workspace, sensor_line: str, name: str, *live: str) -> str:
    """What `plan --prune-unmanaged` says, `sensor_line` declared, the sensors `live` (named `name`) beside
    `t`: it destroys nothing."""
    seeded_beside_t(workspace, name, *live)
    planned = workspace.run("plan", declaring(workspace, sensor_line), "--prune-unmanaged")
    said = " ".join(planned.stdout.split())
    assert planned.exit_code == 0, planned.output
    assert "destroys" not in said and "0 to destroy" in said, planned.stdout
    return said


def serials(workspace: Workspace, kind: str) -> list[str]:
    listed = workspace.api("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000})
    serials = (str(each["props"].get("SERIAL_NO")) for each in listed)
    return sorted(serial for serial in serials if serial.lower().startswith("qs:"))  # not the demo's


DAM_A = connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", sensor("qs:dam-a/lg/t", 100)))
DAM_A_IN_CAPITALS = connection("qs:DAM-A", "Dam A old", device("qs:DAM-A/lg", sensor("qs:DAM-A/lg/t", 50)))


def test_a_connection_in_another_case_is_a_copy_that_apply_never_removes(workspace: Workspace) -> None:
    seeded(workspace, DAM_A, DAM_A_IN_CAPITALS)
    planned = workspace.run("plan", manifest(workspace))
    assert planned.exit_code == 0, planned.output
    assert "* node dam-a#" in planned.stdout and "a copy of dam-a in another case" in planned.stdout
    assert "0 to destroy" in planned.stdout
    applied = workspace.run("apply", "site.yaml", "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert serials(workspace, "nodes") == ["qs:DAM-A", "qs:dam-a"]
    assert serials(workspace, "sensors") == ["qs:DAM-A/lg/t", "qs:dam-a/lg/t"]


def test_excluding_the_declared_connection_fences_its_copy_in_another_case(workspace: Workspace) -> None:
    seeded(workspace, DAM_A, DAM_A_IN_CAPITALS)
    for fence in (("--exclude", "dam-a"), ("--target", "dam-a/lg")):
        planned = workspace.run("plan", manifest(workspace), *fence)
        assert planned.exit_code == 0, planned.output
        assert "dam-a#" not in planned.stdout and "DAM-A" not in planned.stdout


def test_a_write_beside_a_connection_copy_in_another_case_is_refused(workspace: Workspace) -> None:
    seeded(workspace, DAM_A, DAM_A_IN_CAPITALS)
    planned = workspace.run("plan", manifest(workspace, notes="changed"))
    assert planned.exit_code == 1, planned.output
    assert "dam-a/lg/t: would update by device dam-a/lg's refId 'qs:dam-a/lg'" in planned.stderr


def test_a_device_whose_stack_prefix_differs_in_case_is_a_copy_never_pruned(workspace: Workspace) -> None:
    copy = connection("qs:dam-b", "Dam B", device("QS:dam-a/lg", sensor("QS:dam-a/lg/t", 40)))
    seeded(workspace, DAM_A, copy)
    planned = workspace.run("plan", manifest(workspace, dam_b=True), "--prune-unmanaged")
    assert planned.exit_code == 0, planned.output
    assert "a copy of dam-a/lg (refId 'QS:dam-a/lg')" in planned.stdout
    assert "0 to destroy" in planned.stdout
    written = workspace.run("plan", manifest(workspace, notes="changed", dam_b=True), "--prune-unmanaged")
    assert written.exit_code == 1, written.output
    assert "dam-a/lg/t: would update by device dam-a/lg's refId" in written.stderr


def test_an_entity_whose_stack_prefix_differs_in_case_is_not_pruned(workspace: Workspace) -> None:
    stranger = connection("qs:dam-b", "Dam B", device("QS:dam-b/zz", sensor("QS:dam-b/zz/t", 40)))
    seeded(workspace, DAM_A, stranger)
    planned = workspace.run("plan", manifest(workspace, dam_b=True), "--prune-unmanaged")
    assert planned.exit_code == 0, planned.output
    assert "its refId starts 'QS:', the prefix of stack 'qs' in another case" in " ".join(
        planned.stdout.split()
    )
    assert "0 to destroy" in planned.stdout


def test_siblings_that_only_look_like_a_declared_sensor_are_copies_never_pruned(workspace: Workspace) -> None:
    look_alikes = [
        "qs:dam-a/lg/t ",
        "qs:dam-a/lg/t\u200b",
        "qs:dam-a/lg/t\xad",
        "qs:dam-a/lg/t\t",
        "qs:dam-a/lg/\uff54",
    ]
    sensors = [sensor(ref_id, 0, f"junk{at}") for at, ref_id in enumerate(look_alikes)]
    seeded(
        workspace,
        connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", sensor("qs:dam-a/lg/t", 100), *sensors)),
    )
    planned = workspace.run("plan", manifest(workspace), "--prune-unmanaged")
    assert planned.exit_code == 0, planned.output
    assert "0 to destroy, 5 duplicate" in planned.stdout
    assert (
        'carries refId "qs:dam-a/lg/t\\u200b", which differs only in invisible characters' in planned.stdout
    )


def test_a_sensor_is_not_created_beside_a_full_width_look_alike(workspace: Workspace) -> None:
    seeded(
        workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", sensor("qs:dam-a/lg/\uff54", 10)))
    )
    planned = workspace.run("plan", manifest(workspace))
    assert planned.exit_code == 1, planned.output
    assert (
        'dam-a/lg/t: not found by its refId "qs:dam-a/lg/t", but sensor' in planned.stderr
        and 'carries "qs:dam-a/lg/\\uff54", which differs from it only in Unicode compatibility form'
        in " ".join(planned.stderr.split())
    )
