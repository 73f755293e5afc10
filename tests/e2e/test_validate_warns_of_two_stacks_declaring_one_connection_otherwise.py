"""Two stacks' manifests pinning one connection by `id:` with different values: each apply writes
its own over the other's and exits 0. validate warned of a THREAD declared so, not of this (fz89);
it warns of both, and not of two that declare it alike."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def pinned(stack: str, name: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: feed
        id: /api/2E99C4/node
        name: {name}
        devices:
          - key: {stack}-logger
            name: {stack} logger
"""


def test_validate_warns_of_two_stacks_declaring_one_connection_otherwise(workspace: Workspace) -> None:
    (workspace.path / "alpha.yaml").write_text(pinned("alpha", "Dam feed"))
    (workspace.path / "beta.yaml").write_text(pinned("beta", "Beta calls it this"))
    (workspace.path / "gamma.yaml").write_text(pinned("gamma", "Dam feed"))

    apart = workspace.run("validate", "alpha.yaml", "beta.yaml")
    alike = workspace.run("validate", "alpha.yaml", "gamma.yaml")

    assert apart.exit_code == 0, apart.output
    assert "connection /api/2E99C4/node" in apart.stderr and "name" in apart.stderr, apart.stderr
    assert "alpha.yaml (stack 'alpha')" in apart.stderr and "beta.yaml (stack 'beta')" in apart.stderr
    assert alike.exit_code == 0 and "Warning" not in alike.stderr, alike.stderr
