"""The drift summary line says what its missing and orphaned entries carry: they count connections
and devices, each with what is folded into it, while modified counts sensors (fz57: `2 missing,
9,950 modified, 51 orphaned`, 51 connections holding 1,530 devices and sensors)."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.drift import Entry, Report, Status
from iotplan.plan.model import Kind


def entry(address: str, status: Status, folded: int = 0, owner: str | None = None) -> Entry:
    kind = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)[address.count("/")]
    site = address.split("/")[0]
    return Entry("m.yaml", site, Address(address), kind, status, "r", folded=folded, owner=owner)


def test_what_is_folded_is_counted_beside_its_status() -> None:
    report = Report(
        target="t",
        entries=[
            entry("c1", Status.MISSING, folded=30),
            entry("c2/d0", Status.MISSING, folded=5),
            entry("c3/d0/s0", Status.MODIFIED),
            entry("c4", Status.ORPHANED, folded=30),
        ],
    )
    assert report.summary_line() == (
        "Drift detected: 2 missing (35 more below them), 1 modified, 1 orphaned (30 more below it), "
        "0 unmanaged, 0 unreachable, 0 pending, 0 not checked, 0 in sync."
    )


def test_nothing_folded_adds_nothing_and_other_stacks_keep_their_note() -> None:
    report = Report(
        target="t",
        entries=[entry("c1/#1A", Status.UNMANAGED, folded=2, owner="b"), entry("c2/d0/s0", Status.MISSING)],
    )
    line = report.summary_line()
    assert line.startswith("Drift detected: 1 missing, 0 modified, ")
    assert "1 unmanaged (1 of other stacks; 2 more below it)" in line
