"""A creation beside many unclaimed live siblings looks each check's candidate up in an index built
once for all of them (plan/copies.py `Candidates`), and finds what the scan of them all found: the
same refusal, byte for byte, naming the same candidate where several match. Compared, over generated
candidate sets, with that scan as it was (kept below), each set asked by several creations in turn,
as a parent's are."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.live import LiveEntity
from iotplan.manifest import derive_ref_id, fold_ref_id
from iotplan.manifest.addresses import FoldedAlike, owner_of
from iotplan.plan.address import Address
from iotplan.plan.compare import DEFAULT_TEMPLATES
from iotplan.plan.copies import (
    PLATFORM_CONNECTION_NAME,
    Candidates,
    SpeltSo,
    Standing,
    _adopt_as_written,
    _adoption,
    _at_another_stacks_address,
    _folded,
    _last_key,
    _no_name,
    _of_another_stack,
    _other_stack,
    _renamed,
    _renamed_in_case,
    _renamed_in_case_only,
    _renames_already,
    _unnamed_template,
    earlier_copy,
    rename_in_the_web_app,
    same_name,
    sensor_among_serial_less,
    standing_in_the_way,
)
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from iotplan.plan.ownership import Ownership, serial_text
from iotplan.plan.props import shown_serial
from iotplan.wording import live_quoted

OWN = Ownership("site")
KINDS = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)
# Keys and stacks that make every check match somewhere: this stack's entities where the one created
# goes, under another parent or key, in another case or encoding; another stack's at this address;
# another tool's refIds, none at all, or one with a `:` more.
KEYS = (("c1",), ("c1", "d1"), ("c1", "d1", "s1"), ("c2", "d1"), ("c2", "d1", "s1"), ("c1", "d2", "s1"))
SERIALS = (
    None,
    *(derive_ref_id(stack, *keys) for stack in ("site", "other") for keys in KEYS),
    "SITE:C1/D1/S1",
    "site:c1/d1/S1",
    "Site:C1",
    "site:c1/d1/s\u0301",
    "site:c1/d0/s1",
    "site:c1/D0/s1 ",
    "a:b:c1/d1",
    "x:site:c1/d1",
    "other:legacy",
    "SN-1",
)
NAMES = (None, "", "Logger", "logger ", "LOGGER", "Pre\u0301sa", "Pr\u00e9sa", 7, "platform's")
TEMPLATES = (None, "T1", "T2", "IMPORT_DEVICE_SDE", "GENERIC_SENSOR_SDE")


def _live(at: int, serial: str | None, name: object, template: str | None) -> LiveEntity:
    props: dict[str, object] = {}
    if serial is not None:
        props["SERIAL_NO"] = serial
    if name == "platform's":
        name = PLATFORM_CONNECTION_NAME.format(serial=serial)
    if name is not None:
        props["NAME"] = name
    if template is not None:
        props["INTEGRATION_ID"] = template
    return LiveEntity(f"/api/{at:06X}/entity", props)


def _desired(
    keys: tuple[str, ...], ref_id: str | None, old: str | None, name: str | None, template: str | None
) -> DesiredEntity:
    fields = {} if name is None else {"name": name}
    kind = KINDS[len(keys) - 1]
    ref_id = ref_id or derive_ref_id("site", *keys)
    return DesiredEntity.of(kind, keys, ref_id, "p1", fields, template, old_ref_id=old)


CREATIONS = st.lists(
    st.builds(
        _desired,
        st.sampled_from(KEYS),
        st.sampled_from((None, "SN-1", "other:c1/d1", "sn-1 ")),
        st.sampled_from((None, "site:c1/d0/s1", "SITE:C1/D0/S1", "site:c1/d1")),
        st.sampled_from(tuple(name for name in NAMES if name is None or isinstance(name, str))),
        st.sampled_from(TEMPLATES),
    ),
    min_size=1,
    max_size=5,
)


@st.composite
def _candidates(draw: st.DrawFn) -> list[LiveEntity]:
    """Up to 12 drawn from a few refIds, names and templates each, so that several match one check,
    and which of them the refusal names is put to the test."""
    serials, names, templates = (
        draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)) for pool in (SERIALS, NAMES, TEMPLATES)
    )
    drawn = st.tuples(st.sampled_from(serials), st.sampled_from(names), st.sampled_from(templates))
    return [_live(at, *each) for at, each in enumerate(draw(st.lists(drawn, max_size=12)))]


def _said(standing: Standing | None) -> tuple[str | None, str] | None:
    return None if standing is None else (standing.live.id if standing.live else None, standing.problem)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(live=_candidates(), creations=CREATIONS, adopt=st.sampled_from(("ref_id", "id")))
def test_each_creation_finds_in_the_index_what_the_scan_of_every_candidate_found(
    live: list[LiveEntity], creations: list[DesiredEntity], adopt: str
) -> None:
    indexed = Candidates(live)
    for entity in creations:
        scanned = _said(scanned_standing_in_the_way(entity, live, OWN, adopt))
        assert _said(standing_in_the_way(entity, indexed, OWN, adopt)) == scanned
        assert _said(standing_in_the_way(entity, live, OWN, adopt)) == scanned  # a list: indexed per call


# Each check with several candidates matching, the first of them the one to name (at 1, after one
# that check passes over): (keys, old refId, name), candidates (refId, NAME, template), what is said.
UNNAMED = "IMPORT_DEVICE_SDE"
SEVERAL_MATCH = {
    "in another case": (
        (("c1", "d1", "s1"), None, None),
        [("site:c1/d2/s1", "", None), ("SITE:C1/D1/S1", None, None), ("site:c1/d1/S1", None, None)],
        "differs from it only in case",
    ),
    "renamed from another case": (
        (("c1", "d1", "s1"), "site:c1/d0/s1", None),
        [("site:c1/d2/s2", None, None), ("site:c1/D0/s1 ", None, None), ("SITE:c1/d0/S1", None, None)],
        "its `moved` entry renames from",
    ),
    "at this address in another stack": (
        (("c1", "d1"), None, "Logger"),
        [("other:c1/d1", "Other", None), ("third:c1/d1", "logger ", None), ("other:c1/d1", "Logger", None)],
        "this address in stack 'third'",
    ),
    "left by a new parent key": (
        (("c2", "d1", "s1"), None, "Logger"),
        [("site:c2/d1/s5", "Logger", None), ("site:c3/d1/s7", "LOGGER", None), ("site:c1/d1/s1", None, None)],
        "likely c3 was renamed c2 without `moved`",
    ),
    "left by a new parent key, by key": (
        (("c2", "d1", "s1"), None, None),
        [("site:c2/d1/s5", None, None), ("site:c3/d1/s1", None, None), ("site:c1/d1/s1", None, None)],
        "likely c3 was renamed c2 without `moved`",
    ),
    "earlier copies named alike": (
        (("c1", "d1"), None, "Pr\u00e9sa"),
        [("SN-0", 7, None), ("SN-1", "Pre\u0301sa", None), ("SN-2", "PR\u00c9SA ", None)],
        "2 devices named 'Pr\u00e9sa' are not this stack's: /api/000001/entity",
    ),
    "unnamed copy": (
        (("c1", "d1"), None, None),
        [("other:c2/d2", None, UNNAMED), ("SN-1", "", UNNAMED), ("SN-2", None, UNNAMED)],
        "/api/000001/entity (IMPORT_DEVICE_SDE, an empty NAME",
    ),
    "unnamed of another stack": (
        (("c1", "d1"), None, None),
        [("other:c2/d2", None, UNNAMED), ("other:c2/d1", None, UNNAMED), ("third:c3/d1", None, UNNAMED)],
        "/api/000001/entity (IMPORT_DEVICE_SDE, no name, key 'd1') belongs to stack 'other'",
    ),
    "connection named by the platform": (
        (("c1",), None, None),
        [
            ("SN-0", "Data Source API Import SN-9", None),
            ("SN-1", "platform's", None),
            ("SN-2", "platform's", None),
        ],
        "/api/000001/entity named 'Data Source API Import SN-1' (1 more like it)",
    ),
}


@pytest.mark.parametrize("case", SEVERAL_MATCH)
def test_where_several_match_a_check_the_first_is_named_as_the_scan_named_it(case: str) -> None:
    (keys, old, name), candidates, said = SEVERAL_MATCH[case]
    live = [_live(at, *each) for at, each in enumerate(candidates)]
    entity = _desired(keys, None, old, name, None)
    standing = _said(standing_in_the_way(entity, Candidates(live), OWN, "ref_id"))
    assert standing == _said(scanned_standing_in_the_way(entity, live, OWN, "ref_id"))
    assert standing is not None and said in standing[1], standing
    assert "/api/000001/entity" in standing[1] and "/api/000000/entity" not in standing[1]


# The scan, as plan/copies.py had it before its look-ups were indexed (d71abad), kept to compare with.


def scanned_standing_in_the_way(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership, adopt: str
) -> Standing | None:
    """The live entity, among those where `entity` would be created that no declared entity claims,
    that makes creating it a likely mistake: None when there is none."""
    return (
        _in_another_case(entity, candidates, own, adopt)
        or _renamed_from_another_case(entity, candidates, own)
        or _at_this_address_in_another_stack(entity, candidates, own)
        or _left_by_a_new_parent_key(entity, candidates, own)
        or _likely_earlier_copy(entity, candidates, own, adopt)
    )


def _in_another_case(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership, adopt: str
) -> Standing | None:
    """A live entity where `entity` would be created, its refId the same but for case: perhaps the
    same entity to the platform, whose `new` would then reach it, and the plan's removal of it, as
    undeclared, take it. This stack's is most likely the entity re-keyed in case only, which `moved`
    renames with its history."""
    wanted = fold_ref_id(entity.ref_id)
    live = next((each for each in candidates if _folded(each.ref_id) == wanted), None)
    if live is None:
        return None
    alike = FoldedAlike(entity.ref_id, str(live.ref_id))
    head = (
        f"not found by its refId {alike.shown(entity.ref_id)}, but {entity.kind} {live.id} carries "
        f"{alike.shown(alike.other)}, which differs from it only in {alike.how}: the platform documents no "
        f"{alike.rule} for refIds, so it may take the two for one entity (docs/api-assumptions.md, A1++)."
    )
    if own.owns(live, entity.address.depth):
        return Standing(live, f"{head} {_renamed_in_case(own, live, entity.address)}")
    other = _other_stack(live.ref_id, entity.address.depth, own.stack)
    whose = _renamed_in_case_only(other) if other else _adopt_as_written(live, alike, adopt)
    return Standing(
        None, f"{head} {whose}, or give {entity.address} a refId that differs by more than {alike.folded}"
    )


def _at_this_address_in_another_stack(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership
) -> Standing | None:
    """Stack `other`'s entity at this very address, then at the one its `moved` entry renames it
    from, with the same name (or this one declares none): this stack is likely `other` renamed. A
    stack has no rename: its refIds name it, and `other` still owns all it made. Two stacks may use
    one key for different things (each key is its stack's own): named differently, they are let be."""
    name, prefix = entity.fields.get("name"), f"{own.stack}:"
    old = entity.old_ref_id if entity.old_ref_id and entity.old_ref_id.startswith(prefix) else None
    for address in (entity.address, *([Address(old.removeprefix(prefix))] if old else [])):
        here = f":{address}"
        for live in candidates:
            if not _folded(live.ref_id).endswith(fold_ref_id(here)):  # the cheap test first
                continue
            other = owner_of(live.ref_id, entity.address.depth)
            if name is not None and not same_name(live.props.get("NAME"), name):
                continue
            # Folded, as refIds are compared: `Dam-A` stands at `dam-a` (cr80 #3).
            if (
                other
                and other != own.stack
                and _folded(live.ref_id) == fold_ref_id(derive_ref_id(other, *address.parts))
            ):
                moved = None if address == entity.address else address
                return Standing(None, _at_another_stacks_address(entity, live, other, moved))
    return None


def _left_by_a_new_parent_key(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership
) -> Standing | None:
    """This stack's device or sensor, with the key or name of the one to create, whose refId names
    another parent than the one it is under: that parent likely took a new key without `moved`
    (a connection pinned by `id:` is found whatever its key), and creating would replace it."""
    parent, name = entity.address.parent, entity.fields.get("name")
    if parent is None:  # a connection: found by its refId or `id:` only
        return None
    for live in candidates:
        was = own.address_from_ref(live) if own.owns(live, entity.address.depth) else None
        was_under = was.parent if was else None
        if was is None or was_under is None or was_under == parent:
            continue
        if was.name == entity.address.name or (name and same_name(live.props.get("NAME"), name)):
            renamed, new = _renamed(was_under, parent)
            old = shown_serial(renamed)  # the refId's parent: a credential in it masked
            same = "with the same key" if was.name == entity.address.name else f"named {name!r}"
            found = (
                f"not found by its refId {entity.ref_id!r}, but this stack's {entity.kind} {live.id} "
                f"{same} is where it would go, with refId {shown_serial(live.ref_id)!r}"
            )
            replace = f"to replace it, first apply the manifest without {entity.address}, which removes it"
            if _renames_already(entity, renamed, new, own.stack):
                return Standing(
                    live,
                    f"{found}. `moved` renames {old} to {new} already, but reads {entity.address} from "
                    f"{entity.old_ref_id!r}: as its entry, `{{from: {shown_serial(was)}, to: "
                    f"{entity.address}}}` (its address on the platform now) keeps it and its history; "
                    f"{replace}",
                )
            return Standing(
                live,
                f"{found}: likely {old} was renamed {new} without `moved`. To keep it and its history, add "
                f"`moved: [{{from: {old}, to: {new}}}]`; {replace}",
            )
    return None


def _renamed_from_another_case(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership
) -> Standing | None:
    """Neither the refId nor the one its `moved` entry renames from is live, but one differing from
    the latter only as refIds are compared: to a platform that joins them, the entity to rename.
    Created beside it, it would be a second one where one renamed was meant."""
    if not entity.old_ref_id:
        return None
    wanted = fold_ref_id(entity.old_ref_id)
    live = next((each for each in candidates if _folded(each.ref_id) == wanted), None)
    if live is None:
        return None
    alike = FoldedAlike(entity.old_ref_id, str(live.ref_id))
    owned = own.owns(live, entity.address.depth)
    rename = (
        f"`moved: [{{from: {own.address_from_ref(live)}, to: {entity.address}}}]` renames it with its history"
        if owned
        else rename_in_the_web_app(SpeltSo().held_by(live, entity.kind), entity.ref_id)
    )
    return Standing(
        live if owned else None,
        f"not found by its refId, nor by {alike.shown(entity.old_ref_id)} its `moved` entry renames "
        f"from, but {entity.kind} {live.id} carries {alike.shown(alike.other)}, which differs from that "
        f"only in {alike.how}: the platform documents no {alike.rule} for refIds, so it may be the "
        f"{entity.kind} to rename (docs/api-assumptions.md, A1++). {rename}; iotplan does not create "
        f"{entity.address} beside it",
    )


def _likely_earlier_copy(
    entity: DesiredEntity, candidates: Sequence[LiveEntity], own: Ownership, adopt: str
) -> Standing | None:
    """An unmanaged entity that looks like one an earlier apply made on a platform that kept
    neither its refId nor what else identifies it."""
    unmanaged = [candidate for candidate in candidates if not own.owns(candidate, entity.address.depth)]
    lost = _sensor_that_may_have_lost_its_serial_no(entity, unmanaged)
    if lost is not None:
        return lost
    adopted = None if entity.ref_id.startswith(f"{own.stack}:") else entity.ref_id
    problem = (
        earlier_copy(
            entity.fields.get("name"),
            unmanaged,
            entity.kind,
            adopt,
            adopted,
            own.stack,
            depth=entity.address.depth,
        )
        or _unnamed_copy(entity, unmanaged, own.stack)
        or _unnamed_of_another_stack(entity, unmanaged, own.stack)
        or _connection_named_by_the_platform(entity, unmanaged)
    )
    return Standing(None, problem) if problem else None


def _sensor_that_may_have_lost_its_serial_no(
    entity: DesiredEntity, unmanaged: Sequence[LiveEntity]
) -> Standing | None:
    """The check added after the scan was indexed (a sensor of the declared one's template with no
    SERIAL_NO, where it would be created), its candidates found by scanning them all; each holds an
    unknown count here, as no connection was read."""
    template = entity.template or DEFAULT_TEMPLATES[entity.kind]
    if entity.kind is not Kind.SENSOR or template is None:
        return None
    serial_less = [live for live in unmanaged if not live.ref_id and live.template == template]
    return sensor_among_serial_less(entity, template, serial_less, SpeltSo())


def _unnamed_copy(entity: DesiredEntity, unmanaged: Sequence[LiveEntity], stack: str) -> str:
    """A device or sensor the manifest gives no name has no name to be recognised by: an unnamed
    one of its template, where it would be created, may be what an earlier apply made. One whose
    refId names another stack is that stack's, kept with its refId: no copy, and not to adopt (but
    see `_unnamed_of_another_stack`)."""
    template, depth = _unnamed_template(entity), entity.address.depth
    unnamed = _unnamed(unmanaged, template)
    found = next((e for e in unnamed if not _other_stack(e.ref_id, depth, stack)), None)
    if found is None:
        return ""
    return (
        f"not found by its refId, but {entity.kind} {found.id} ({template}, {_no_name(found)}, "
        f"{serial_text(found.ref_id)}) is where it would be created, and is not this stack's: likely an "
        "earlier copy on a platform that did not keep its refId (see docs/api-assumptions.md). "
        f"{_adoption(found, 'ref_id', 'give one of them a name')}"
    )


def _unnamed_of_another_stack(entity: DesiredEntity, unmanaged: Sequence[LiveEntity], stack: str) -> str:
    """Another stack's unnamed one of its template, whose refId ends in the key to create: most
    likely the same logger, that stack's manifest merged into this one. Created beside it, the feed
    would write to one and the history stay on the other; refused as the named case is."""
    template, depth = _unnamed_template(entity), entity.address.depth
    key = entity.address.name
    unnamed = _unnamed(unmanaged, template)
    found = next(
        (e for e in unnamed if _last_key(e.ref_id) == key and _other_stack(e.ref_id, depth, stack)), None
    )
    if found is None:
        return ""
    head = (
        f"not found by its refId, but {entity.kind} {found.id} ({template}, {_no_name(found)}, key {key!r})"
    )
    other = str(_other_stack(found.ref_id, depth, stack))
    return _of_another_stack(head, found, other, "ref_id", "give this one a name")


def _unnamed(unmanaged: Sequence[LiveEntity], template: str | None) -> Iterator[LiveEntity]:
    if template is not None:
        yield from (e for e in unmanaged if e.template == template and not e.props.get("NAME"))


def _connection_named_by_the_platform(entity: DesiredEntity, unmanaged: Sequence[LiveEntity]) -> str:
    """A connection still named as the platform names one it creates without props, after its own
    SERIAL_NO: what an earlier apply leaves on a platform that keeps neither a new connection's
    refId nor its props (docs/api-assumptions.md, A4), so nothing of it can be matched."""
    if entity.kind is not Kind.NODE:
        return ""
    named = [e for e in unmanaged if e.props.get("NAME") == PLATFORM_CONNECTION_NAME.format(serial=e.ref_id)]
    if not named:
        return ""
    found, more = named[0], f" ({len(named) - 1} more like it)" if len(named) > 1 else ""
    # The name holds the SERIAL_NO, anyone's text: masked as a refId is, a URL's password with it.
    name = live_quoted(PLATFORM_CONNECTION_NAME.format(serial=shown_serial(found.ref_id)))
    return (
        f"not found by its refId, but connection {found.id} named {name}{more} is "
        "not claimed, and its name is the one the platform gives a connection it creates without props: "
        "likely an earlier copy on a platform that kept neither its refId nor its props (see "
        f"docs/api-assumptions.md, A4). If it is this one, adopt it with `id: {found.id}`; otherwise rename "
        "or remove it in the platform's web app: no connection is created while one is left so named"
    )
