"""Removals that look like renames: a hint for the reviewer, never a write, and a refusal only where a
fence selects the creation and leaves the removal out (`renamed_outside_the_fence`): --target,
--exclude, or a shard's split, the removal another shard's (`with_rename_hints_across_shards`).

A key renamed without a `moved` entry is planned as the removal of the old entity, its history with
it, and the creation of a new one: the likeliest way to lose history, and nothing in the plan said
so. A removal of the stack's own entity holding history names the creation it looks renamed to
(`Change.looks_renamed_to`) when, under the same parent (a connection's: its project), exactly one
creation of its kind looks like it and looks like no other such removal. Looks like it: the same
name, or the same template and the same keys beneath it; a connection, which declares no template, by
its name alone (fleets share device keys, `d0` to `d9`: a site retired and another added would pair).
Paired one to one, so two removed sensors
named alike never point at one new one. On a THREAD `moved` is refused (ids, not refIds, find its
entities): none is hinted there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from iotplan.errors import PlanError
from iotplan.live import LiveEntity, LiveProject
from iotplan.live.model import short_id
from iotplan.plan.address import Address
from iotplan.plan.coverage import Shard, shard_of
from iotplan.plan.desired import OtherNode
from iotplan.plan.model import Action, Cause, Change, Kind, Refusal
from iotplan.plan.ownership import Ownership
from iotplan.wording import observations

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
    shard makes it no one's), its doubt over the look-alikes another shard removes with it: the whole
    counts them (`named_alike_elsewhere`); one to a creation its fence left out is kept, as one run
    keeps it, its doubt settled by the counts the whole reads (`_doubt_settled`)."""
    created = _created_hinted(changes)
    removed = {change.address: change for change in changes if change.action is _REMOVE}
    cleared = [
        replace(change, looks_renamed_to=None, named_alike_elsewhere=())
        if change.looks_renamed_to in created
        else _doubt_settled(change, removed)
        for change in changes
    ]
    return with_rename_hints(cleared)


def _doubt_settled(change: Change, removed: Mapping[Address, Change]) -> Change:
    """A shard's hint to a creation its fence left out, with its doubt over the look-alikes another
    shard removes, as one run words it: the merged plan counts each look-alike it holds; one holding
    history makes the pair no one's, as in one run, and one holding nothing is no doubt. A look-alike
    the merged plan does not hold (its shard's fence left it out) stays one to check."""
    if not change.named_alike_elsewhere:  # the usual change
        return change
    counted = [address for address in change.named_alike_elsewhere if address in removed]
    if any(_hinted_removal(removed[address]) for address in counted):
        return replace(change, looks_renamed_to=None, named_alike_elsewhere=())
    unread = tuple(address for address in change.named_alike_elsewhere if address not in removed)
    return replace(change, named_alike_elsewhere=unread)


def _created_hinted(changes: Sequence[Change]) -> set[Address]:
    """The creations a change's hint names that `changes` hold: none to look for in the usual plan."""
    hinted = {change.looks_renamed_to for change in changes if change.looks_renamed_to is not None}
    if not hinted:
        return set()
    return {
        change.address for change in changes if change.action is Action.CREATE and change.address in hinted
    }


# A creation's refusal, whose look-alike removal (the second) a fence leaves out: says what left it
# out, and what shows the two together.
LeftOut = Callable[[Change, Change], str]


def _by_the_fence(creation: Change, removal: Change) -> str:
    return (
        f"{_beside(creation.address, removal.address, _held_by(removal))}, and whose "
        "removal --target/--exclude leaves out: both would stand. The manifest may be older than the "
        "platform (a `moved` rename applied since): pull it and plan again; or plan without "
        f"--target/--exclude, which shows the removal of {removal.address} {_guarded_beside(removal.address)}"
    )


