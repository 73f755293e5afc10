"""A THREAD made again in the web app under a new id, whose NAME holds a URL's password and a bearer
token (cr160 F1). The plan named that node by its NAME as read: the password and the token printed in
the plan, its JSON, drift and apply's refusal, where a pinned node's NAME shows `(sensitive)`. Now the
node's NAME is quoted masked everywhere."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_thread_recreated_in_the_web_app_under_a_new_id_is_named_by_the_plan import (
    NEW_ID,
    recreated_in_the_web_app,
    registered,
)
from tests.e2e.test_thread import SITE

PASSWORD, TOKEN = "s3cretpw", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefSIG"


def test_a_thread_made_again_under_a_name_holding_a_secret_is_named_masked(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    recreated_in_the_web_app(workspace, name=f"http://admin:{PASSWORD}@10.0.0.9/x Bearer {TOKEN}")

    said = [
        workspace.run("plan", SITE),
        workspace.run("plan", SITE, "--format", "json"),
        workspace.run("drift", SITE),
        workspace.run("drift", SITE, "--format", "json"),
    ]
    registered(workspace)
    said.append(workspace.run("apply", SITE, "--auto-approve"))
    for result in said:
        assert f"node {NEW_ID}" in result.output, result.output
        assert PASSWORD not in result.output and TOKEN[:12] not in result.output, result.output
