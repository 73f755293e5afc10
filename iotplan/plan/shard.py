"""One shard's plan: its connections read, planned and fenced, the others never touched.

Which shard a live connection belongs to:
- one that a declared connection claims (its pinned id, its refId, or the refId it had before a
  `moved` rename) belongs to that declared connection's shard, duplicates and old copies too;
- a connection of the stack that no declared one claims (it left the manifest) belongs to the
  shard of the address its refId names: the shard that would hold it if it were declared again;
- a connection of another tool or stack is in no plan (iotplan reports nothing about it), and
  every shard sees it only as a name its creations must not collide with.
So everything a plan can report or change is reported by exactly one shard.

A shard is a fence, like --exclude of every other shard: its plan holds no change outside it,
so nothing outside it can be written. --target and --exclude narrow it further, and fence its
refusals as they fence one run's (plan/select.py `refusals_in_selection`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from fnmatch import fnmatchcase
from functools import cache, partial

from iotplan.errors import EmptySelectionError, NoSafePlanError, PlanError, SelectionError, UnreadProjectError
from iotplan.live import LiveState
from iotplan.live.read import ProjectScope
from iotplan.manifest.moves import Moves
from iotplan.plan.address import Address
from iotplan.plan.compare import SecretResolver
from iotplan.plan.coverage import Coverage, Shard
from iotplan.plan.desired import DesiredState, OtherNode, edge_addresses, edge_names, held_by, walk
from iotplan.plan.diff import make_plan, renamed_from
from iotplan.plan.model import Change, Plan, PlanOptions, Refusal, refused_addresses
from iotplan.plan.moved_readings import with_moved_readings_chosen
from iotplan.plan.ownership import Ownership
from iotplan.plan.renames import (
    left_out_by_another_shard,
    other_shards_changes,
    renamed_outside_the_selection,
    with_rename_hints_across_shards,
)
from iotplan.plan.select import (
    beside_a_refused_selection,
    counts_may_decide,
    moved_to,
    refusals_in_selection,
    select_changes,
    selectable,
    shown_option,
    unmatched_hint,
)
from iotplan.plan.traded_names import traded_across_shards


def shard_desired(desired: DesiredState, shard: Shard | None) -> DesiredState:
    """The manifest as the shard sees it: its connections, and the other shards' in brief.

    A desired state loaded for the shard (`load_desired(..., shard)`) already is one; the whole
    manifest's is split (a merged plan's apply plans each shard from it). One loaded for a shard
    never plans another part of the fleet: the connections it holds only in brief would read as
    left the manifest, and be planned for removal."""
    if desired.shard == shard:
        return desired
    if desired.shard is not None:
        raise PlanError(
            f"the manifest was loaded for shard {desired.shard} only; "
            f"it cannot plan {f'shard {shard}' if shard else 'the whole fleet'}"
        )
    assert shard is not None
    mine, elsewhere = held_by(shard, desired.nodes, desired.stack)
    return dataclasses.replace(desired, nodes=mine, shard=shard, elsewhere=elsewhere)


def shard_scopes(desired: DesiredState, shard: Shard | None) -> list[ProjectScope]:
    """What the shard reads: per project, only the connections it holds.

    The expected sizes stay the whole project's: a project's device and sensor lists answer for
    every shard's connections, so they are read only when cheaper than this shard's own reads.
    """
    local = shard_desired(desired, shard)
    if shard is None:
        return local.scopes()
    others = _OtherShards(local.elsewhere)
    return [
        dataclasses.replace(
            own,
            expected_devices=own.expected_devices + others.devices.get(own.project_id, 0),
            expected_sensors=own.expected_sensors + others.sensors.get(own.project_id, 0),
            elsewhere=others.claims.get(own.project_id, frozenset()) - (own.pinned_ids | own.ref_ids),
            holds=shard.holds,
        )
        for own in local.scopes()  # every project the manifest declares, another shard's too
    ]


class _OtherShards:
    """The other shards' connections, summed up per project."""

    def __init__(self, elsewhere: Sequence[OtherNode]) -> None:
        self.devices: dict[str, int] = {}
        self.sensors: dict[str, int] = {}
        claims: dict[str, set[str]] = {}
        for other in elsewhere:
            project = other.project_id
            self.devices[project] = self.devices.get(project, 0) + len(other.devices)
            self.sensors[project] = self.sensors.get(project, 0) + other.sensors
            claims.setdefault(project, set()).update(other.claims)
        self.claims = {project: frozenset(each) for project, each in claims.items()}


def make_shard_plan(
    desired: DesiredState,
    live: LiveState,
    options: PlanOptions,
    shard: Shard | None,
    *,
    resolve_secret: SecretResolver,
) -> Plan:
    """`desired` is the whole manifest or the shard's; `live` what the shard read."""
    # The fence's renames (`renamed_from`) are those of the readings chosen, as the plan's are.
    local, unsure = with_moved_readings_chosen(shard_desired(desired, shard), live)
    if shard is None:
        return make_plan(local, live, options, resolve_secret=resolve_secret, refused=unsure)
    unfenced = dataclasses.replace(options, targets=(), excludes=())
    fence = _Fence(options, local, live, shard)
    try:
        return fence.fenced(
            lambda: make_plan(local, live, unfenced, resolve_secret=resolve_secret, refused=unsure)
        )
    except UnreadProjectError as unread:  # resumed, the plan is fenced as well
        resume = unread.resume
        unread.resume = lambda: fence.fenced(resume)
        raise