def renamed_outside_the_fence(
    selected: Sequence[Change], diffed: Sequence[Change], left_out_by: LeftOut = _by_the_fence
) -> list[Refusal]:
    """A creation a fence (--target, --exclude, within a shard too; a shard's own split, for another
    shard's removal; a shard of a merged plan applied alone: `left_out_by`) selects, whose look-alike
    removal (`looks_renamed_to`) it leaves out: most likely a manifest older than the platform, from
    before a `moved` rename was applied, which would make a second entity beside the renamed one,
    with nothing to show it. Unfenced, the two are planned together, the removal hinted and guarded
    by --allow-destroy: the way out the refusal names."""
    hinted = [change for change in diffed if change.looks_renamed_to is not None]
    if not hinted:  # the usual plan: no removal looks renamed
        return []
    chosen = {id(change) for change in selected}
    left_out = {removal.looks_renamed_to: removal for removal in hinted if id(removal) not in chosen}
    return [
        Refusal(change.address, left_out_by(change, left_out[change.address]))
        for change in selected
        if change.action is Action.CREATE and change.address in left_out
    ]


def renamed_outside_the_selection(
    selection: Callable[[], Sequence[Change]], diffed: Sequence[Change], left_out_by: LeftOut = _by_the_fence
) -> list[Refusal]:
    """`renamed_outside_the_fence` of what `selection` selects. A selection refused for its own
    reason makes none: that reason is told instead."""
    try:
        selected = selection()
    except PlanError:
        return []
    return renamed_outside_the_fence(selected, diffed, left_out_by)


def _beside(created: Address, removed: Address, held: str) -> str:
    return (
        f"{created}: would be created beside the stack's own {removed} ({held}), which looks like "
        f"{created} renamed"
    )


def _held_by(removal: Change) -> str:
    """`#4D80F1, holding 1,000 observations`: the live look-alike named by its short id, as other
    refusals name one, not its API path."""
    held = observations(removal.observations, removal.observations_unknown)
    return f"#{short_id(str(removal.live_id))}, holding {held}"


def _guarded_beside(removed: Address) -> str:
    """The refusals' last ways out: the removal planned beside its creation, guarded; or both kept."""
    return f"beside this creation (--allow-destroy guards its history); {_keep_both(removed)}"


def _keep_both(removed: Address) -> str:
    return f"to keep both, declare {removed} in the manifest"


def _moved(removed: Address, created: Address) -> str:
    return f"`moved: [{{from: {removed}, to: {created}}}]`"


def beside_its_rename_in_a_merged_plan(creation: Change, removal: Change, holder: Shard, asked: Shard) -> str:
    """A creation of a merged plan's shard `asked` applied alone, whose look-alike removal `holder`'s
    part holds. That shard applied first removes it; this merged plan, made before, holds the pair
    still, so this shard is then planned anew."""
    created, removed = creation.address, removal.address
    return (
        f"{_beside(created, removed, _held_by(removal))}, and whose removal shard "
        f"{holder} of this merged plan holds, not this apply (--shard {asked}): applied alone, it would "
        f"leave both standing. If {created} is {removed} renamed, say so with {_moved(removed, created)} "
        f"and plan again; if it is another site, apply --shard {holder} first (--allow-destroy guards the "
        f"history), then plan shard {asked} again and apply that plan (this merged plan holds the pair "
        "and refuses it still); or apply the merged plan whole (without --shard), which makes the removal "
        f"{_guarded_beside(removed)}"
    )


