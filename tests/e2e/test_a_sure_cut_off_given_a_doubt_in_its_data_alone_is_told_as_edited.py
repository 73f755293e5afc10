"""A `--target t1/edge` plan changing port 1's link, its line noting it cuts off t1/vw's readings
(sure: "port 1 feeds t1/vw ..."). Saved, a doubt of t1/vw written into its `loggers_in_doubt` alone,
the note's text left sure. Applied on a platform that did not change, it was refused as "the platform
changed since the plan was made" (cr138): a note the data doubts and the fresh read names sure reads
as a logger moved since. The note's text and its own data disagreeing is the file's doing alone:
refused as edited, nothing written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE
from tests.e2e.conftest import Workspace
from tests.e2e.saved_port_setting import refused_as_edited, saved_port_setting

DOUBT = "its move to port 3 is left out, the platform records it on port 1, and its cable may be on either"


def test_a_sure_cut_off_given_a_doubt_in_its_data_alone_is_told_as_edited(workspace: Workspace) -> None:
    plan, setting = saved_port_setting(workspace, BASE.replace("comm_type: RS485", "comm_type: RS232"))
    assert "port 1 feeds t1/vw (0 observations): this cuts off its readings" in setting["reason"], setting
    assert "loggers_in_doubt" not in setting, setting
    setting["loggers_in_doubt"] = {"t1/vw": DOUBT}

    refused_as_edited(workspace, plan)
