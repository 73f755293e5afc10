"""A token declared for a connection applied without one, its variable unset: the plan refuses,
at the manifest's line and column, with why it needs the value (set, the plan may write it) and how
to give it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

DECLARED = "        auth_token: ${env:DAM_A_TOKEN}\n"


def test_an_unset_token_the_plan_cannot_compare_is_told_where_and_how_to_set(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAM_A_TOKEN", raising=False)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "        kind: api\n", "        kind: api\n" + DECLARED)
    lines = (workspace.path / QUICKSTART).read_text().splitlines(keepends=True)
    line = lines.index(DECLARED) + 1
    column = DECLARED.index("${env:") + 1  # its value, as validate tells a field's

    refused = workspace.run("plan", QUICKSTART)

    assert refused.exit_code == 1
    assert refused.stderr.endswith(
        f"{QUICKSTART}:{line}:{column}: dam-a: auth_token ${{env:DAM_A_TOKEN}} is not set (or empty) in the "
        "environment: without it the plan cannot compare it with the platform's token, so cannot tell "
        "whether to write it\n"
        "Export DAM_A_TOKEN (or set the CI secret) and re-run.\n"
        "Or, where nobody knows the token of a connection that exists already, delete its `auth_token:` "
        "line: iotplan then leaves the token as the platform holds it, unmanaged (but where updates replace "
        "props, "
        "check-platform A2, the next update of the connection drops it).\n"
    ), refused.stderr
