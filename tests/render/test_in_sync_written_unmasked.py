"""A saved plan writes a block of changes in sync by `_unmasked_in_sync_to_dict` (each text as it
is) once one search finds no secret of this run's in their texts, and every other change by
`_change_to_dict` (each text asked on its own): both write each change alike, whatever secrets are
held and wherever a change holds one (render/json_plan.py `_change_dicts`).

Property-based (hypothesis, a fixed derandomized set of examples), beside a table of the cases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iotplan import secrets
from iotplan.live.model import Uncounted
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, HeldForm, Kind
from iotplan.plan.props import shown_ref_id
from iotplan.render import json_plan
from iotplan.render.json_plan import _change_dicts, _change_to_dict, _hold_no_secret, one_line
from tests.render import plans

SHORT = "demo-key"
LONG = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQtb2YtYS10b2tlbg"
# A long one JSON escapes a character of: a slice of it, escaped, is no slice `masks_none` finds.
QUOTED = 'abcdefgh"ijklmnopqrstuvwx'
SETTINGS = {"name": "Crest logger", "location": {"lat": 46.08, "lon": 7.4, "elevation": None}}
METRICS = {"name": "Piezometer 1", "metrics": [{"custom_metric": "pore_pressure", "unit": "Pa"}]}


def in_sync(address: str = "dam-a/logger-1/pz-1", values: Any = METRICS, **details: Any) -> Change:
    """A change in sync as the differ makes one: one dict for `before` and `after`."""
    return dataclasses.replace(plans.in_sync(address), before=values, after=values, **details)


# Each place a change's text or value may hold what views mask or hide, and what it may be besides.
CASES = {
    "plain": in_sync(),
    "no values": in_sync(values=None),
    "a location": in_sync("dam-a/logger-1", SETTINGS),
    "its name holds the key": in_sync(values={"name": f"Feed {SHORT}"}),
    "its metric holds the key": in_sync(values={"metrics": [{"custom_metric": SHORT, "unit": "Pa"}]}),
    "its name holds a slice of a long one": in_sync(values={"name": f"ends {LONG[12:40]}"}),
    "its name holds the key quoted": in_sync(values={"name": f'"{SHORT}" and \\ {SHORT}'}),
    "its name holds a slice of one JSON escapes": in_sync(values={"name": QUOTED[3:17]}),
    "its name percent-encodes the key": in_sync(values={"name": "k=demo%2Dkey"}),
    "its name names a credential": in_sync(values={"name": "Logger key: LG-42"}),
    "its notes hold a user and password": in_sync(
        values={"name": "x", "notes": "sa:hunter2@db.example:1433"}
    ),
    "its metric names a credential": in_sync(
        values={"metrics": [{"custom_metric": "pw", "unit": "token=k9"}]}
    ),
    "its name is no text": in_sync(values={"name": 7, "active": True, "ratio": 0.5}),
    "an integer past 64 bits": in_sync(values={"name": "big", "serial": 2**70}),
    "a secret field": in_sync("dam-a", {"name": "Dam A", "auth_token": "${env:DAM_A_TOKEN}"}),
    "a secret field by value": in_sync("dam-a", {"name": "Dam A", "auth_token": SHORT}),
    "its refId holds the key": in_sync(ref_id=f"dams:{SHORT}", live_ref_id=f"dams:{SHORT}"),
    "its refId holds a URL's password": in_sync(ref_id="https://u:pw@dam.example/x"),
    "its id holds the key": in_sync(live_id=f"/api/A40199/node/{SHORT}/sensor"),
    "its id is not plain": in_sync(live_id="/api/A40199/node?token=abc"),
    "its id holds a token by its shape": in_sync(
        live_id="/fn/6C7D8E/node/ghp_abcdefghijklmnopqrstuvwxyz0123456789/sensor"
    ),
    "no id": in_sync(live_id=None),
    "its reason holds the key": in_sync(reason=f"in sync ({SHORT})"),
    "renamed": in_sync(live_ref_id="dams:dam-a/logger-1/pz-old"),
    "renamed from a URL's password": in_sync(live_ref_id="https://u:pw@dam.example/old"),
    "live values apart": dataclasses.replace(in_sync(), before=dict(METRICS)),
    "a field changed": dataclasses.replace(
        plans.change("dam-a/logger-1", Action.UPDATE, "differs", before=SETTINGS, after=METRICS),
        fields=(FieldChange("name", "Crest logger", f"Piezometer {SHORT}"),),
    ),
}


@pytest.fixture(params=["none", "short", "long", "quoted", "many"])
def held(request: pytest.FixtureRequest) -> str:
    """The secrets this run holds: none, a short key, a long one read in pieces (one holding a
    character JSON escapes), or more than are looked for one by one."""
    if request.param != "none":
        secrets.remember(SHORT)
    if request.param == "quoted":
        secrets.remember(QUOTED)
    if request.param in ("long", "many"):
        secrets.remember(LONG)
    if request.param == "many":
        for number in range(40):
            secrets.remember(f"token-number-{number:04d}-of-a-fleet")
    return str(request.param)


def written_each_on_its_own(changes: Sequence[Change]) -> list[bytes]:
    return [one_line(_change_to_dict(change)) for change in changes]


def written(changes: Sequence[Change]) -> list[bytes]:
    return list(map(one_line, _change_dicts(changes)))


@pytest.mark.parametrize("case", CASES)
def test_each_case_is_written_as_on_its_own(held: str, case: str) -> None:
    changes = [CASES["plain"], CASES[case], CASES["a location"]]  # a block of its own and two more
    assert written(changes) == written_each_on_its_own(changes)


def test_a_block_of_every_case_is_written_as_each_on_its_own(held: str) -> None:
    assert written(list(CASES.values())) == written_each_on_its_own(list(CASES.values()))


def test_blocks_are_written_in_order_across_their_bounds(monkeypatch: pytest.MonkeyPatch, held: str) -> None:
    monkeypatch.setattr(json_plan, "_BLOCK", 3)
    changes = [*CASES.values(), *(in_sync(f"dam-b/logger-1/pz-{number}") for number in range(7))]
    assert written(changes) == written_each_on_its_own(changes)


def test_plain_changes_in_sync_are_written_unmasked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above hold both ways alike only if the unmasked one is taken: it is, for the plain
    cases, with the run's key held."""
    secrets.remember(SHORT)
    plain = [CASES[case] for case in ("plain", "no values", "a location", "renamed", "no id")]
    taken = list(_calls_of_unmasked(monkeypatch, plain))
    assert taken == [change.address for change in plain]


