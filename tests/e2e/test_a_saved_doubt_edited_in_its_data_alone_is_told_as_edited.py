"""A `--target t1/edge` plan changing port 1's link while the manifest moves logger t1/vw from port 1
to port 3: its move left out, port 1's line says it may cut off the logger's readings, "its move to
port 3 is left out, ...". Saved, its `loggers_in_doubt` edited in the file to say port 2, the note's
text left at port 3. Applied on a platform that did not change, it was refused as "the platform
changed since the plan was made" (cr138): the apply weighed the edited data against the fresh
note before asking whether the file was edited. A note's text and its own data disagreeing is the
file's doing alone: refused as edited, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_port_setting import refused_as_edited, saved_port_setting
from tests.e2e.test_a_targeted_port_setting_names_the_loggers_left_on_its_port import MOVED


def test_a_saved_doubt_edited_in_its_data_alone_is_told_as_edited(workspace: Workspace) -> None:
    plan, setting = saved_port_setting(workspace, MOVED)
    doubt = setting["loggers_in_doubt"]["t1/vw"]
    assert "its move to port 3 is left out" in doubt and doubt in setting["reason"], setting
    setting["loggers_in_doubt"]["t1/vw"] = doubt.replace("port 3", "port 2")

    refused_as_edited(workspace, plan)
