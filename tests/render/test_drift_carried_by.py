"""A refused creation's `carried_by` (drift JSON 1.11): the live ids of the devices or sensors that
carry the refId it would give, which `merge` drops another shard's DUPLICATE of the sole carrier by.
It reads back as written, and a report saved as an older format holding it was edited."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iotplan.plan.drift import Status
from iotplan.render.drift_json import drift_from_dict, render_drift_json
from tests.render.drifts import SCENARIOS

CARRIER = "/api/1564C5/node/dynamic/A5FBB4/device"


def _carried() -> dict[str, object]:
    report = SCENARIOS["missing"]()
    at = next(n for n, e in enumerate(report.entries) if e.status is Status.MISSING)
    entries = list(report.entries)
    entries[at] = dataclasses.replace(entries[at], refused=True, carried_by=(CARRIER,))
    return dict(json.loads(render_drift_json(dataclasses.replace(report, entries=entries))))


def test_carried_by_reads_back_and_an_older_report_holding_it_is_refused() -> None:
    document = _carried()
    written = [entry.get("carried_by") for entry in document["entries"]]  # type: ignore[union-attr]
    read = [entry.carried_by for entry in drift_from_dict(document).entries]

    assert [CARRIER] in written and (CARRIER,) in read
    assert all(each is None for each in written if each != [CARRIER])  # left out where there is none
    with pytest.raises(ValueError, match=r"carried_by.*1\.11"):
        drift_from_dict(document | {"format_version": "1.10"})