@dataclasses.dataclass(frozen=True)
class _Selection:
    """--target and --exclude over one shard's changes: what they select, and the patterns that
    match here (a shard may hold none of what another's select)."""

    changes: list[Change]
    unmatched: tuple[str, ...]  # `--target 'x'` for each that matches nothing here
    excludes: tuple[str, ...]  # those that match here


@dataclasses.dataclass(frozen=True)
class _Fence:
    """The shard, and --target and --exclude within it, over its plan and its refusals."""

    options: PlanOptions
    local: DesiredState
    live: LiveState
    shard: Shard

    def fenced(self, make: Callable[[], Plan]) -> Plan:
        """The shard's plan of `make()`: only its changes, --target and --exclude within them.
        Refused, only by the refusals that selection does not fence off, as one run's plan is
        (plan/diff.py), and the plan its refusal carries (what drift reports) is the shard's too.
        Selected once, for the fence on the refusals and for the plan."""
        try:
            diffed, refusals = make(), []
        except NoSafePlanError as refused:
            diffed = refused.plan()  # refusals aside, with the creations withheld for them
            refusals = list(refused.refusals)
        diffed, elsewhere = self._hinted_across_shards(diffed)
        selection = cache(partial(self._selection, diffed.changes, refused_addresses(refusals)))
        across = traded_across_shards(
            diffed.changes,
            self.local.nodes,
            self.local.elsewhere,
            self.live.projects,
            Ownership(self.local.stack),
            refused=refused_addresses(refusals),
        )
        refusals = [
            *self._refusals([*refusals, *across], selection),
            *self._renamed_outside(diffed, elsewhere, selection),
        ]
        if refusals:
            raise NoSafePlanError(refusals, lambda: self._plan(diffed, selection())) from None
        return self._plan(diffed, selection())

    def _plan(self, plan: Plan, selection: _Selection) -> Plan:
        coverage = dataclasses.replace(Coverage.of(self.shard), unmatched=selection.unmatched)
        return dataclasses.replace(
            plan, changes=tuple(selection.changes), options=self.options, shard=coverage
        )

    def _selection(self, changes: Sequence[Change], refused: Sequence[Address]) -> _Selection:
        with counts_may_decide(changes):
            return _selected(changes, self.options, self.local, self.live, refused)

    def _refusals(
        self, refusals: Sequence[Refusal], selection: Callable[[], _Selection]
    ) -> Sequence[Refusal]:
        """Those the selection within the shard does not fence off. A --target only other shards'
        addresses match selects nothing here, as one naming what an apply removed does (no typo:
        `plan` refuses those); an --exclude that matches nothing here fences nothing off here."""
        options = self.options
        if not options.targets and not options.excludes:
            return refusals
        try:
            selected = selection()
        except EmptySelectionError:
            raise  # a typo: no refusal is why, and one elsewhere would hide it
        except SelectionError:  # refused all the same: the refusals, which may be why, come first
            return beside_a_refused_selection(refusals, options)
        within = dataclasses.replace(options, excludes=selected.excludes)
        return refusals_in_selection(refusals, lambda: selected.changes, within, renamed_from(self.local))

    def _hinted_across_shards(self, diffed: Plan) -> tuple[Plan, list[Change]]:
        """The shard's plan with its removals hinted as one run hints them over the whole fleet, and
        the other shards' connection changes that rule read, hinted too (plan/renames.py): a
        connection's removal and its look-alike creation may be two shards'."""
        own = Ownership(self.local.stack)
        others = other_shards_changes(diffed.changes, self.local.elsewhere, self.live.projects, own)
        if not others:  # the usual shard: nothing elsewhere to pair with
            return diffed, []
        changes, elsewhere = with_rename_hints_across_shards(diffed.changes, others)
        return dataclasses.replace(diffed, changes=tuple(changes)), elsewhere

    def _renamed_outside(
        self, diffed: Plan, elsewhere: Sequence[Change], selection: Callable[[], _Selection]
    ) -> list[Refusal]:
        """The creations selected here whose look-alike removal is left out: by --target or
        --exclude, as one run refuses them, or by the split, another shard's (`elsewhere`):
        applied alone, this shard would make the creation only (plan/renames.py)."""
        fenced = bool(self.options.targets or self.options.excludes)
        theirs = [change for change in elsewhere if change.looks_renamed_to is not None]
        if not fenced and not theirs:
            return []
        left_out_by = left_out_by_another_shard(theirs, self.shard)
        return renamed_outside_the_selection(
            lambda: selection().changes, [*diffed.changes, *theirs], left_out_by
        )


