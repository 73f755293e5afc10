"""Another writer names a THREAD node with a URL holding a password (`... https://admin:pw@x.example/`).
Plans read that NAME masked (`https://(sensitive)@x.example/`), and apply's check that JSON-RPC answers
the node the plan read compared that masked text with JSON-RPC's raw NAME: the two always differed, so
every apply refused the site ("plan again", which changed nothing). Now the check masks JSON-RPC's NAME
as the plan did: the apply renames the node back to the manifest's NAME, and exits 0."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc

NAMED = "B https://admin:S3cretPassw0rd@x.example/"


def test_a_thread_node_named_with_a_url_password_is_renamed_back(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateNode", {"node": NODE, "props": {"NAME": NAMED}})

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert "S3cretPassw0rd" not in applied.output
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    assert node["props"]["NAME"] == "Tunnel Section 3 THREAD"
