"""A connection the platform named after its SERIAL_NO (`Data Source API Import {SERIAL_NO}`, A4)
is quoted in the refusal it causes with that serial masked as refIds are: another tool's serial
holding a URL with its password shows `https://(sensitive)@host`, never the password."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

PASSWORD = "CONNpw1named"
SERIAL = f"https://u:{PASSWORD}@h.example/feed"


def test_the_refusal_quotes_the_platforms_name_with_the_serials_password_masked(workspace: Workspace) -> None:
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    named = {"ref_id": SERIAL, "props": {"NAME": f"Data Source API Import {SERIAL}"}}
    workspace.api("POST", "/_sim/seed", json={"networks": [{"project": PROJECT, "connections": [named]}]})
    plan = workspace.run("plan", QUICKSTART, "--no-color")
    assert plan.exit_code == 1, plan.output
    assert "named 'Data Source API Import https://(sensitive)@h.example/feed' is not claimed" in plan.stderr
    assert PASSWORD not in plan.output