def with_rename_hints_across_shards(
    changes: Sequence[Change], elsewhere: Sequence[Change]
) -> tuple[list[Change], list[Change]]:
    """One shard's changes hinted as one run's are, over the whole fleet: `elsewhere` holds the other
    shards' connection changes a shard knows at no request more (`other_shards_changes`). The split
    hashes connection addresses, so a connection's removal and the creation it looks renamed to may be
    two shards'; a look-alike in another shard makes a pair within this one no one's. The shard's
    connection removals are hinted afresh (devices and sensors keep theirs: their parent is here), and
    so are the other shards' removals, for `renamed_outside_the_fence` to refuse a creation here whose
    look-alike removal another shard plans. Both halves given back: the shard's, then `elsewhere`."""
    if not elsewhere:
        return list(changes), []
    cleared = [
        replace(change, looks_renamed_to=None)
        if change.kind is Kind.NODE and change.looks_renamed_to is not None
        else change
        for change in changes
    ]
    hinted = with_rename_hints([*cleared, *elsewhere])
    mine, theirs = hinted[: len(changes)], hinted[len(changes) :]
    return _hinted_beside_uncounted(mine, cleared, elsewhere), theirs


def _hinted_beside_uncounted(
    mine: list[Change], cleared: list[Change], elsewhere: Sequence[Change]
) -> list[Change]:
    """`mine`, with the pairs this shard holds both halves of hinted as one run hints them where the
    other shards' removals named alike hold nothing: the connection list gives no count, so those
    are taken as holding history, two look-alikes then, and a rename one run hints went unsaid. The
    hint names them, for the reviewer to check which is the rename. A pair split across shards is
    left as it is (its creation's shard refuses it)."""
    removed = [change for change in elsewhere if change.action is _REMOVE]
    if not removed:
        return mine
    created = [change for change in elsewhere if change.action is not _REMOVE]
    alone = with_rename_hints([*cleared, *created])[: len(mine)]
    here = {change.address for change in mine if change.action is Action.CREATE}
    return [
        _doubted(change, hinted.looks_renamed_to, removed)
        if change.looks_renamed_to is None and hinted.looks_renamed_to in here
        else change
        for change, hinted in zip(mine, alone, strict=True)
    ]


def _doubted(removal: Change, created: Address | None, removed: Sequence[Change]) -> Change:
    name = (removal.before or {}).get("name")
    alike = tuple(change.address for change in removed if (change.before or {}).get("name") == name)
    return replace(removal, looks_renamed_to=created, named_alike_elsewhere=alike)


def other_shards_changes(
    changes: Sequence[Change],
    others: Sequence[OtherNode],
    projects: Mapping[str, LiveProject],
    own: Ownership,
) -> list[Change]:
    """The other shards' connection changes that may pair with one here as a rename, as far as a
    shard knows them from the manifest's brief (`OtherNode`: its name) and the connection list every
    shard reads whole (no request more): the stack's undeclared connections they remove
    (`held_elsewhere`: named, holding an unknown number of observations, as one run takes a count
    not given: the list carries none), and the declared connections they create (all their claims
    unlisted: `unlisted_elsewhere`); a connection pairs by its name alone. None where neither
    side is there to pair: the usual shard, no connection of the stack left the manifest."""
    removed = [
        _removed_elsewhere(entity, project.id, own)
        for project in projects.values()
        for entity in project.held_elsewhere
        if own.owns(entity, 0)
    ]
    if not removed and not any(_hinted_removal(change) and change.kind is Kind.NODE for change in changes):
        return []
    return [*removed, *_created_elsewhere(others, projects)]


# Said of a change only another shard plans: never shown, read by the rename rule alone.
_ELSEWHERE = "planned by another shard"


def _removed_elsewhere(entity: LiveEntity, project_id: str, own: Ownership) -> Change:
    address = own.address_from_ref(entity)
    name = entity.props.get("NAME")
    return Change(
        address,
        Kind.NODE,
        Action.REMOVE,
        project_id,
        address,
        _ELSEWHERE,
        Cause.NOT_IN_MANIFEST,
        ref_id=entity.ref_id,
        live_id=entity.id,
        before={"name": name} if isinstance(name, str) else {},
        observations_unknown=True,
    )


def _created_elsewhere(others: Sequence[OtherNode], projects: Mapping[str, LiveProject]) -> Iterator[Change]:
    """The other shards' API connections that no listed connection carries a claim of."""
    for other in others:
        project = projects.get(other.project_id)
        unlisted = project.unlisted_elsewhere if project is not None else frozenset()
        if unlisted and not other.thread and all(claim in unlisted for claim in other.claims):
            yield _created(other)


