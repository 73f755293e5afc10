"""Two stacks applied at once, sharing a connection, each made a device at one address named alike:
the duplicate's `*` line said, for one made twice, "remove one of the two with the history written to
it" without saying what that removal destroys. It says what the other stack's device holds, after the
way out that keeps both and the one that keeps the history."""

from __future__ import annotations

from pathlib import Path

from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import WITH_LOGGER_2, integrate, logger_2_under
from tests.guards.test_apply_command import Platform


def test_the_removal_advised_names_what_the_other_stacks_device_holds(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(WITH_LOGGER_2)
    [dam_a] = [c.live_id for c in platform.prepare(manifest(DAM_A)).plan.changes if c.address == "dam-a"]
    theirs = logger_2_under(str(dam_a), "teamb:dam-a/logger-2")
    air = {"changeState": "new", "refId": "teamb:dam-a/logger-2/air", "props": {"NAME": "Air"}}
    air["props"]["INTEGRATION_ID"] = "TEMPERATURE_SDE"
    theirs["devices"][0]["sensors"] = [air]
    integrate(platform, {"integration": theirs})
    platform.record_observations("teamb:dam-a/logger-2/air", 1200)

    plan = platform.prepare(WITH_LOGGER_2).plan
    [other] = [c for c in plan.changes if c.live_ref_id == "teamb:dam-a/logger-2"]
    told = other.reason
    assert (
        told.index("name one otherwise") < told.index("keep the one with the history") < told.index("remove")
    )
    assert told.endswith("destroying what it holds: the one of stack 'teamb' holds 1,200 observations"), told
