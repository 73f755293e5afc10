"""A THREAD made again in the web app under a new id, whose NAME is a token alone, told by its shape
(a GitHub token, a JWT: fz120 F1). The refusal naming the node holding its SERIAL_NO quoted that NAME
in clear in the plan (text, JSON, Markdown), drift and apply, where views show such a NAME as
`(sensitive)`: a text of only the characters of an id was never asked for a token's shape. Now the
NAME is quoted `(sensitive)`; an ordinary NAME of the same characters is still quoted as it is."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_thread_recreated_in_the_web_app_under_a_new_id_is_named_by_the_plan import (
    NEW_ID,
    recreated_in_the_web_app,
    registered,
)
from tests.e2e.test_thread import SITE

GITHUB = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"


def refusals(workspace: Workspace, name: str) -> list[str]:
    """What plan, drift and apply say of the node holding the SERIAL_NO, its NAME `name`."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    recreated_in_the_web_app(workspace, name=name)
    said = [workspace.run("plan", SITE, "--format", output).output for output in ("text", "json", "markdown")]
    said += [workspace.run("drift", SITE, "--format", output).output for output in ("text", "json")]
    registered(workspace)
    said.append(workspace.run("apply", SITE, "--auto-approve").output)
    return said


@pytest.mark.parametrize("token", [GITHUB, JWT], ids=["github", "jwt"])
def test_a_thread_made_again_under_a_bare_token_name_is_named_masked(
    workspace: Workspace, token: str
) -> None:
    for output in refusals(workspace, token):
        assert f"node {NEW_ID} ('(sensitive)')" in output, output
        assert token[:20] not in output, output


def test_a_thread_made_again_under_a_plain_name_is_named_as_it_is(workspace: Workspace) -> None:
    for output in refusals(workspace, "LG-1001_tunnel.3"):
        assert f"node {NEW_ID} ('LG-1001_tunnel.3')" in output, output