def _created(other: OtherNode) -> Change:
    node = Address(other.key)
    after = {"name": other.name} if other.name else {}
    return Change(
        node, Kind.NODE, Action.CREATE, other.project_id, node, _ELSEWHERE, Cause.NOT_ON_PLATFORM, after=after
    )


def left_out_by_another_shard(elsewhere: Sequence[Change], shard: Shard) -> LeftOut:
    """A shard's refusals: of a creation whose look-alike removal another shard plans (one of
    `elsewhere`), or --target/--exclude leaves out (`_by_the_fence`)."""
    theirs = {id(change) for change in elsewhere}

    def left_out_by(creation: Change, removal: Change) -> str:
        if id(removal) not in theirs:
            return _by_the_fence(creation, removal)
        return _beside_another_shards_removal(creation, removal, shard)

    return left_out_by


def _beside_another_shards_removal(creation: Change, removal: Change, shard: Shard) -> str:
    created, removed = creation.address, removal.address
    removing = Shard(shard_of(removed, shard.count), shard.count)
    held = (
        f"#{short_id(str(removal.live_id))}, holding an unknown number of observations: "
        "the connection list carries no count"
    )
    return (
        f"{_beside(created, removed, held)} (the two are named alike), and whose removal shard {removing} "
        f"plans, not this shard {shard}: applied alone, this shard would leave both standing. If {created} "
        f"is {removed} renamed, say so with {_moved(removed, created)} (or pull the manifest: it may be "
        f"older than a `moved` rename applied since); if it is another site, apply shard {removing} "
        f"first, which removes {removed} (--allow-destroy if it holds history), then this shard; plan "
        f"without --shard to see the two together; {_keep_both(removed)}"
    )


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
    the keys beneath it, if it has any (a connection: its name alone)."""
    where = (*_parent(change), change.kind)
    name = (fields or {}).get("name")
    looks: list[_Looks] = [(*where, "name", name)] if isinstance(name, str) and name else []
    # A connection declares no template, and fleets give every site the same device keys (d0 to
    # d9): by those, a site retired and another added would pair, history hinted onto the new one.
    return [*looks, (*where, change.template, beneath)] if beneath and change.kind is not Kind.NODE else looks


def _parent(change: Change) -> _Parent:
    return change.project_id, change.address.parent_text or ""


def _own(change: Change) -> _Parent:
    """Where the changes beneath it are indexed."""
    return change.project_id, change.address


def _keys_beneath(removal: Change) -> frozenset[str]:
    """The keys of the entities one level beneath a removed one: its collateral, which it takes."""
    depth = removal.depth + 1
    return frozenset(each.name for each in removal.collateral if each.depth == depth)


def rename_phrase(change: Change) -> str:
    """A removal that looks like a key renamed without `moved`: a hint, not a refusal, as the plan and
    drift word it."""
    assert change.looks_renamed_to is not None
    return renamed_phrase(change.address, change.looks_renamed_to, change.named_alike_elsewhere)


def renamed_phrase(removed: Address, created: Address, named_alike_elsewhere: Sequence[Address] = ()) -> str:
    """`rename_phrase` of a removal at `removed` looking renamed to `created`: a merged drift report's
    orphan, paired over the whole, is worded by it too (plan/drift_entries.py)."""
    moved = f"moved: [{{from: {removed}, to: {created}}}]"
    hint = f"looks like a rename to {created}: to keep its history, add `{moved}`"
    if not named_alike_elsewhere:
        return hint
    alike = ", ".join(str(address) for address in named_alike_elsewhere)
    return (
        f"{hint}; but another shard removes {alike}, named alike, whose count this shard cannot read (the "
        f"connection list carries none): if it holds history, check which is {created}'s "
        "old key"
    )
