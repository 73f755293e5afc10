"""A LOCATION another tool stored with a credential-like text among its coordinates
(`["174.7802", "api_key=..."]`) is shown `(sensitive)` in a plan, saved plans too. An unedited saved plan
updating that device was refused as "the plan does not hold what the manifest now needs (dam-a/logger-1):
was the plan file edited or cut? Run iotplan plan again", and every plan made again was refused alike:
the file holds the mask, the plan made now the value. A masked value cannot be compared, which is said,
with the step that ends it: set the value in the platform's web app. Nothing is written either way."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc

LOGGER = "quickstart:dam-a/logger-1"
MASKED_LOCATION = {"type": "Point", "coordinates": ["174.7802", "api_key=s3cr3tTOKENvalue123456"]}
DECLARED = {"type": "Point", "coordinates": [174.7802, -41.2701, 21.5]}


def test_a_saved_plan_showing_a_location_masked_says_to_set_it_in_the_web_app(workspace: Workspace) -> None:
    (workspace.path / "site.yaml").write_text((workspace.path / QUICKSTART).read_text())
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    logger = workspace.live_entity(LOGGER)
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": MASKED_LOCATION}})
    assert workspace.run("plan", "site.yaml", "--out", "saved.json").exit_code == 0
    assert "s3cr3t" not in (workspace.path / "saved.json").read_text()

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.stderr.split())
    assert "edited" not in said, said
    assert (
        "dam-a/logger-1: the plan shows its location masked, (sensitive), and a masked value cannot be "
        "compared with what the platform holds now" in said
    ), said
    assert "set location of dam-a/logger-1 in the platform's web app" in said, said
    assert "s3cr3t" not in applied.output
    assert workspace.live_entity(LOGGER)["props"]["LOCATION"] == MASKED_LOCATION  # nothing written

    # The step followed: set as the manifest declares it, the plan no longer masks it, nor writes it.
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": DECLARED}})
    assert workspace.run("plan", "site.yaml", "--detailed-exitcode").exit_code == 0
