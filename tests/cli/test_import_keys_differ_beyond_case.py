"""`iotplan import` gives siblings keys that differ beyond case: refIds are compared with case
folded, so keys `Gw` and `gw` would derive one refId on the platform, and the manifest refuses them.
And a key a sibling's refId already took is left to the names, never numbered onto the key another
sibling's own refId gives."""

from __future__ import annotations

from tests.cli.test_import_keeps_the_stacks_keys import imported, site, web_app_connection
from tests.e2e.conftest import PROJECT, Workspace


def test_a_web_app_connection_named_as_a_stacks_key_in_another_case_takes_another_key(
    workspace: Workspace,
) -> None:
    (workspace.path / "dams.yaml").write_text(
        site("dams", "      - key: Gw\n        kind: api\n        name: Gw\n")
    )
    assert workspace.run("apply", "dams.yaml", "--auto-approve").exit_code == 0
    web_app_connection(workspace, "GW")
    text, _ = imported(workspace, "--stack", "dams")
    assert "      - key: Gw\n        kind: api\n        name: Gw\n" in text
    assert "      - key: gw-2\n        kind: api\n        id: " in text
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0


def test_a_web_app_copy_carrying_a_devices_refid_takes_no_later_siblings_own_key(
    workspace: Workspace,
) -> None:
    """The copy's refId differs from the stack's logger's only in case: one refId on the platform,
    whose key is taken when the copy sorts first. Left to the names, neither takes `logger-2`."""
    devices = (
        "          - {key: logger, name: Logger, template: IMPORT_DEVICE_SDE}\n"
        "          - {key: logger-2, name: Second, template: IMPORT_DEVICE_SDE}\n"
    )
    (workspace.path / "dams.yaml").write_text(
        site(
            "dams", f"      - key: dam-a\n        kind: api\n        name: Dam A\n        devices:\n{devices}"
        )
    )
    assert workspace.run("apply", "dams.yaml", "--auto-approve").exit_code == 0
    copy = {
        "refId": "dams:dam-a/Logger",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger copy"},
    }
    workspace.integrate_under("dams:dam-a", [{"changeState": "new", **copy}])
    result = workspace.run("import", "--project", PROJECT, "--stack", "dams", "--out", "imported.yaml")
    assert "differs only in case from 'dams:dam-a/Logger'" in " ".join(result.stderr.split())
    text = (workspace.path / "imported.yaml").read_text()
    assert "          - key: logger-2\n            name: Second\n" in text
