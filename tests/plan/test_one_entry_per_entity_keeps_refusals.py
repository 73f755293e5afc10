"""One drift report of several manifests lists each entity once (`one_entry_per_entity`), keeping
the first of an entity's unmanaged entries: a refused one (high, the refusal's text) after a low one
was dropped, and with it why `plan` refuses the manifest (cr61). A refused entry is never dropped;
of the others, the most severe is kept."""

from __future__ import annotations

import dataclasses

from iotplan.plan.address import Address
from iotplan.plan.drift import Entry, Severity, Status
from iotplan.plan.drift_entries import one_entry_per_entity
from iotplan.plan.model import Kind

REFUSAL = "dam-a/logger-1/adopted: would create sensor with refId 'hand-s1', which ... already carries"


def _unmanaged(manifest: str, site: str, **rest: object) -> Entry:
    address = Address(f"{site}/#0A0A0A")
    entry = Entry(manifest, site, address, Kind.DEVICE, Status.UNMANAGED, "not declared", live_id="L1")
    return dataclasses.replace(entry, **rest)  # type: ignore[arg-type]


def test_a_refused_entry_after_a_low_one_is_the_one_kept() -> None:
    low = _unmanaged("a.yaml", "dam-a", severity=Severity.LOW)
    refused = _unmanaged("b.yaml", "shared", severity=Severity.HIGH, refused=True, reason=REFUSAL)
    [kept] = one_entry_per_entity([low, refused])
    assert kept.refused and kept.severity is Severity.HIGH and kept.reason.startswith(REFUSAL)
    assert "dam-a/#0A0A0A (a.yaml)" in kept.reason  # still says where else it stands


def test_a_refused_entry_of_one_a_manifest_declares_is_kept() -> None:
    declared = Entry(
        "a.yaml", "dam-a", Address("dam-a/logger"), Kind.DEVICE, Status.IN_SYNC, "", live_id="L1"
    )
    refused = _unmanaged("b.yaml", "shared", severity=Severity.HIGH, refused=True, reason=REFUSAL)
    assert one_entry_per_entity([declared, refused]) == [declared, refused]


def test_of_two_not_refused_the_most_severe_is_kept() -> None:
    info = _unmanaged("a.yaml", "dam-a", severity=Severity.INFO)
    low = _unmanaged("b.yaml", "shared", severity=Severity.LOW)
    [kept] = one_entry_per_entity([info, low])
    assert (kept.manifest, kept.severity) == ("b.yaml", Severity.LOW)
