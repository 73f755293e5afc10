"""A `--target t1/edge` plan changing port 1's link, saved, its line noting the logger it cuts off,
then edited in the file: both the note's text and its `loggers_cut_off` name a second logger,
t1/ghost, that no plan or platform ever held. Applied on a platform that did not change, it applied
(fx333): a targeted plan holds no logger entries to hold the name to, and the fresh note naming fewer
loggers reads as one moved off the port since. Refused as the file's edit, nothing written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE
from tests.e2e.conftest import Workspace
from tests.e2e.saved_port_setting import refused_as_edited, saved_port_setting


def test_a_logger_added_to_a_targeted_saved_plans_cut_off_note_is_told_as_edited(
    workspace: Workspace,
) -> None:
    plan, setting = saved_port_setting(workspace, BASE.replace("comm_type: RS485", "comm_type: RS232"))
    note = "port 1 feeds t1/vw (0 observations): this cuts off its readings"
    assert note in setting["reason"], setting
    setting["reason"] = setting["reason"].replace(
        note,
        "port 1 feeds t1/vw (0 observations) and t1/ghost (5 observations): this cuts off their readings",
    )
    setting["loggers_cut_off"] = [*setting["loggers_cut_off"], "t1/ghost"]

    said = refused_as_edited(workspace, plan)

    assert "t1/edge/port1.comm_type: its note names t1/ghost, " in said, said
    assert "the plan file was edited, or t1/ghost was removed since" in said, said
