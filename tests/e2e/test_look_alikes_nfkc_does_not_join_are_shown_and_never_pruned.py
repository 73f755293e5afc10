"""A live sensor whose refId differs from the stack's own only by characters NFKC does not join (a
hyphen U+2010 for `-`, a Cyrillic `ѕ` for `s`) reads on screen as the stack's refId. Its `?` line
quoted it raw, alike to the eye, and --prune-unmanaged planned its removal with its history, while
full-width copies were already kept as duplicates and shown escaped. Now its refId shows escaped,
the plan names the characters, and --prune-unmanaged leaves it, saying why."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import connection, device, manifest, seeded, sensor, serials

HYPHEN = "qs:dam-a/lg/t\u2010x"  # beside the stack's own `qs:dam-a/lg/t-x`, U+2010 for `-`
CYRILLIC = "q\u0455:dam-a/lg/t"  # the stack's `qs:dam-a/lg/t` with a Cyrillic DZE for `s`


def _seed(workspace: Workspace) -> None:
    own = [sensor("qs:dam-a/lg/t", 100), sensor("qs:dam-a/lg/t-x", 5)]
    others = [sensor(HYPHEN, 300, "h"), sensor(CYRILLIC, 20, "c"), sensor("tool:probe-9", 0, "p")]
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", *own, *others)))


def _manifest(workspace: Workspace) -> str:
    """The stack's `t` and `t-x`, both declared."""
    path = manifest(workspace)
    text = (workspace.path / path).read_text()
    declared = "              - {key: t, name: t, template: TEMPERATURE_SDE}\n"
    twin = "              - {key: t-x, name: t, template: TEMPERATURE_SDE}\n"
    (workspace.path / path).write_text(text.replace(declared, declared + twin))
    return path


def test_prune_leaves_the_look_alikes_naming_their_characters(workspace: Workspace) -> None:
    _seed(workspace)
    planned = workspace.run("plan", _manifest(workspace), "--prune-unmanaged")
    assert planned.exit_code == 0, planned.output
    said = " ".join(planned.stdout.split())
    assert "1 to destroy" in said, planned.stdout  # the other tool's empty probe alone
    assert "destroys 300" not in said and "destroys 20 " not in said, planned.stdout
    assert (
        "its refId \"qs:dam-a/lg/t\\u2010x\" differs from 'qs:dam-a/lg/t-x' (sensor dam-a/lg/t-x) only by "
        "U+2010 HYPHEN for '-' at character 14" in said
    ), planned.stdout
    assert "only by U+0455 CYRILLIC SMALL LETTER DZE for 's' at character 2" in said, planned.stdout


def test_apply_with_prune_and_allow_destroy_keeps_their_history(workspace: Workspace) -> None:
    _seed(workspace)
    applied = workspace.run(
        "apply", _manifest(workspace), "--auto-approve", "--prune-unmanaged", "--allow-destroy"
    )
    assert applied.exit_code == 0, applied.output
    listed = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    kept = {str(each["props"].get("SERIAL_NO")) for each in listed}
    assert {HYPHEN, CYRILLIC} <= kept and "tool:probe-9" not in kept, sorted(kept)
    assert serials(workspace, "sensors") == ["qs:dam-a/lg/t", "qs:dam-a/lg/t-x", HYPHEN]


def test_the_unmanaged_line_shows_the_look_alike_escaped(workspace: Workspace) -> None:
    _seed(workspace)
    planned = workspace.run("plan", _manifest(workspace))
    assert planned.exit_code == 0, planned.output
    assert 'SERIAL_NO "qs:dam-a/lg/t\\u2010x"' in planned.stdout, planned.stdout
    assert 'SERIAL_NO "q\\u0455:dam-a/lg/t"' in planned.stdout, planned.stdout
    assert "SERIAL_NO 'tool:probe-9'" in planned.stdout, planned.stdout