def test_a_block_holding_the_key_is_not_written_unmasked(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets.remember(SHORT)
    block = [CASES["plain"], CASES["its name holds the key quoted"]]
    assert not _hold_no_secret(block, [shown_ref_id(change.ref_id) for change in block])
    assert list(_calls_of_unmasked(monkeypatch, [CASES["plain"], CASES["its refId holds the key"]])) == []


# A change in sync unlike CASES["plain"] in every field: one of a shape met before is written as the
# first of that shape with its own values put in (`_shape`, `_with_own_values`), so each field must be one
# or the other. A field Change gains fails the first test below until it is given a value here.
UNLIKE = in_sync(
    "dam-b/logger-2",
    {"name": "Other"},
    kind=Kind.DEVICE,
    action=Action.UPDATE,
    project_id="another-project",
    connection="dam-b",
    reason="in sync, counted",
    cause=Cause.DIFFERS,
    ref_id="dams:dam-b/logger-2",
    live_id="/api/B1/node/dynamic/2/device",
    live_ref_id="dams:dam-b/logger-2",
    template="GENERIC_DEVICE",
    fields=(FieldChange("name", "Old", "Other"),),
    observations=12,
    observations_unknown=True,
    counted=False,
    fingerprint="sha256:0f",
    touches_data_model=True,
    cuts_off=True,
    collateral=(Address("dam-b/logger-2/pz-1"),),
    holding=None,
    holding_shown=((Address("dam-b/logger-2/#80112B"), Address("dam-b/logger-2/pz-2")),),
    copies_taken=((Address("dam-b/logger-2/pz-9"), Address("dam-b/logger-2/pz-1")),),
    looks_renamed_to=Address("dam-b/logger-3"),
    named_alike_elsewhere=(Address("dam-c"),),
    loggers_cut_off=(Address("dam-b/logger-3"),),
    loggers_in_doubt=((Address("dam-b/logger-3"), "its move to port 2 is left out"),),
    held_forms=(HeldForm(Address("dam-b"), "LOCATION", "text coordinates", '{"coordinates": ["1"]}', "[1]"),),
    loggers_sharing_port=(Address("dam-b/logger-3"),),
    histories_elsewhere=("/fn/4A1B2C/node/vwlogger/032433/device",),
    box_notes=("logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node",),
    namesake_notes=("dam-c/logger-2 on another THREAD has its name",),
    recreated=(Address("dam-b/logger-2/pz-2"),),
    live_created="2026-01-01T00:00:00Z",
    secret_digest="sha256:salt:digest",
    uncounted=(Address("dam-b/logger-2/pz-1"),),
    recreated_shown=((Address("dam-b/logger-2/#80112B"), Address("dam-b/logger-2/pz-2")),),
    uncounted_why=(Uncounted.NO_ANSWER,),
    prefixed_sensors=2,
    on_dead_port=True,
    counted_through_rpc=True,
)
FIELDS = [field.name for field in dataclasses.fields(Change)]


def test_the_unlike_change_differs_in_every_field() -> None:
    plain = CASES["plain"]
    assert [name for name in FIELDS if getattr(UNLIKE, name) == getattr(plain, name)] == []


@pytest.mark.parametrize("name", FIELDS)
def test_changes_in_sync_apart_in_one_field_are_written_as_each_on_its_own(held: str, name: str) -> None:
    plain = CASES["plain"]
    other = dataclasses.replace(plain, **{name: getattr(UNLIKE, name)})
    for changes in ([plain, other, plain], [other, plain, other]):
        assert written(changes) == written_each_on_its_own(changes)


def _calls_of_unmasked(monkeypatch: pytest.MonkeyPatch, changes: Sequence[Change]) -> Iterator[str]:
    taken: list[str] = []
    unmasked = json_plan._unmasked_in_sync_to_dict

    def counted(
        change: Change, ref_id: str | None, shapes: dict[tuple[Any, ...], dict[str, Any]]
    ) -> dict[str, Any]:
        taken.append(change.address)
        return unmasked(change, ref_id, shapes)

    monkeypatch.setattr(json_plan, "_unmasked_in_sync_to_dict", counted)
    list(_change_dicts(changes))
    yield from taken


TEXTS = st.lists(
    st.text(alphabet='abcXYZ012-_. /=%:@?"\\\n\t', max_size=8)
    | st.sampled_from(
        [
            *(SHORT, LONG, LONG[:20], LONG[10:30], QUOTED[3:17], "demo%2Dkey", SHORT.encode().hex()),
            *("Password: none", "Logger key: LG-42", "sa:pw@db.example", "Bearer "),  # views hide
        ]
    ),
    max_size=3,
).map("".join)
VALUES = st.dictionaries(
    st.sampled_from(["name", "url", "auth_token", "metrics", "location"]),
    TEXTS | st.integers() | st.none() | st.lists(st.dictionaries(st.just("unit"), TEXTS), max_size=2),
    max_size=3,
)
CHANGES = st.builds(
    lambda values, ref_id, live_id, reason, renamed: in_sync(
        values=values,
        ref_id=ref_id,
        live_id=live_id,
        reason=reason,
        live_ref_id=f"{ref_id}-old" if renamed and ref_id else ref_id,
    ),
    st.none() | VALUES,
    st.none() | TEXTS,
    st.none() | TEXTS | st.just("/api/A40199/node/2AD066/device"),
    st.just("in sync") | TEXTS,
    st.booleans(),
)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(CHANGES, max_size=4))
def test_any_changes_in_sync_are_written_as_each_on_its_own(held: str, changes: list[Change]) -> None:
    assert written(changes) == written_each_on_its_own(changes)
