"""A call refused over an entry (a 400: its sensor's refId already exists) after the platform kept the
entries before it is read back. The read shows the device renamed as the call wrote it, and a sensor
holding the new sensor's refId with another name: another writer's, made meanwhile. Before, a creation
was made when its refId stood, so the call read as made whole and all of it was reported found made by
another writer, this run's own rename among them. A creation is made when what holds its refId reads
as the call wrote it: here it is not, so the call is not whole: the rename is what the platform kept
(applied), the sensor another writer's (found made)."""

from __future__ import annotations

import asyncio

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

# Two changes in one call: logger-1 renamed, sensor pz-2 created.
TWO = MANIFEST.replace("name: Logger", "name: Crest logger") + (
    "              - key: pz-2\n                name: Piezometer 2\n                template: MOISTURE_SDE\n"
)


def refused_read_showing(kept_text: str) -> Outcome:
    changes = list(plan_for(load(TWO), applied(load())).changes)
    return asyncio.run(
        apply_connection(Refusing(applied(load(kept_text)), 400), "dam-a", changes, lambda _: "x")
    )


def test_a_partly_kept_call_whose_creation_reads_as_another_writers_is_not_found_made_whole() -> None:
    outcome = refused_read_showing(TWO.replace("name: Piezometer 2", "name: Hand made"))
    assert outcome.applied == ["dam-a/logger-1"] and outcome.found_made == ["dam-a/logger-1/pz-2"], (
        outcome.message
    )
    assert outcome.pending == outcome.unsure == [], outcome.message
    assert outcome.message.endswith(
        "shows 1 of the call's 2 changes made (the platform kept part of the call); dam-a/logger-1/pz-2 "
        "is another writer's: its refId is held by an entity unlike what the call wrote (found made, not "
        "counted as applied by this run)."
    )
    # Read back as the call wrote it (the same call of another run landing first), it is made whole.
    identical = refused_read_showing(TWO)
    assert sorted(identical.found_made) == ["dam-a/logger-1", "dam-a/logger-1/pz-2"], identical.message
