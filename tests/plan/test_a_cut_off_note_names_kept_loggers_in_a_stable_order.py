"""A port setting's cut-off note named the loggers kept on its port (on the platform, not declared) in
the order the platform listed them, which the `unstable-list-order` variant shuffles: the plan's text
and digest changed from one read to the next (cr131 F3). The declared loggers keep the manifest's
order; the kept ones follow, by address, however listed."""

from __future__ import annotations

from iotplan.plan.edge import with_loggers_cut_off
from iotplan.plan.model import Action, Cause, Change
from tests.plan.edgebuilder import logger_change, setting_change


def logger(key: str, *, kept: bool) -> Change:
    cause, reason = (Cause.NOT_REMOVABLE, "kept") if kept else (Cause.IN_SYNC, "in sync")
    return logger_change(key, Action.NOOP, cause, reason, before={"port": 1}, after={"port": 1})


def relinked(loggers: list[Change]) -> Change:
    return with_loggers_cut_off([setting_change("t1", "port1.comm_type", "RS485", "RS232")], {1: loggers})[0]


def test_a_cut_off_note_names_kept_loggers_in_a_stable_order() -> None:
    declared = [logger("vw", kept=False), logger("crew", kept=False)]
    kept = [logger(key, kept=True) for key in ("#099994", "#099991", "#099993")]
    listed, shuffled = relinked([*declared, *kept]), relinked([*declared, *reversed(kept)])

    assert listed.reason == shuffled.reason
    assert listed.loggers_cut_off == shuffled.loggers_cut_off
    assert [str(each) for each in listed.loggers_cut_off] == [
        "t1/vw",
        "t1/crew",
        "t1/#099991",
        "t1/#099993",
        "t1/#099994",
    ]
