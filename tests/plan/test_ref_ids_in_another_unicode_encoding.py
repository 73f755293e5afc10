"""refIds that differ only in how an accent is encoded (Unicode NFC `é`, NFD `e` + U+0301): text a Mac
types and text another tool wrote look the same, and the platform documents no rule telling them
apart, so they count as possibly one refId, as a difference in case does."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError, PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import MANIFEST, load, plan_for

NFC = "legacy:Pr\u00e9sa"
NFD = "legacy:Pre\u0301sa"


def _refusal_of_adopting_by(ref_id: str, live_ref_id: str) -> str:
    """logger-1 pinned by `ref_id`, gone from the platform, and another tool's device in its place
    carrying `live_ref_id`: the plan's one problem."""
    live = applied(load())
    connection = first_connection(live)
    logger = find(live, "site:dam-a/logger-1")
    connection.devices.remove(logger)
    del connection.sensors[logger.id]
    device = LiveEntity(
        f"{connection.node.id}/dynamic/0B0B0B/device", {"SERIAL_NO": live_ref_id}, connection.node.id
    )
    connection.devices.append(device)
    pinned = MANIFEST.replace("name: Logger\n", f'name: Other\n            ref_id: "{ref_id}"\n')
    with pytest.raises(PlanError) as refused:
        plan_for(load(pinned), live)
    [problem] = str(refused.value).splitlines()[1:]
    return problem


def test_an_nfd_ref_id_beside_a_live_nfc_one_is_refused_naming_both_escaped() -> None:
    problem = _refusal_of_adopting_by(NFD, NFC)
    assert ('not found by its refId "legacy:Pre\\u0301sa", but device /api/') in problem
    assert (
        'carries "legacy:Pr\\u00e9sa", which differs from it only in Unicode encoding (the same letters, '
        "encoded differently: NFC and NFD): the platform documents no case or Unicode normalisation rule"
    ) in problem
    assert 'Adopt it with `ref_id: "legacy:Pr\\u00e9sa"`' in problem


def test_a_ref_id_differing_in_case_and_encoding_says_both() -> None:
    problem = _refusal_of_adopting_by("LEGACY:PRE\u0301SA", NFC)
    assert "differs from it only in case and Unicode encoding" in problem


def test_two_sibling_ref_ids_in_nfc_and_nfd_are_refused_by_the_manifest() -> None:
    twins = MANIFEST.replace(
        "          - key: logger-1\n",
        f'          - key: twin\n            ref_id: "{NFC}"\n'
        f'          - key: logger-1\n            ref_id: "{NFD}"\n',
    )
    with pytest.raises(ManifestError) as refused:
        load(twins)
    assert (
        'refId "legacy:Pre\\u0301sa" differs only in Unicode encoding (the same letters, encoded '
        'differently: NFC and NFD) from "legacy:Pr\\u00e9sa", the refId of dam-a/twin: two entities'
    ) in str(refused.value)
