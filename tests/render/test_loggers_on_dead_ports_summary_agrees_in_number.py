"""The summary line of a plan whose only notes are loggers on a port read or declared off counts them,
and its words agree with the count: "2 entities are not confirmed as the manifest declares them"."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind, ManifestSource, Plan
from iotplan.render.lines import no_changes_line


def logger_on_dead_port(key: str, port: int) -> Change:
    return Change(
        address=Address(f"tunnel-thread/{key}"),
        kind=Kind.DEVICE,
        action=Action.NOOP,
        cause=Cause.UNVERIFIABLE,
        project_id="p",
        connection="tunnel-thread",
        reason=f"port {port} measures 0 V (off, or its voltage unread): tunnel-thread/{key} gets no readings",
        on_dead_port=True,
    )


def plan_of(*changes: Change) -> Plan:
    return Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=changes)


def test_one_logger_on_a_dead_port_is_it() -> None:
    said = no_changes_line(plan_of(logger_on_dead_port("vw-logger", 3)))
    assert (
        said
        == "No changes to write, but 1 entity is not confirmed as the manifest declares it (noted below)."
    )


def test_two_loggers_on_dead_ports_are_them() -> None:
    said = no_changes_line(plan_of(logger_on_dead_port("vw-logger", 3), logger_on_dead_port("pz-logger", 4)))
    assert said == (
        "No changes to write, but 2 entities are not confirmed as the manifest declares them (noted below)."
    )
