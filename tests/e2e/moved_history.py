"""What the tests of a sensor's history kept across renames spread over two applies share: the
quickstart manifest applied and one of its sensors given observations; keys changed with the `moved`
list that renames them, and applied; then the plan and the apply of the next change, read together."""

from __future__ import annotations

from click.testing import Result

from tests.e2e.conftest import QUICKSTART, Workspace


def applied_with_observations(workspace: Workspace, sensor: str, count: int) -> str:
    """The quickstart manifest applied and `count` observations written to its sensor at `sensor` (an
    address in the stack, `dam-a/logger-1/crack-1`); that sensor's id."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor_id = str(workspace.live_entity(f"quickstart:{sensor}")["id"])
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": count})
    return sensor_id


def rekey(workspace: Workspace, *renames: tuple[str, str]) -> None:
    """Each `(old, new)`: the quickstart manifest's first entity keyed `old` keyed `new` instead."""
    for old, new in renames:
        workspace.edit(QUICKSTART, f"- key: {old}\n", f"- key: {new}\n")


def rekeyed_and_applied(workspace: Workspace, moved: str, *renames: tuple[str, str]) -> None:
    """The quickstart manifest re-keyed as `renames` say, `moved` (a whole `moved:` list) written above
    its defaults, and applied."""
    rekey(workspace, *renames)
    workspace.edit(QUICKSTART, "defaults:\n", moved + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0


def planned_then_applied(workspace: Workspace) -> tuple[Result, Result]:
    """The quickstart manifest's plan, then its apply with --allow-destroy."""
    return workspace.run("plan", QUICKSTART), workspace.run(
        "apply", QUICKSTART, "--auto-approve", "--allow-destroy"
    )


def air_temp_pinned_then_its_device_moved(workspace: Workspace) -> str:
    """The quickstart manifest applied with 100 observations on `dam-a/weather/air-temp`, that sensor
    pinned `ref_id: quickstart:dam-a/weather/air-temp` and applied, then its device re-keyed weather → wx
    with the `moved` entry `{from: dam-a/weather, to: dam-a/wx}` and applied; the sensor's id."""
    sensor = applied_with_observations(workspace, "dam-a/weather/air-temp", 100)
    workspace.edit(
        QUICKSTART,
        "              - key: air-temp\n",
        "              - key: air-temp\n                ref_id: quickstart:dam-a/weather/air-temp\n",
    )
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    rekeyed_and_applied(workspace, "moved:\n  - {from: dam-a/weather, to: dam-a/wx}\n", ("weather", "wx"))
    return sensor
