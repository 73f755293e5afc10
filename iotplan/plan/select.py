"""--target and --exclude: hard fences over addresses (globs).

- An excluded address, and everything under it, is never changed, nor destroyed as a side effect,
  nor cut off: a selected gateway port setting that stops an excluded THREAD logger's readings is
  refused, on the port the platform records the logger on and on the one its fenced-off move
  declares.
- --target fences no such thing: a logger left out of it is only not changed. A selected port
  setting's line names the loggers on its port once the selected writes are made, as a targeted
  removal names what it takes with it; a logger whose move is left out is named on the port the
  platform records it on and on the one its move declares, as one the setting may cut off: its cable
  may be on either.
- A targeted address comes with everything under it. Its ancestors come only to be created (a
  child cannot exist without its parent), never to be updated: an ancestor's update outside the
  selection is kept out of the writes.
- When a selected change cannot be made without one outside the selection (a removal or
  replacement that would destroy an excluded entity, a target under a replaced parent or among
  what a removal takes with it, a THREAD sensor left on one channel with a sibling whose move off it
  the selection leaves out, part of what a `moved` rename rewrites without the rest), the plan is
  refused and says which.
- A pattern that matches nothing is an error: a typo must not read as "no changes". So is a
  selection --exclude empties of everything --target picked, though each pattern matches something.
  One that matches only what a refusal is about (a logger or sensor refused has no change) is no
  typo: --target it and the refusal is told, --exclude it and the refusal is fenced off.
- A refusal fences the same way: one about an address outside the selection, that no selected write
  lies above or beneath, concerns only changes that will not be made, and refuses nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from fnmatch import fnmatchcase

from iotplan.errors import EmptySelectionError, PlanError, SelectionError
from iotplan.look_alikes import escaped, look_alike
from iotplan.manifest.addresses import fold_ref_id
from iotplan.plan.address import SEPARATOR, Address
from iotplan.plan.compare import old_address
from iotplan.plan.edge import EXCLUDED, LEFT_OUT, cut_off_port, noting_loggers_cut_off_anew
from iotplan.plan.guards import LISTED
from iotplan.plan.model import DESTROYING, Action, Cause, Change, Kind, PlanOptions, Refusal
from iotplan.plan.thread import (
    channel_held,
    channel_written,
    channels_shared,
    move_doubt,
    ports_standing,
)
from iotplan.secrets import shown_live
from iotplan.wording import did_you_mean, first, first_lines

OUTSIDE = "outside the selection (--target): not changed"
# What fnmatch reads as other than itself: a glob's text before the first of them is literal.
_WILDCARD = re.compile(r"[*?\[]")
# A set's `]` too: the text after the last of these is outside any set, so it is literal.
_WILDCARD_OR_SET_END = re.compile(r"[*?\[\]]")
# A gateway port's setting (plan/edge.py): `t1/edge/port1.power`, its port `t1/edge/port1`.
_PORT_SETTING = re.compile(r"([^/]+/edge/port[0-9]+)\.[^/]+")


def select_changes(
    changes: Sequence[Change],
    targets: Sequence[str],
    excludes: Sequence[str],
    whole: bool = True,
    removed: Collection[str] = (),
    refused: Collection[Address] = (),
    renamed_from: Mapping[Address, Address] | None = None,
) -> list[Change]:
    """`whole`: the changes are the whole plan's, so an empty selection is an error; a shard's may
    hold none of what the others select. `removed`: an apply's verifying plan's targets that named
    what the apply removed; once it is gone they select nothing, which is the removal verified.
    `refused`: the addresses the plan's refusals are about: a target of one selects its refusal
    (`refusals_in_selection`), though no change. `renamed_from`: the address each of the manifest's
    `moved` entries renames to, and the one it renames from (plan/diff.py `renamed_from`)."""
    if not targets and not excludes:
        return list(changes)
    kept = [glob for glob in targets if glob not in removed]
    _refuse_unmatched(changes, kept, excludes, refused, moved_to(changes, renamed_from or {}))
    fenced_off = [change.address for change in changes if _matches_self_or_ancestor(change.address, excludes)]
    excluded = set(fenced_off)
    chosen = [change for change in changes if change.address not in excluded]
    # Targets first: an excluded entity matters only to a removal the selection makes.
    selected = _targeted(chosen, targets) if targets else chosen
    if (
        whole
        and targets
        and not selected
        and not removed
        and not _targets_a_refusal(refused, targets, excludes)
    ):
        _refuse_empty(targets, excludes)
    _refuse_destroying_excluded(selected, fenced_off, excludes)
    standing, doubted = _loggers_standing(changes, selected)
    _refuse_cutting_off_excluded(selected, excludes, standing, doubted)
    _refuse_channels_left_taken(changes, selected, excludes)
    _refuse_moves_split(changes, selected)
    doubts = {address: move_doubt(logger, LEFT_OUT) for address, logger in doubted.items()}
    return [
        noting_loggers_cut_off_anew(change, standing.get(change.address.connection, {}), doubts)
        for change in selected
    ]


def _loggers_standing(
    changes: Sequence[Change], selected: Sequence[Change]
) -> tuple[dict[str, dict[int, list[Change]]], dict[Address, Change]]:
    """On each connection where a selected port setting cuts off the loggers on its port, its THREAD
    loggers by each port they may stand on once the selected writes are made (plan/thread.py
    `ports_standing`): those the setting's line names (plan/edge.py `noting_loggers_cut_off_anew`).
    And, by address, the loggers that may stand on either of two ports: their move is left out."""
    cutting = {change.address.connection for change in selected if cut_off_port(change) is not None}
    if not cutting:  # nearly every selection: the plan is not walked again
        return {}, {}
    written = {change.address for change in selected if change.action.writes}
    standing: dict[str, dict[int, list[Change]]] = {}
    doubted: dict[Address, Change] = {}
    for change in changes:
        if change.kind is not Kind.DEVICE or change.address.connection not in cutting:
            continue
        ports = ports_standing(change, change.address in written)
        for port in ports:
            standing.setdefault(change.address.connection, {}).setdefault(port, []).append(change)
        if len(ports) > 1:
            doubted[change.address] = change
    return standing, doubted


def refusals_in_selection(
    refusals: Sequence[Refusal],
    selection: Callable[[], Sequence[Change]],
    options: PlanOptions,
    renamed_from: Mapping[Address, Address],
) -> list[Refusal]:
    """The refusals a selected change could be affected by: all but those whose address is outside
    the selection and neither above nor beneath a selected write (nor that write itself, for one about
    its entity's write alone: `Refusal.its_write_alone`). One with no address stays, so does
    one about an entity inside the selection beside its address (`Refusal.about_also`), or about
    a live one a selected write goes to (a removal of the sensors of a device that lost its
    SERIAL_NO, which are the refused device's once it is set back: `Refusal.lost_serial_no`), and so
    does one about a copy (`dam-a#C0FFEE`) of what a selected write goes to, or about an address
    `moved` renames to, whose old one (`renamed_from`) a selected write touches. `selection`: the
    plan's selected changes (`select_changes`), the creations withheld for a refusal among those it
    selects from, as the plan selects them once for this and for itself."""
    try:
        selected = selection()
    except EmptySelectionError:
        raise  # a typo: no refusal is why, and one elsewhere would hide it
    except SelectionError:  # refused all the same: the refusals, which may be why, come first
        return beside_a_refused_selection(refusals, options)
    written = [_of_the_entity(change.address) for change in selected if change.action.writes]
    written_live = {change.live_id for change in selected if change.action.writes and change.live_id}

    def concerns_a_write(refusal: Refusal, address: Address) -> bool:
        concerned = [_of_the_entity(address), *_old_addresses(address, renamed_from)]
        if refusal.its_write_alone:  # the write it refuses is selected (the move a target needs), or not
            return any(one == other for one in concerned for other in written)
        return any(_related(one, other) for one in concerned for other in written)

    return [
        refusal
        for refusal in refusals
        if refusal.address is None
        or any(inside_selection(address, options) for address in refusal.addresses())
        or concerns_a_write(refusal, refusal.address)
        or not written_live.isdisjoint(refusal.lost_serial_no)
    ]


def beside_a_refused_selection(refusals: Sequence[Refusal], options: PlanOptions) -> list[Refusal]:
    """The refusals told where the selection cannot be made on its own: all, which may be why, but
    one about its entity's write alone (`Refusal.its_write_alone`) outside the selection and above
    no write refused so inside it (the move a target needs is): a sibling's write it leaves out."""
    inside = [
        refusal.address
        for refusal in refusals
        if refusal.its_write_alone
        and refusal.address is not None
        and inside_selection(refusal.address, options)
    ]
    return [
        refusal
        for refusal in refusals
        if not refusal.its_write_alone
        or refusal.address is None
        or any(address.is_within(refusal.address) for address in inside)
        or any(inside_selection(address, options) for address in refusal.about_also)
    ]


def _old_addresses(address: Address, renamed_from: Mapping[Address, Address]) -> list[Address]:
    """What `address` and its ancestors were before `moved` renamed them."""
    return [renamed_from[each] for each in address.self_and_ancestors() if each in renamed_from]


def inside_selection(address: Address, options: PlanOptions) -> bool:
    """Inside the fences of --target and --exclude (an ancestor a target creates is not)."""
    targeted = not options.targets or _matches_self_or_ancestor(address, options.targets)
    return targeted and not _matches_self_or_ancestor(address, options.excludes)


def _of_the_entity(address: Address) -> Address:
    """A copy's address (`dam-a#C0FFEE/logger-1`) as that of the entity it copies: what a write to
    one goes to may be the other. A key that is all id (`#C0FFEE`, an entity no declared one is) stays."""
    if "#" not in address:
        return address
    return Address.of(*(key.partition("#")[0] or key for key in address.parts))


def _related(one: Address, other: Address) -> bool:
    return one.is_within(other) or other.is_within(one)


def _targets_a_refusal(refused: Iterable[Address], targets: Sequence[str], excludes: Sequence[str]) -> bool:
    return any(
        _matches_self_or_ancestor(address, targets) and not _matches_self_or_ancestor(address, excludes)
        for address in refused
    )


def _refuse_empty(targets: Sequence[str], excludes: Sequence[str]) -> None:
    """Each pattern matched, yet --exclude took all --target picked: "no changes" would read as in
    sync. (--exclude alone leaving nothing is a partial plan that says "No changes in the selection".)"""
    named = [f"--target {glob!r}" for glob in targets] + [f"--exclude {glob!r}" for glob in excludes]
    raise EmptySelectionError(
        f"{', '.join(named)} select nothing: --exclude fences off everything --target picks, and an empty "
        'selection would read as "no changes"; narrow the exclusion, or target something it leaves',
        named,
    )


def _targeted(chosen: list[Change], targets: Sequence[str]) -> list[Change]:
    # A target may name an address no change has (`thread-north/edge`): it selects all beneath it.
    addresses = {each for change in chosen for each in _fenced_by(change.address)}
    hits = {address for address in addresses if _matches(address, targets)}
    ancestors = {ancestor for hit in hits for ancestor in hit.ancestors()} - hits
    _refuse_replaced_ancestors(chosen, ancestors, hits)
    _refuse_targeting_collateral(chosen, targets, hits)
    selected = []
    for change in chosen:
        if any(address in hits for address in _fenced_by(change.address)):
            selected.append(change)
        elif change.address in ancestors:
            selected.append(change if change.action in (Action.CREATE, Action.NOOP) else _held_back(change))
    return selected


def _held_back(change: Change) -> Change:
    """An ancestor's update outside the selection: kept as context (its ids), never written."""
    return dataclasses.replace(change, action=Action.NOOP, cause=Cause.IN_SYNC, reason=OUTSIDE, fields=())


def _refuse_replaced_ancestors(chosen: list[Change], ancestors: set[Address], hits: set[Address]) -> None:
    replaced = [c for c in chosen if c.address in ancestors and c.action in DESTROYING]
    if replaced:
        problems = [
            f"  {hit}: needs its parent {parent.address} to be {parent.action}d, which --target leaves out; "
            f"target {parent.address} instead"
            for parent in replaced
            for hit in sorted(hits)
            if hit.is_within(parent.address)
        ]
        raise SelectionError("the selection cannot be applied on its own:\n" + "\n".join(problems))


def _refuse_targeting_collateral(chosen: list[Change], targets: Sequence[str], hits: set[Address]) -> None:
    """A target that names what a removal takes with it (a device of a removed connection) cannot be
    removed on its own: the removal is the change, and selecting nothing would read as "no changes"."""
    problems = [
        f"{taken}: goes only with the {change.action} of {change.address}, which --target leaves out; "
        f"target {change.address} instead, or exclude it"
        for change in chosen
        if change.action.destroys and not any(a in hits for a in change.address.self_and_ancestors())
        for taken in _topmost(a for a in change.collateral if _matches(a, targets))
    ]
    if problems:
        raise SelectionError("the selection cannot be applied on its own:\n" + first_lines(problems, LISTED))


def _topmost(addresses: Iterable[Address]) -> list[Address]:
    """The addresses not beneath another of them: a target names a device, not each of its sensors."""
    found = list(addresses)
    named = set(found)
    return [a for a in found if not any(ancestor in named for ancestor in a.ancestors())]


def _refuse_destroying_excluded(
    chosen: list[Change], fenced_off: Sequence[Address], excludes: Sequence[str]
) -> None:
    """A selected removal or replacement must not destroy what --exclude fences off. `fenced_off`:
    the addresses of the plan's changes --exclude matches, in the plan's order (usually a handful)."""
    beneath = _beneath_each_ancestor(fenced_off)
    problems = []
    for change in chosen:
        if not change.action.destroys:
            continue
        listed = beneath.get(change.address, []) if change.action is Action.REPLACE else []
        fenced = [
            address
            for address in (*change.collateral, *listed)
            if _matches_self_or_ancestor(address, excludes)
        ]
        if fenced:
            problems.append(
                f"  {change.address}: its {change.action} would destroy {first(fenced, 5)}, "
                "which --exclude leaves alone; exclude it too, or narrow the exclusion"
            )
    if problems:
        raise SelectionError("the selection cannot be applied on its own:\n" + "\n".join(problems))


def _refuse_cutting_off_excluded(
    chosen: Sequence[Change],
    excludes: Sequence[str],
    standing: Mapping[str, Mapping[int, Sequence[Change]]],
    doubted: Mapping[Address, Change],
) -> None:
    """A selected port setting must not cut off the readings of a logger --exclude fences off: those
    its line's note names in the whole plan (plan/edge.py `with_loggers_cut_off`), on the port each
    is declared on, and those that may stand on its port once the selection is made
    (`_loggers_standing`): a fenced-off logger's move is not made, so it stays where the platform
    records it, and where its cable is iotplan cannot know (the user may have recorded one moved
    already): both ports are refused, as a left-out move's note names both. Its own address is the
    glob that fences it off too: the loggers' fence does not, as `edge` is no logger's ancestor."""
    problems = []
    for change in chosen:
        port = cut_off_port(change)
        if port is None:
            continue
        noted = [logger for logger in change.loggers_cut_off if _matches_self_or_ancestor(logger, excludes)]
        on_port = standing.get(change.address.connection, {}).get(port, [])
        there = [logger.address for logger in on_port if _matches_self_or_ancestor(logger.address, excludes)]
        cut_off = list(dict.fromkeys([*noted, *there]))
        moved = [logger for logger in cut_off if logger in doubted]
        staying = [logger for logger in cut_off if logger not in doubted]
        if staying:
            problems.append(_cutting_off(change, first(staying, 5), "would", ""))
        problems += [
            _cutting_off(change, str(logger), "may", f": {move_doubt(doubted[logger], EXCLUDED)}")
            for logger in moved
        ]
    if problems:
        raise SelectionError("the selection cannot be applied on its own:\n" + "\n".join(problems))


def _cutting_off(setting: Change, loggers: str, certainty: str, why: str) -> str:
    return (
        f"  {setting.address}: its {setting.action} {certainty} cut off the readings of {loggers}, which "
        f"--exclude leaves alone{why}; exclude it too (--exclude {str(setting.address)!r}), or narrow the "
        "exclusion"
    )


def _refuse_channels_left_taken(
    changes: Sequence[Change], selected: Sequence[Change], excludes: Sequence[str]
) -> None:
    """A channel of a THREAD logger that two sensors are on once the selected changes are made
    (`channels_shared`), one of them selected, where the selection leaves out the move of another off
    it: made alone, the selection leaves two sensors on one channel. Where no move is left out, the
    whole plan shares the channel too, and is refused for it (plan/thread.py
    `_shared_channel_refusals`)."""
    chosen = {change.address for change in selected}
    problems = []
    for (_, channel), holders in channels_shared(changes, lambda change: change.address in chosen):
        left_out = [
            each for each in holders if each.address not in chosen and channel_held(each, True) != channel
        ]
        fenced_in = [each for each in holders if each.address in chosen]
        if left_out and fenced_in:
            arriving = [each for each in fenced_in if channel_written(each) == channel]
            problems.append(_left_taken((arriving or fenced_in)[0], left_out[0], channel, excludes))
    if problems:
        raise SelectionError("the selection cannot be applied on its own:\n" + first_lines(problems, LISTED))


def _left_taken(change: Change, holder: Change, channel: int, excludes: Sequence[str]) -> str:
    moved_to = channel_written(holder)
    to = f" (to mux_index {moved_to}, as the manifest says)" if moved_to is not None else ""
    if _matches_self_or_ancestor(holder.address, excludes):
        fence, way_out = "--exclude", f"narrow the exclusion, or exclude {change.address} too"
    else:
        fence, way_out = "--target", f"target {holder.address} too"
    return (
        f"{change.address}: needs {holder.address} moved off mux_index {channel}{to}, which {fence} "
        f"leaves out: two sensors on one channel of a logger are never right; {way_out}"
    )


def _refuse_moves_split(changes: Sequence[Change], selected: Sequence[Change]) -> None:
    """A `moved` rename rewrites the refId of the entity and of each one beneath it, one update each:
    a fence that selects part of that subtree without the rest (a sensor of a moved device, its
    device's move left out by --target; a moved device whose sensor --exclude fences off, whatever
    that sensor's change) leaves refIds naming a parent by a key it does not have, which no later
    plan reads as one rename."""
    moves = {change.address: change for change in changes if _moves(change)}
    if not moves:  # the usual plan: no `moved` entry to apply
        return
    moving = {change.address: change for change in selected if _moves(change)}
    problems = [
        *_beneath_a_move_left_out(selected, moves, moving),
        *_moves_without_what_they_take(changes, selected, moving),
    ]
    if problems:
        raise SelectionError("the selection cannot be applied on its own:\n" + first_lines(problems, LISTED))


# What a write beneath a move makes or rewrites there: its refId names the moved ancestor's key.
_WRITING_IN_PLACE = frozenset({Action.CREATE, Action.UPDATE, Action.REPLACE})


def _moves(change: Change) -> bool:
    return change.cause is Cause.MOVED and change.action is Action.UPDATE


def _beneath_a_move_left_out(
    selected: Sequence[Change], moves: Mapping[Address, Change], moving: Collection[Address]
) -> Iterator[str]:
    """A selected write beneath a move --target leaves out (--exclude cannot: it fences off all
    beneath) whose refId names that move's new key, named by the topmost such move: the `moved`
    entry's, which takes the rest with it. A removal needs no move above it, nor a write whose refId
    the move never rewrites (pinned by `ref_id:`, or another's refId adopted): made alone, it names
    what it named before. Each write is told once, at the topmost of those selected."""
    needing = {
        change.address: left_out
        for change in selected
        if change.action in _WRITING_IN_PLACE
        and (left_out := _move_left_out_above(change, moves, moving)) is not None
    }
    for address in _topmost(needing):
        move = moves[needing[address]]
        old = old_address(move.live_ref_id)
        yield (
            f"{address}: needs the move of {old} to {move.address}, which --target leaves out: made "
            f"alone, its refId would name {move.address} while that is still {old}; target "
            f"{move.address} instead"
        )


def _move_left_out_above(
    change: Change, moves: Mapping[Address, Change], moving: Collection[Address]
) -> Address | None:
    """The topmost move above `change` that the selection leaves out and whose new key its refId
    names (ancestors come connection first: that move takes the rest with it)."""
    return next(
        (
            above
            for above in change.address.ancestors()
            if above in moves and above not in moving and _named_beneath(change.ref_id, moves[above].ref_id)
        ),
        None,
    )


def _moves_without_what_they_take(
    changes: Sequence[Change], selected: Sequence[Change], moving: Mapping[Address, Change]
) -> Iterator[str]:
    """A selected move beneath which --exclude fences off an entity still carrying a refId under the
    move's old one (a --target takes all beneath what it names). Whatever the change left out, its
    own rename, a replacement (a template change) or a removal, the entity stays as it is, its refId
    naming a parent by the key the move takes from it. Creations have no refId yet; an entity a
    half-applied move already re-keyed keeps the right one; one pinned by `ref_id:` keeps its refId
    in the whole plan too (plan/compare.py `_renamed`), so leaving out its change leaves it as that
    would."""
    chosen = {change.address for change in selected}
    left_out: dict[Address, list[Address]] = {}
    for change in changes:
        if change.address in chosen or not change.action.writes or _keeps_its_ref_id(change):
            continue
        above = next((a for a in change.address.ancestors() if a in moving), None)
        if above is not None and _named_beneath(change.live_ref_id, moving[above].live_ref_id):
            left_out.setdefault(above, []).append(change.address)
    for address, fenced in left_out.items():
        yield (
            f"{address}: its move from {old_address(moving[address].live_ref_id)} rewrites the refIds of "
            f"{first(_topmost(fenced), 5)} too, which --exclude leaves out: moved "
            f"alone, they would name a parent by a key it no longer has; exclude {address} too, or narrow "
            "the exclusion"
        )


def _keeps_its_ref_id(change: Change) -> bool:
    """An update or replacement that writes the refId the entity has: one pinned by `ref_id:`, which
    no `moved` rename rewrites. A removal keeps none: the whole plan takes its refId away."""
    return change.action in _KEEPING and change.ref_id == change.live_ref_id


# The writes that leave an entity with a refId, the one it had unless the change rewrites it.
_KEEPING = frozenset({Action.UPDATE, Action.REPLACE})


def _named_beneath(ref_id: str | None, parent_ref_id: str | None) -> bool:
    """`ref_id` names an entity beneath `parent_ref_id` (refIds compared as the platform may)."""
    if ref_id is None or parent_ref_id is None:
        return False
    return fold_ref_id(ref_id).startswith(fold_ref_id(parent_ref_id) + SEPARATOR)


def _beneath_each_ancestor(addresses: Iterable[Address]) -> dict[Address, list[Address]]:
    """Each ancestor of `addresses`, and those of them beneath it, in their order: what a replacement
    destroys is found by its address, not by comparing it with every change in the plan."""
    beneath: dict[Address, list[Address]] = {}
    for address in addresses:
        for ancestor in address.ancestors():
            beneath.setdefault(ancestor, []).append(address)
    return beneath


def _refuse_unmatched(
    changes: Sequence[Change],
    targets: Sequence[str],
    excludes: Sequence[str],
    refused: Iterable[Address],
    moved: Mapping[str, Address],
) -> None:
    every = [address for change in changes for address in (change.address, *change.collateral)]
    every += refused
    addresses = {each for address in every for each in selectable(address)}
    patterns = _patterns((*targets, *excludes))
    matched = {glob for address in addresses for glob in patterns.matching(address)}
    unmatched = [
        (shown_option(flag, glob), glob)
        for flag, globs in (("target", targets), ("exclude", excludes))
        for glob in globs
        if glob not in matched
    ]
    if unmatched:
        options = [option for option, _ in unmatched]
        hint = unmatched_hint(unmatched, addresses, moved=moved)
        raise EmptySelectionError(f"{', '.join(options)} matches no address in this plan ({hint})", options)


def moved_to(changes: Sequence[Change], renamed_from: Mapping[Address, Address]) -> dict[str, Address]:
    """The address each `moved` rename renames from, and the one it renames to: a fence naming the
    old one is offered the new one, not the address nearest in spelling. From the manifest's `moved`
    entries (`renamed_from`), which stay once the rename is applied and the plan moves nothing, and
    from the plan's own moves."""
    moved: dict[str, Address] = {str(old): new for new, old in renamed_from.items()}
    moved.update((old_address(change.live_ref_id), change.address) for change in changes if _moves(change))
    for old, new in _beneath_renames(changes, renamed_from):
        moved.setdefault(old, new)
    return moved


def _beneath_renames(
    changes: Sequence[Change], renamed_from: Mapping[Address, Address]
) -> Iterator[tuple[str, Address]]:
    """Each change beneath a renamed connection or device that neither the manifest's entries nor a
    move of its own names: a device or sensor pinned by `ref_id:`, whose refId the rename leaves as
    it is. Its old address is the nearest renamed ancestor's old one with the rest of its own."""
    if not renamed_from:
        return
    for change in changes:
        address = change.address
        if address in renamed_from:
            continue
        renamed = next((each for each in reversed(list(address.ancestors())) if each in renamed_from), None)
        if renamed is not None:
            yield str(renamed_from[renamed]) + address.removeprefix(renamed), address


def shown_option(flag: str, glob: str) -> str:
    """`--target 'dam-a/*'` as refusals and a shard's saved plan name it: a pattern naming a credential
    (`Password:x`, pasted into the wrong option) quoted as views show such text, '(sensitive)'."""
    return f"--{flag} {shown_live(glob)!r}"


# The unmatched patterns offered their nearest address: each is compared with every address (a
# fleet's 111,100), so a list of a thousand typos is not, beyond these.
_OFFERED = 5


def unmatched_hint(
    unmatched: list[tuple[str, str]],
    addresses: Collection[str],
    examples: Collection[str] | None = None,
    moved: Mapping[str, str] | None = None,
) -> str:
    """What a refusal of (option, glob)s that match nothing adds: `did you mean 'dam-a/logger-1'?`
    of the nearest of `addresses`, as a manifest key's typo is told (wording.did_you_mean), or of the
    address a `moved` rename gives the one the glob names (`moved`: old → new); for several, which
    option each is for; else what addresses read like, the first of `examples`."""
    moved = moved or {}
    offered = {
        option: (glob, near)
        for option, glob in unmatched[:_OFFERED]
        if (near := _offered(glob, addresses, moved)) is not None
    }
    if not offered:
        example = next(iter(sorted(addresses if examples is None else examples)), "dam-a/logger-1/pz-1")
        return f"addresses read like {example!r}"
    if len(unmatched) == 1:
        glob, near = offered[unmatched[0][0]]
        told_apart = "" if glob in moved else _told_apart(glob, near)
        return f"did you mean {_said(glob, near, moved)}?{told_apart}"
    said = (f"{_said(glob, near, moved)} for {option}" for option, (glob, near) in offered.items())
    return "did you mean " + ", ".join(said) + "?"


def _offered(glob: str, addresses: Collection[str], moved: Mapping[str, str]) -> str | None:
    """The address offered for `glob`: the one a `moved` rename gives the entity it names, else the
    nearest in spelling, else none."""
    new = moved.get(glob)
    return str(new) if new is not None else did_you_mean(glob, addresses)


def _said(glob: str, near: str, moved: Mapping[str, str]) -> str:
    """The address offered, quoted, and where it is a rename's, what it was renamed from."""
    return f"{near!r} (moved from {shown_live(glob)})" if glob in moved else repr(near)


def _told_apart(glob: str, near: str) -> str:
    """` "dam\\u2010a" differs from it only by U+2010 HYPHEN ...` where the pattern only looks like
    the address offered (iotplan/look_alikes.py): both quoted alike, nothing said what to change."""
    alike = look_alike(glob, near)
    return f" {escaped(str(shown_live(glob)))} {alike.note('it')}" if alike else ""


def is_a_pattern(glob: str) -> bool:
    """Whether a --target or --exclude holds a wildcard, or names one address as it is written."""
    return _WILDCARD.search(glob) is not None


def _matches(address: str, globs: Sequence[str]) -> bool:
    return _patterns(globs).match(address)


# Pattern lists indexed, by the list's identity: the options' lists are asked about for every
# ancestor of every change, and hashing a thousand patterns each time cost what matching them did.
_INDEXED: dict[int, tuple[Sequence[str], _Patterns]] = {}


def _patterns(globs: Sequence[str]) -> _Patterns:
    known = _INDEXED.get(id(globs))
    if known is None or known[0] is not globs:  # the list is held below, so its id is not reused
        if len(_INDEXED) >= 8:
            _INDEXED.clear()
        known = _INDEXED[id(globs)] = (globs, _Patterns(globs))
    return known[1]


class _Patterns:
    """Globs by the literal text each starts with (`dam-a/` of `dam-a/*`), or ends with where that is
    longer (`/logger-1` of `*/logger-1`): an address is tried only against those whose start or end
    it shares, so a thousand --target patterns cost about what one does, a `*` first or not."""

    def __init__(self, globs: Iterable[str]) -> None:
        self._by_start: dict[str, list[str]] = {}
        self._by_end: dict[str, list[str]] = {}
        for glob in dict.fromkeys(globs):
            start, end = _literal_start(glob), _literal_end(glob)
            if len(end) > len(start):
                self._by_end.setdefault(end, []).append(glob)
            else:
                self._by_start.setdefault(start, []).append(glob)
        self._start_lengths = sorted({len(start) for start in self._by_start})
        self._end_lengths = sorted({len(end) for end in self._by_end})

    def matching(self, address: str) -> Iterator[str]:
        candidates = itertools.chain(self._sharing_start(address), self._sharing_end(address))
        return (glob for globs in candidates for glob in globs if fnmatchcase(address, glob))

    def match(self, address: str) -> bool:
        return next(self.matching(address), None) is not None

    def _sharing_start(self, address: str) -> Iterator[list[str]]:
        for length in itertools.takewhile(lambda length: length <= len(address), self._start_lengths):
            yield self._by_start.get(address[:length], [])

    def _sharing_end(self, address: str) -> Iterator[list[str]]:
        for length in itertools.takewhile(lambda length: length <= len(address), self._end_lengths):
            yield self._by_end.get(address[-length:], [])


def _literal_start(glob: str) -> str:
    wildcard = _WILDCARD.search(glob)
    return glob[: wildcard.start()] if wildcard else glob


def _literal_end(glob: str) -> str:
    """The text after the last `*`, `?`, `[` or `]`: a set (`[...]`) holding any of it would close
    after it, and a `[` never closed is read as itself, so a match ends with this text as it is."""
    return _WILDCARD_OR_SET_END.split(glob)[-1]


def selectable(address: Address) -> tuple[Address, ...]:
    """What a pattern may name to take `address` in or fence it off: itself and its ancestors, and a
    gateway port setting's port (`t1/edge/port1` of `t1/edge/port1.power`), no entity's address yet
    the one a user writes to fence a port, so it fences all its settings as an ancestor would."""
    port = _PORT_SETTING.fullmatch(address) if "/edge/port" in address else None  # most are none
    lineage = tuple(address.self_and_ancestors())
    return (*lineage[:-1], Address(port[1]), address) if port else lineage


def _matches_self_or_ancestor(address: Address, globs: Sequence[str]) -> bool:
    return any(_matches(each, globs) for each in _fenced_by(address))


def _fenced_by(address: Address) -> tuple[Address, ...]:
    """The addresses whose --target or --exclude takes `address` in or fences it off: itself, its
    ancestors (a setting's port too: `selectable`), and a copy's (`dam-a#C0FFEE`) those of the entity
    it copies too. A write to one may go to the other, and a fence on `dam-a` that let its copy's
    removal through would not fence it;
    `--target dam-a` shows its copies, as one run's plan of dam-a does."""
    copied = _of_the_entity(address)
    also = selectable(copied) if copied != address else ()
    return (*selectable(address), *also)


@contextmanager
def counts_may_decide(changes: Sequence[Change]) -> Iterator[None]:
    """A selection refused where live copies of one refId were told apart is a plain PlanError:
    which copy is kept rests on the observation counts (an uncounted copy may hold data), which the
    caller may not have read yet, and the kept copy decides what the selection can pick."""
    try:
        yield
    except SelectionError as refused:
        if any(change.cause is Cause.DUPLICATE for change in changes):
            raise PlanError(str(refused)) from None
        raise
