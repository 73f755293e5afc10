"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`),
another writer makes tilt4 with its own name and MUX_INDEX 9 between two applies; the second apply
plans tilt4 (the lists do not show it) and its create is refused as existing. Read back by its id, it
is NOT as this create would make it: it was told as "found made by another writer or by an earlier
apply whose write the lists do not show yet", counted "not listed yet", warned as existing but not
listed, and advised "Once a plan no longer does, it is in sync", a real difference hidden. It is now
told as another writer's: found made by another writer, counted so, and not in sync."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT4 = "tunnel-thread/ipi-chain/tilt4"
TILT4_LINE = "              - {key: tilt4, name: IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}\n"


def test_a_create_found_made_differing_behind_lagging_lists_is_another_writers(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    site = workspace.path / SITE
    declared = site.read_text()
    workspace.edit(SITE, TILT4_LINE, "")  # applied without it: another writer makes it below
    workspace.run("apply", SITE, "--auto-approve")
    theirs = {"NAME": "Someone else's tilt", "MUX_INDEX": 9}
    sensor = f"{IPI_LOGGER}/tilt4/sensor"
    rpc(
        workspace,
        "createSensor",
        {
            "sensor": sensor,
            "observationType": "TILT_BIAXIAL_DGSI",
            "type": "TILT_BIAXIAL_DGSI",
            "props": theirs,
        },
    )
    site.write_text(declared)

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "-32009" in said, applied.output
    assert f"    found made by another writer: {TILT4}\n" in applied.stdout, applied.stdout
    assert "1 found made by another writer;" in applied.stdout, applied.stdout
    assert "not listed yet" not in said
    assert "the lists do not show yet" not in said
    assert "creates again only what exists" not in said
    assert "it is in sync" not in said
    [held] = rpc(workspace, "getSensors", {"sensors": [sensor]})
    assert (held["props"]["NAME"], held["props"]["MUX_INDEX"]) == ("Someone else's tilt", 9)
