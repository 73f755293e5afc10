"""A web-app form commonly saves an empty EXTERNAL_ID, which a manifest cannot hold (`external_id: is
empty: write a value or leave the field out`): `import` leaves it out, saying so in a comment, so
a clean network imports with exit 0 and its plan shows no changes; every such import exited 1."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def test_an_empty_external_id_is_left_out_with_a_comment(workspace: Workspace) -> None:
    props = {"NAME": "Main feed", "EXTERNAL_ID": ""}
    workspace.integrate({"integration": {"changeState": "new", "props": props}})
    result = workspace.run("import", "--project", PROJECT, "--stack", "brown", "--out", "imported.yaml")
    assert result.exit_code == 0, result.output
    text = (workspace.path / "imported.yaml").read_text()
    assert "external_id:" not in text
    assert '        # not managed by iotplan: EXTERNAL_ID = "" (empty, which no manifest holds)\n' in text
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0
