"""A saved port setting's line naming a logger in doubt ("port 1 may feed t1/vw ...: its move to port 2
is left out, the platform records it on port 1, and its cable may be on either") or cut off, the
platform then moving a logger: the edit check rebuilt each reviewed logger's note as cut off unless the
fresh line doubted it, so a logger gone from the port (fewer cut off, which was reviewed), a doubt
now sure and a sure one now in doubt were each told "was the plan file edited or cut?" (cr131 F1).
Each is the platform's: the edit check finds none, and the platform check refuses only the note that
goes beyond the review (a logger reviewed in doubt now cut off, or in doubt for another reason)."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.apply.stale import _cut_offs_unshown
from iotplan.plan.edge import noting_loggers_cut_off_anew, with_loggers_cut_off
from iotplan.plan.model import FORMAT_VERSION, Action, Cause, Change
from tests.plan.edgebuilder import logger_change, setting_change


def logger(key: str, declared: int, recorded: int) -> Change:
    return logger_change(
        key,
        Action.UPDATE,
        Cause.DIFFERS,
        "differs from the manifest",
        before={"port": recorded},
        after={"port": declared},
        observations=50,
    )


def relinked(on_port: list[Change], doubted: list[Change]) -> Change:
    """Port 1's link changed, its line as a `--target` names `on_port`, those `doubted` in doubt."""
    [whole] = with_loggers_cut_off([setting_change("t1", "port1.comm_type", "RS485", "RS232")], {})
    doubts = {
        each.address: f"its move to port {each.after['port']} is left out, the platform records it on port "
        f"{each.before['port']}, and its cable may be on either"
        for each in doubted
    }
    return noting_loggers_cut_off_anew(whole, {1: on_port}, doubts)


def judged(saved: Change, fresh: Change) -> tuple[list[str], bool]:
    """What the edit check finds, and whether the platform check refuses the fresh line's notes."""
    return edited_parts(saved, fresh, FORMAT_VERSION), bool(
        _cut_offs_unshown([saved], [fresh], FORMAT_VERSION)
    )


def test_a_cut_off_note_the_platform_changed_is_no_edit() -> None:
    vw, ipi = logger("vw", 2, 1), logger("ipi", 1, 2)
    swapped = relinked([vw, ipi], [vw, ipi])  # both moves left out: each may be on port 1
    assert "port 1 may feed t1/vw (50 observations)" in swapped.reason, swapped.reason
    # vw moved to its port 2 in the web app: port 1 cuts off fewer, as reviewed.
    assert judged(swapped, relinked([ipi], [ipi])) == ([], False)
    # ipi moved to port 1, where declared: now surely cut off, which its review did not say.
    assert judged(swapped, relinked([vw, logger("ipi", 1, 1)], [vw])) == ([], True)
    # ipi moved to port 3: still in doubt, for another reason.
    assert judged(swapped, relinked([vw, logger("ipi", 1, 3)], [vw, logger("ipi", 1, 3)])) == ([], True)
    # A logger reviewed as cut off (declared and recorded on port 1) moved to port 3: now in doubt.
    cut = relinked([logger("vw", 1, 1)], [])
    assert "port 1 feeds t1/vw (50 observations)" in cut.reason, cut.reason
    assert judged(cut, relinked([logger("vw", 1, 3)], [logger("vw", 1, 3)])) == ([], False)
    # The file's edits are still told as such.
    sure = swapped.reason.replace("port 1 may feed t1/vw", "port 1 feeds t1/vw", 1)
    assert edited_parts(dataclasses.replace(swapped, reason=sure), swapped, FORMAT_VERSION) == ["reason"]
