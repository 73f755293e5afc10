"""Removals that look like renames: a hint for the reviewer, never a write, and a refusal only where a
fence selects the creation and leaves the removal out (`renamed_outside_the_fence`).

A key renamed without a `moved` entry is planned as the removal of the old entity, its history with
it, and the creation of a new one: the likeliest way to lose history, and nothing in the plan said
so. A removal of the stack's own entity holding history names the creation it looks renamed to
(`Change.looks_renamed_to`) when, under the same parent (a connection's: its project), exactly one
creation of its kind looks like it and looks like no other such removal. Looks like it: the same
name, or the same template and the same keys beneath it. Paired one to one, so two removed sensors
named alike never point at one new one. On a THREAD `moved` is refused (ids, not refIds, find its
entities): none is hinted there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from iotplan.live import LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.coverage import Shard, shard_of
from iotplan.plan.model import Action, Cause, Change, Kind, Refusal
from iotplan.plan.ownership import Ownership
from iotplan.wording import live_text, observations

# (project id, parent address): a connection's parent is its project (""). Text, not an Address: a
# plan of 100,000 creations made as many Addresses to find a parent, most of a second.
_Parent = tuple[str, str]
_Looks = tuple[Any, ...]  # where it is, its kind, then its name or its template and the keys beneath it
_ENTITIES = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)
_REMOVE = Action.REMOVE  # read once: a member read through its class is a lookup each time


def with_rename_hints(changes: list[Change]) -> list[Change]:
    """`changes`, each removal that looks like a rename naming the creation it looks renamed to. A
    plan without a removal holding history (a fleet's no-op or cold plan) is given back as it is,
    after one pass; with one, only the creations beside it are indexed."""
    # Its first test read here: no call for the rest of a plan (a fleet's 111,100 changes, 20 ms);
    # `_hinted_removal` tests it again, so it stays right where it is called alone.
    removals = [change for change in changes if change.action is _REMOVE and _hinted_removal(change)]
    if not removals:
        return changes
    renames = _renames(removals, _creations_beside(removals, changes))
    if not renames:
        return changes
    return [
        replace(change, looks_renamed_to=renames[id(change)]) if id(change) in renames else change
        for change in changes
    ]


def with_rename_hints_merged(changes: Sequence[Change]) -> list[Change]:
    """The shards' changes joined (`iotplan merge`), hinted as one run's are: the split hashes
    connection addresses, so a connection's removal and the creation it looks renamed to may be two
    shards', and neither shard's plan could hint the pair. A shard's own hint to a creation the
    merged plan holds is found again over the whole, as one run finds it (a look-alike in another
    shard makes it no one's); one to a creation its fence left out is kept, as one run keeps it."""
    created = _created_hinted(changes)
    cleared = [
        replace(change, looks_renamed_to=None) if change.looks_renamed_to in created else change
        for change in changes
    ]
    return with_rename_hints(cleared)


def _created_hinted(changes: Sequence[Change]) -> set[Address]:
    """The creations a change's hint names that `changes` hold: none to look for in the usual plan."""
    hinted = {change.looks_renamed_to for change in changes if change.looks_renamed_to is not None}
    if not hinted:
        return set()
    return {
        change.address for change in changes if change.action is Action.CREATE and change.address in hinted
    }


# Where a creation's look-alike removal was left out, for its refusal: what left it out (after
# "whose removal"), and what shows the two together (after "or").
LeftOut = Callable[[Change], tuple[str, str]]


def _by_the_fence(removal: Change) -> tuple[str, str]:
    return (
        "--target/--exclude leaves out",
        f"plan without --target/--exclude, which shows the removal of {removal.address} beside this creation "
        "(--allow-destroy guards its history)",
    )


def renamed_outside_the_fence(
    selected: Sequence[Change], diffed: Sequence[Change], left_out_by: LeftOut = _by_the_fence
) -> list[Refusal]:
    """A creation a fence (--target, --exclude, within a shard too; a shard of a merged plan applied
    alone: `left_out_by`) selects, whose look-alike removal (`looks_renamed_to`) it leaves out: most
    likely a manifest older than the platform, from before a `moved` rename was applied, which would
    make a second entity beside the renamed one, with nothing to show it. Unfenced, the two are
    planned together, the removal hinted and guarded by --allow-destroy: the way out the refusal names."""
    hinted = [change for change in diffed if change.looks_renamed_to is not None]
    if not hinted:  # the usual plan: no removal looks renamed
        return []
    chosen = {id(change) for change in selected}
    left_out = {removal.looks_renamed_to: removal for removal in hinted if id(removal) not in chosen}
    return [
        Refusal(change.address, _created_beside_its_rename(change, left_out[change.address], left_out_by))
        for change in selected
        if change.action is Action.CREATE and change.address in left_out
    ]


def _created_beside_its_rename(creation: Change, removal: Change, left_out_by: LeftOut) -> str:
    held = observations(removal.observations, removal.observations_unknown)
    return _beside(
        creation.address,
        removal.address,
        f"#{LiveEntity(str(removal.live_id), {}).short_id}, holding {held}",
        *left_out_by(removal),
    )


def _beside(created: Address, removed: Address, held: str, left_out: str, both: str) -> str:
    return (
        f"{created}: would be created beside the stack's own {removed} ({held}), which looks like "
        f"{created} renamed, and whose removal {left_out}: both would stand. The manifest may be older "
        "than the platform (a `moved` rename applied since): pull it and plan again; or "
        f"{both}; to keep both, declare {removed} in the manifest"
    )


def created_beside_another_shards_removal(
    selected: Sequence[Change], elsewhere: Mapping[str, Sequence[LiveEntity]], own: Ownership, shard: Shard
) -> list[Refusal]:
    """A connection a shard creates (`selected`), named as a connection of the stack's that no
    manifest declares is, holding history (or an unknown count), and that another shard holds
    (`elsewhere`: by project, `LiveProject.held_elsewhere`, from the connection list every shard
    reads): one run would hint its removal as this creation's rename. The shard planning alone
    never sees both; applied alone (a CI matrix of shards, each applying its own plan) it would make
    a second connection for one site. Alike by name, as one run finds a connection alike (its
    template and the keys beneath it would need its devices read); where several look alike, each
    is refused: which is which no rule guesses. A pair this misses (a count of 0 on the list) is
    hinted by `merge` (`with_rename_hints_merged`), whose apply by --shard refuses it."""
    held = {
        (project, entity.props.get("NAME")): entity
        for project, entities in elsewhere.items()
        for entity in entities
        if own.owns(entity, 0) and entity.observations != 0 and entity.props.get("NAME")
    }
    if not held:  # the usual shard: no connection of the stack left the manifest elsewhere
        return []
    created = [
        (change, held.get((change.project_id, (change.after or {}).get("name"))))
        for change in selected
        if change.action is Action.CREATE and change.kind is Kind.NODE and not change.on_thread
    ]
    return [
        Refusal(change.address, _created_beside_elsewhere(change, live, own, shard))
        for change, live in created
        if live is not None
    ]


def _created_beside_elsewhere(creation: Change, live: LiveEntity, own: Ownership, shard: Shard) -> str:
    removed = own.address_from_ref(live)
    count = live.observations
    held = f"{live_text(live.id)}, holding {observations(count or 0, count is None)}"
    removing = Shard(shard_of(removed, shard.count), shard.count)
    left_out = f"shard {removing} plans, not this shard {shard} (the two are named alike)"
    both = (
        f"plan without --shard, which shows the removal of {removed} beside this creation (--allow-destroy "
        f"guards its history); or, if {creation.address} is {removed} renamed, say so with "
        f"`moved: [{{from: {removed}, to: {creation.address}}}]`"
    )
    return _beside(creation.address, removed, held, left_out, both)


def _hinted_removal(change: Change) -> bool:
    """The stack's own entity, no longer declared, holding history (or an unknown count)."""
    return (
        change.action is Action.REMOVE
        and change.cause is Cause.NOT_IN_MANIFEST
        and change.holds_data
        and change.kind in _ENTITIES
        and not change.on_thread
    )


def _creations_beside(removals: list[Change], changes: list[Change]) -> dict[_Parent, list[Change]]:
    """By their parent, the creations under the removals' parents and those one level under each of
    them: what they look like by. The rest of a plan of 100,000 creations is not indexed."""
    parents = {_parent(removal) for removal in removals}
    created = [
        (_parent(change), change)
        for change in changes
        if change.action is Action.CREATE and change.kind in _ENTITIES and not change.on_thread
    ]
    wanted = parents | {_own(change) for parent, change in created if parent in parents}
    found: dict[_Parent, list[Change]] = {}
    for parent, change in created:
        if parent in wanted:
            found.setdefault(parent, []).append(change)
    return found


def _renames(removals: list[Change], created: dict[_Parent, list[Change]]) -> dict[int, Address]:
    """By the removal's id(), the address of the one creation it looks like, by its name first,
    else by its template and the keys beneath it: one no other removal looks like that way, and
    that no other removal is paired with."""
    sought = {id(removal): _looks(removal, removal.before, _keys_beneath(removal)) for removal in removals}
    found = _Lookalikes.beside({_parent(removal) for removal in removals}, created, sought)
    paired = {removal: found.the_one(looks) for removal, looks in sought.items()}
    taken = Counter(id(creation) for creation in paired.values() if creation is not None)
    return {
        removal: creation.address
        for removal, creation in paired.items()
        if creation is not None and taken[id(creation)] == 1
    }


@dataclass
class _Lookalikes:
    """The creations beside the removals by what each looks like, and which removals look like
    what: found by look-ups, never pair by pair. A fleet whose connections all hold devices `d0` to
    `d4` looks alike in each, and 3,600 renamed at once, compared pairwise, took seconds."""

    creations: dict[_Looks, list[Change]] = field(default_factory=dict)
    seekers: Counter[_Looks] = field(default_factory=Counter)  # how many removals look so

    @classmethod
    def beside(
        cls, parents: set[_Parent], created: dict[_Parent, list[Change]], sought: dict[int, list[_Looks]]
    ) -> _Lookalikes:
        found = cls()
        for creation in (each for parent in parents for each in created.get(parent, ())):
            beneath = frozenset(each.address.name for each in created.get(_own(creation), ()))
            for looks in _looks(creation, creation.after, beneath):
                found.creations.setdefault(looks, []).append(creation)
        found.seekers.update(looks for all_looks in sought.values() for looks in all_looks)
        return found

    def the_one(self, looks: list[_Looks]) -> Change | None:
        """The creation that alone looks like the removal alone in the first of its `looks` that
        any creation has, or None: where two look alike, which is which no rule guesses."""
        for alike in looks:
            creations = self.creations.get(alike, ())
            if creations:
                return creations[0] if len(creations) == 1 and self.seekers[alike] == 1 else None
        return None


def _looks(change: Change, fields: dict[str, Any] | None, beneath: frozenset[str]) -> list[_Looks]:
    """What an entity looks like beside its siblings: its name, if it has one; its template with
    the keys beneath it, if it has any."""
    where = (*_parent(change), change.kind)
    name = (fields or {}).get("name")
    looks: list[_Looks] = [(*where, "name", name)] if isinstance(name, str) and name else []
    return [*looks, (*where, change.template, beneath)] if beneath else looks


def _parent(change: Change) -> _Parent:
    return change.project_id, change.address.parent_text or ""


def _own(change: Change) -> _Parent:
    """Where the changes beneath it are indexed."""
    return change.project_id, change.address


def _keys_beneath(removal: Change) -> frozenset[str]:
    """The keys of the entities one level beneath a removed one: its collateral, which it takes."""
    depth = removal.depth + 1
    return frozenset(each.name for each in removal.collateral if each.depth == depth)
