"""A gateway its plan could not read (asleep, unreachable, refused) was never compared: its declared
settings are told as not read, so not checked, as drift tells them, never as changes not applied."""

from __future__ import annotations

from iotplan.apply.outcome import Outcome, Status
from iotplan.render.apply_report import render_apply_text

GATEWAY = "tunnel-thread/edge"
SETTINGS = [f"{GATEWAY}/port{port}.{name}" for port in (1, 2, 3) for name in ("mode", "power", "baud_rate")]
ASLEEP = "asleep: the THREAD is asleep when planned: nothing was written to it; plan again"


def report(outcome: Outcome) -> str:
    return render_apply_text([outcome], None, "", color=False)


def test_a_gateway_asleep_when_planned_lists_its_settings_as_not_read_not_as_not_applied() -> None:
    text = report(Outcome(GATEWAY, Status.PENDING, ASLEEP, pending=list(SETTINGS), waiting=True))
    assert f"  {GATEWAY}: pending\n    {ASLEEP}\n" in text  # the first line stays
    assert (
        "    not read, so not checked: 9 settings (port1.mode, port1.power, port1.baud_rate, port2.mode, "
        "port2.power and 4 more)\n"
    ) in text
    assert "not applied" not in text


def test_a_gateway_unit_that_ran_still_lists_what_it_did_not_write_as_not_applied() -> None:
    ran = Outcome(GATEWAY, Status.PENDING, "asleep: the THREAD is asleep", pending=SETTINGS[:1])
    assert f"    not applied: {SETTINGS[0]}\n" in report(ran)


def test_a_waiting_outcome_naming_itself_alone_keeps_not_applied() -> None:
    """A gateway whose declared settings were not known lists itself: no setting to count."""
    text = report(Outcome(GATEWAY, Status.REFUSED, "refused", pending=[GATEWAY], waiting=True))
    assert f"    not applied: {GATEWAY}\n" in text
