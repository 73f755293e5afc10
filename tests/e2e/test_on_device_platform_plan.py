"""`apply PLAN.json --on-device` of a plan saved against a platform, not on a THREAD."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import SIM, on_device, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost


def test_a_plan_saved_against_a_platform_is_refused_for_that_not_for_the_manifest(thread: Workspace) -> None:
    """Its manifest declares no node for this THREAD: the advice is still where the plan was made."""
    manifest = "examples/quickstart/site.yaml"
    assert thread.run("plan", manifest, "--sim-db", SIM, "--out", "platform.json").exit_code == 0
    before = writes(thread)
    result = on_device(thread, "apply", manifest="platform.json")
    assert result.exit_code == 1
    assert "this plan was made against embedded:" in result.stderr and "not on a THREAD" in result.stderr
    assert "declares no node" not in result.stderr
    assert writes(thread) == before
