"""A limit, under variant `logger-serial-own` (a platform giving a created logger its hardware's
SERIAL_NO, not its id's serial): a new logger is compared with another THREAD's by the TYPE and
SERIAL_NO the read holds, never by a pattern of the id, so stack site-b declaring the `serial:` site-a's
logger was created with is not told of it there: the live logger's SERIAL_NO is another one. Nothing
is refused either way (docs/api-assumptions.md, the `logger-serial-own` row)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread_logger_on_another_stacks_thread_is_noted_in_every_view import site


def test_where_loggers_have_serials_of_their_own_a_box_declared_by_its_id_serial_is_untold(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "logger-serial-own")
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "b.yaml").write_text(site("site-b", "5D6E7F"))
    plan = workspace.run("plan", "b.yaml")
    assert plan.exit_code == 0, plan.output
    assert "+ device t-5d6e7f/vw (VW_LOGGER): not on the platform\n" in plan.stdout, plan.stdout
