"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q', a key the manifest
does not declare (a `moved` rename half applied, or one begun in the web app): `plan` refuses the
creation of logger-1's sensors, which logger-q's carry, as a half-done `moved` rename, each of whose
two ways forward keeps logger-q and its 500 observations. `plan --target dam-a/logger-q` planned its
removal, "destroys 500 observations", exit 0, and `apply --allow-destroy` would have made it. A
selection writing what that refusal is about is refused as the whole plan is (fx412b)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given


def test_a_target_on_the_device_a_half_done_move_left_is_refused(workspace: Workspace) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})

    plan = workspace.run("plan", QUICKSTART, "--target", "dam-a/logger-q")
    apply = workspace.run(
        "apply", QUICKSTART, "--target", "dam-a/logger-q", "--auto-approve", "--allow-destroy"
    )

    for refused in (plan, apply):
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        assert "a `moved` rename of dam-a/logger-1 to dam-a/logger-q stopped" in said, refused.output
        assert "destroys 500 observations" not in said, refused.output
    assert workspace.live_entity("quickstart:dam-a/logger-q")["id"] == logger["id"]  # nothing removed
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
