"""Which entity a `moved` entry's `from` names where the manifest alone cannot tell.

Beneath parents other entries move, a `from` names the entity under its parents' old addresses if
their moves are made in this run (manifest/moves.py reads it so, however it is written: under each
parent's old key or its new one). An earlier run may have made some of those moves, their entries
kept (as Terraform users keep them): the entity then stands under the parents' new keys, or under a
mix (`dam-b/logger-1/crack-1`, the connection's move made and the device's not); the entity's own
move made, its entry rewritten beneath parents moved since, it stands at its own new key under them
(`dam-a/logger-2`). Every mix of each moved parent's old or new key, with the entity's old key or its
new one, is a reading; here, once the live state is read, the one that names a live entity is
taken. A reading that is another declared entity's address or refId is never taken: that entity is
the one there (`dam-b/logger-1/crack-1` beside a sensor moved from `dam-a/logger-1/crack-1`, dam-a
moved to dam-b), and taking it would rename it while the plan counts it unchanged too. Where two or
more do, the plan is refused rather than guess which one's history to keep: the stray would be renamed
and the real one destroyed. Where none does, the old addresses' reading stands.

Only the connections beneath such an entry are looked at (none in most manifests), each one's live
refIds gathered once: a few dict look-ups an entity after that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set

from iotplan.live import LiveState
from iotplan.manifest import derive_ref_id
from iotplan.manifest.moves import Moves, shown_entry
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, DesiredState, Particulars
from iotplan.plan.model import Refusal

Entry = tuple[int, str, str]  # a `moved` entry: its index, `from` and `to` as written


def with_moved_readings_chosen(desired: DesiredState, live: LiveState) -> tuple[DesiredState, list[Refusal]]:
    """`desired` with each old refId beneath a moved parent taken from the reading that names a live
    entity, and a refusal for each entity two or more readings name."""
    moves = Moves.of(desired.moved)
    rewritten = {
        to: (index, old, to)
        for index, (old, to) in enumerate(desired.moved)
        if old != to and moves.spellings(to) is not None
    }
    connections = {to.split("/", 1)[0] for to in rewritten}
    if not connections:
        return desired, []
    chosen = [node for node in desired.nodes if str(node.address) in connections]
    chooser = _Chooser(desired.stack, moves, rewritten, live, _declared_ref_ids(desired.stack, chosen))
    nodes = [chooser.node(node) if str(node.address) in connections else node for node in desired.nodes]
    return dataclasses.replace(desired, nodes=nodes), chooser.refusals


def _declared_ref_ids(stack: str, nodes: list[DesiredEntity]) -> frozenset[str]:
    """Each refId the entities under these connections carry or derive from their address: a reading
    under the parents' new keys is declared, if at all, beneath them (their old keys are refused as
    still declared by the manifest check)."""
    found: set[str] = set()
    waiting = list(nodes)
    while waiting:
        entity = waiting.pop()
        found.update((entity.ref_id, derive_ref_id(stack, *entity.address.parts)))
        waiting.extend(entity.children)
    return frozenset(found)


class _Chooser:
    def __init__(
        self, stack: str, moves: Moves, rewritten: dict[str, Entry], live: LiveState, declared: Set[str]
    ) -> None:
        self.stack, self.moves, self.rewritten, self.live = stack, moves, rewritten, live
        self.declared = declared  # the refIds of the declared entities beneath the moved connections
        self.refusals: list[Refusal] = []

    def node(self, node: DesiredEntity) -> DesiredEntity:
        if node.on_thread:  # `moved` is refused on a THREAD
            return node
        return self._each(node, self._live_ref_ids(node))

    def _live_ref_ids(self, node: DesiredEntity) -> Set[str]:
        """The refIds of the devices and sensors under the live connections the node may be: by its
        refId, or the one a `moved` entry renames it from."""
        project = self.live.projects.get(node.project_id)
        if project is None:
            return frozenset()
        found = [*project.copies(node.ref_id), *(project.copies(node.old_ref_id) if node.old_ref_id else [])]
        return {
            str(entity.ref_id)
            for connection in found
            for entity in connection.devices_and_sensors()
            if entity.ref_id
        }

    def _each(self, entity: DesiredEntity, live: Set[str]) -> DesiredEntity:
        children = tuple(self._each(child, live) for child in entity.children)
        particulars = self._particulars(entity, live)
        if children == entity.children and particulars is entity.particulars:
            return entity
        return dataclasses.replace(entity, children=children, particulars=particulars)

    def _particulars(self, entity: DesiredEntity, live: Set[str]) -> Particulars:
        spelled = self.moves.spellings(str(entity.address)) if entity.old_ref_id else None
        if spelled is None:
            return entity.particulars
        moved_to, addresses = spelled
        ref_ids = (derive_ref_id(self.stack, *Address(address).parts) for address in addresses)
        # Its own refId is no reading of where it was: found live, the plan finds it in sync. Nor is
        # another declared entity's: the plan matches that entity there.
        found = [ref_id for ref_id in ref_ids if ref_id in live and ref_id not in self.declared]
        if not found:
            return entity.particulars  # the old addresses' reading, as before
        if len(found) > 1:
            self.refusals.append(_two_live(entity.address, self.rewritten[moved_to], found))
            return entity.particulars
        return entity.particulars._replace(old_ref_id=found[0])


def _two_live(address: Address, entry: Entry, found: list[str]) -> Refusal:
    named = ", ".join(found[:-1]) + f" and {found[-1]}"
    return Refusal(
        address,
        f"{address}: {shown_entry(*entry)} could name {len(found)} entities on the platform, its own move "
        f"or its parents' made by an earlier apply or not: {named}; which one's history to keep is not "
        "guessed. Write `from:` with the address it has on the platform now and remove the `moved` "
        "entries of its parents an earlier apply made (beneath no moved parent a `from` names one "
        "entity), or remove the entity not meant in the web app (its history goes with it)",
        edits_moved_entry=entry[0],  # its `from:`
    )
