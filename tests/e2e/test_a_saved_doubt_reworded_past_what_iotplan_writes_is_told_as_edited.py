"""A `--target t1/edge` plan changing port 1's link while the manifest moves logger t1/vw from port 1
to port 3: its move left out, port 1's line says it may cut off the logger's readings, "its move to
port 3 is left out, ...". Saved, the doubt reworded in the file, its text and `loggers_in_doubt`
alike, to words no plan writes ("foo"). Applied on a platform that did not change, it was refused as
"the platform changed since the plan was made" (cr138), where a plan saved at 1.13 was told as
edited. A doubt iotplan cannot have written is the file's edit: refused as such, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_port_setting import refused_as_edited, saved_port_setting
from tests.e2e.test_a_targeted_port_setting_names_the_loggers_left_on_its_port import MOVED


def test_a_saved_doubt_reworded_past_what_iotplan_writes_is_told_as_edited(workspace: Workspace) -> None:
    plan, setting = saved_port_setting(workspace, MOVED)
    doubt = setting["loggers_in_doubt"]["t1/vw"]
    assert doubt in setting["reason"], setting
    setting["loggers_in_doubt"]["t1/vw"] = "foo"
    setting["reason"] = setting["reason"].replace(doubt, "foo")

    refused_as_edited(workspace, plan)
