"""`iotplan import` gives siblings keys that differ beyond case: refIds are compared with case
folded, so keys `Gw` and `gw` would derive one refId on the platform, and the manifest refuses them.
And a key a sibling's refId already took is left to the names, never numbered onto the key another
sibling's own refId gives."""

from __future__ import annotations

from tests.cli.test_import_keeps_the_stacks_keys import imported, site, web_app_connection
from tests.e2e.conftest import Workspace


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