def _selected(
    changes: Sequence[Change],
    options: PlanOptions,
    desired: DesiredState,
    live: LiveState,
    refused: Sequence[Address],
) -> _Selection:
    """--target and --exclude within a shard. A pattern may match only other shards' addresses:
    that is no error here (merge refuses one that no shard matched), unless it matches nothing
    the manifest declares nor a connection another shard removes, which can only be a typo.
    `refused`: what the shard's refusals are about, matched here as one run matches them."""
    here = _addresses(changes) | {each for address in refused for each in selectable(address)}
    targets = [glob for glob in options.targets if _matches_any(glob, here)]
    excludes = tuple(glob for glob in options.excludes if _matches_any(glob, here))
    unmatched = tuple(
        shown_option(flag, glob)
        for flag, globs, matched in (
            ("target", options.targets, targets),
            ("exclude", options.excludes, excludes),
        )
        for glob in globs
        if glob not in matched
    )
    renames = renamed_from(desired)
    matched = [*targets, *excludes, *options.removed_targets]
    _refuse_typos(options, matched, desired, live, partial(_moved_anywhere, desired, changes, renames))
    if options.targets and not targets:
        return _Selection([], unmatched, excludes)  # this shard holds nothing that is targeted
    selected = select_changes(changes, targets, excludes, whole=False, refused=refused, renamed_from=renames)
    return _Selection(selected, unmatched, excludes)


def _moved_anywhere(
    desired: DesiredState, changes: Sequence[Change], renames: Mapping[Address, Address]
) -> dict[str, Address]:
    """The address each `moved` rename renames from, and the one it renames to, as one run offers
    them (plan/select.py `moved_to`): this shard's, and the other shards', whose entities this
    shard's `desired` holds in brief: the manifest's entries as written, and beneath a connection
    another shard renames, each device's and sensor's old address (`site-03/logger` → `clyde/logger`),
    lest the nearest in spelling, another site's, be offered for it."""
    written = {old: Address(new) for old, new in desired.moved}
    moves = Moves.of(desired.moved)
    theirs = (address for other in desired.elsewhere for address in other.addresses())
    beneath = {old: address for address in theirs if (old := moves.old_address(address)) != address}
    return {**written, **beneath, **moved_to(changes, renames)}


def _refuse_typos(
    options: PlanOptions,
    matched: list[str],
    desired: DesiredState,
    live: LiveState,
    moved: Callable[[], Mapping[str, Address]],
) -> None:
    """`desired` is the shard's: its own entities, and the other shards' keys; `live` what the
    shard read, which names the stack's connections other shards remove. `moved`: the address each
    rename renames from, offered its new one (`_moved_anywhere`), gathered only for a refusal."""
    flagged = [
        (flag, glob)
        for flag, globs in (("target", options.targets), ("exclude", options.excludes))
        for glob in globs
        if glob not in matched
    ]
    if not flagged:
        return  # every pattern matched here: no need to gather a million addresses
    declared = _declared(desired)
    removed = _removed_elsewhere(desired.stack, live)  # their devices only the shard removing them reads
    known = declared | removed
    unmatched = [(shown_option(flag, glob), glob) for flag, glob in flagged if not _matches_any(glob, known)]
    if unmatched:
        typos = [option for option, _ in unmatched]
        raise EmptySelectionError(
            f"{', '.join(typos)} matches no address in this shard's plan, in the manifest, nor of a "
            f"connection another shard removes ({unmatched_hint(unmatched, known, declared, moved())})",
            typos,
        )


def _declared(desired: DesiredState) -> set[Address]:
    """Every address the manifest declares, its THREADs' gateway settings too, with their ancestors."""
    declared = {entity.address for entity in walk(desired.nodes)}
    for node in desired.nodes:
        declared.update(edge_addresses(node.address, edge_names(node.edge)))
    declared.update(address for other in desired.elsewhere for address in other.addresses())
    declared |= {each for address in list(declared) for each in selectable(address)}
    return declared


def _removed_elsewhere(stack: str, live: LiveState) -> set[Address]:
    """The stack's connections the manifest no longer declares that other shards plan to remove."""
    own = Ownership(stack)
    return {
        own.address_from_ref(node) for project in live.projects.values() for node in project.held_elsewhere
    }


def _addresses(changes: Sequence[Change]) -> set[Address]:
    every = [address for change in changes for address in (change.address, *change.collateral)]
    return {each for address in every for each in selectable(address)}


def _matches_any(glob: str, addresses: set[Address]) -> bool:
    return any(fnmatchcase(address, glob) for address in addresses)


def shard_slice(plan: Plan, index: int) -> Plan:
    """A merged plan's part for one shard: what that shard's plan held."""
    assert plan.shard is not None
    coverage = plan.shard
    changes = tuple(c for c in plan.changes if coverage.shard_of_connection(c.connection) == index)
    return dataclasses.replace(plan, changes=changes, shard=Coverage(coverage.count, (index,)))
