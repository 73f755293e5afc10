"""A new THREAD logger or sensor named like one on another THREAD that holds observations: said to
start with no history only where the other is plausibly the same site (the THREAD's name kept, as
when a gateway is swapped, or the logger's serial), never for every site of a fleet whose templates
repeat names (fz35 #2)."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, PlanOptions
from tests.plan.test_thread import NODE, PROJECT, SITE, desired, live_as_declared

SWAPPED_OUT = "/fn/5B5B5B/node"
ITS_LOGGER = f"{SWAPPED_OUT}/dgsimlogger/5B5B5B02/device"  # a serial of its own: not the new logger's
CANNOT_MOVE = "on another THREAD has its name and keeps its"


def thread_named(name: str) -> LiveConnection:
    """A THREAD the manifest does not declare, its logger and sensors named as the manifest's."""
    thread = LiveConnection(LiveEntity(SWAPPED_OUT, {"NAME": name}), PROJECT)
    thread.devices.append(LiveEntity(ITS_LOGGER, {"NAME": "IPI chain"}, None, "DGSI_M_LOGGER"))
    thread.sensors[ITS_LOGGER] = [
        LiveEntity(f"{ITS_LOGGER}/tilt{n}/sensor", {"NAME": f"Tilt {n}", "OBSERVATION_COUNT": 500})
        for n in (1, 2)
    ]
    return thread


def reasons(project: LiveProject, manifest: str) -> dict[str, str]:
    plan = make_plan(desired(manifest), LiveState("test", {PROJECT: project}), PlanOptions())
    return {str(c.address): c.reason for c in plan.changes if c.action is Action.CREATE}


REGISTERED = SITE.replace(
    "        name: Tunnel THREAD\n",
    '        name: Tunnel THREAD\n        register: true\n        version: "7.17.0"\n',
)


def test_a_new_gateways_sensors_say_where_their_history_stays_only_for_the_thread_of_its_name() -> None:
    swapped = LiveProject(PROJECT, exists=True, other_threads={SWAPPED_OUT: thread_named("Tunnel THREAD")})
    said = reasons(swapped, REGISTERED)
    assert said["thread/ipi"] == (
        f"created with thread; {ITS_LOGGER} {CANNOT_MOVE} 1,000 observations: a THREAD logger cannot move to "
        "another THREAD, so this one starts with no history"
    )
    assert said["thread/ipi/tilt1"].startswith(
        f"created with thread; {ITS_LOGGER}/tilt1/sensor {CANNOT_MOVE} 500 "
    )

    another_site = LiveProject(
        PROJECT, exists=True, other_threads={SWAPPED_OUT: thread_named("Bridge THREAD")}
    )
    said = reasons(another_site, REGISTERED)
    assert said["thread/ipi"] == "created with thread"
    assert said["thread/ipi/tilt1"] == "created with thread"


def test_a_sensor_created_again_at_another_site_says_nothing_of_a_kept_threads_namesake() -> None:
    state = desired()
    at_this_site = live_as_declared(state)
    at_this_site.sensors[f"{NODE}/dgsimlogger/032432/device"].pop(0)  # tilt1 deleted in the web app
    project = LiveProject(PROJECT, exists=True, other_threads={SWAPPED_OUT: thread_named("Bridge THREAD")})
    project.connections[NODE] = at_this_site
    assert reasons(project, SITE) == {"thread/ipi/tilt1": "not on the platform"}
