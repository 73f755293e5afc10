"""A device another tool made, whose SERIAL_NO is a token alone, told by its shape (a GitHub token:
fz120 F1). `import` adopted it, writing the token in clear as its `ref_id:` in the manifest, for git,
where a SERIAL_NO naming a credential (`Bearer ...`) is left unmanaged: a text of only the characters
of an id was never asked for a token's shape. Now it is left unmanaged, quoted `(sensitive)`; a device
beside it whose SERIAL_NO is an ordinary one of the same characters is adopted as before."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
PLAIN = "LG-1001_tunnel.3"


def test_a_device_whose_serial_is_a_bare_token_is_not_imported(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    devices = [
        {
            "changeState": "new",
            "refId": ref_id,
            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": name},
        }
        for ref_id, name in ((TOKEN, "Their logger"), (PLAIN, "Plain logger"))
    ]
    workspace.integrate_under("quickstart:dam-a", devices)

    imported = workspace.run("import", "--project", PROJECT, "--stack", "imp", "--out", "imported.yaml")
    written = (workspace.path / "imported.yaml").read_text()
    assert TOKEN[:12] not in written + imported.output, written
    assert 'is not adopted: its refId (SERIAL_NO) "(sensitive)" holds a credential' in written, written
    assert f"ref_id: {PLAIN}" in written, written
