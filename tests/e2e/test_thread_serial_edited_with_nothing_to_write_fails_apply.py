"""A THREAD logger (or sensor) whose SERIAL_NO another tool edited is drift with nothing to write,
as one whose serial was dropped is. An apply with nothing to write said "No changes to write, but 1
entity differs", exit 0, where the dropped one exits 1: an apply that leaves a declared difference it
will not write is not a success. It now fails alike, naming the entity, the serial the platform shows
and the one its id carries, and the step that settles it. `plan --detailed-exitcode` stays 0 (nothing
to write) and drift 2 (MODIFIED), as for a dropped serial."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc


def test_a_logger_whose_serial_was_edited_fails_an_apply_with_nothing_to_write(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "999999"}})
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0  # nothing to write
    assert workspace.run("drift", SITE).exit_code == 2

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        f"tunnel-thread/vw-logger ({VW_LOGGER}) reads SERIAL_NO '999999' where its id's serial is '032433'"
        in said
    )
    assert "restore the serial in the platform's web app" in said, said
    assert "differs, noted:" not in said, "told by its own rule, not again as any other difference"


def test_a_sensor_whose_serial_was_edited_fails_an_apply_with_nothing_to_write(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    tilt4 = f"{IPI_LOGGER}/tilt4/sensor"
    rpc(workspace, "updateSensor", {"sensor": tilt4, "props": {"SERIAL_NO": "999999"}})

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        f"tunnel-thread/ipi-chain/tilt4 ({tilt4}) reads SERIAL_NO '999999' "
        "where its logger's serial is '032434'" in said
    )
