"""Which entity a `moved` entry's `from` names where the manifest alone cannot tell.

A `from` written under a parent's new address (`dam-a/logger-2/crack-1` beside `{from: dam-a/logger-1,
to: dam-a/logger-2}`) names the sensor under the parent's old address if the parent moves in this
run, and the one standing where it is written if the parent's move was applied by an earlier run, its
entry kept (as Terraform users keep them). The desired state reads it the first way
(manifest/moves.py); here, once the live state is read, the reading that names a live entity is
taken. Where both do, the plan is refused rather than guess which one's history to keep: the stray
would be renamed and the real one destroyed. Where neither does, the first reading stands.

Only the connections beneath such an entry are looked at (none in most manifests), each one's live
refIds gathered once: a dict look-up an entity after that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set

from iotplan.live import LiveState
from iotplan.manifest import derive_ref_id
from iotplan.manifest.moves import Moves
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, DesiredState, Particulars
from iotplan.plan.model import Refusal


def with_moved_readings_chosen(desired: DesiredState, live: LiveState) -> tuple[DesiredState, list[Refusal]]:
    """`desired` with each old refId a `from` written under a parent's new address gives taken from
    the reading that names a live entity, and a refusal for each entity both readings name."""
    moves = Moves.of(desired.moved)
    rewritten = {
        to: f"moved[{index}] {{from: {old}, to: {to}}}"
        for index, (old, to) in enumerate(desired.moved)
        if old != to and moves.platform_address(old) != old
    }
    connections = {to.split("/", 1)[0] for to in rewritten}
    if not connections:
        return desired, []
    chooser = _Chooser(desired.stack, moves, rewritten, live)
    nodes = [chooser.node(node) if str(node.address) in connections else node for node in desired.nodes]
    return dataclasses.replace(desired, nodes=nodes), chooser.refusals


class _Chooser:
    def __init__(self, stack: str, moves: Moves, rewritten: dict[str, str], live: LiveState) -> None:
        self.stack, self.moves, self.rewritten, self.live = stack, moves, rewritten, live
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
            for entity in (*connection.devices, *connection.every_sensor())
            if entity.ref_id
        }

    def _each(self, entity: DesiredEntity, live: Set[str]) -> DesiredEntity:
        children = tuple(self._each(child, live) for child in entity.children)
        particulars = self._particulars(entity, live)
        if children == entity.children and particulars is entity.particulars:
            return entity
        return dataclasses.replace(entity, children=children, particulars=particulars)

    def _particulars(self, entity: DesiredEntity, live: Set[str]) -> Particulars:
        old_ref_id = entity.old_ref_id
        written = self.moves.as_written(str(entity.address)) if old_ref_id else None
        if written is None or old_ref_id is None:
            return entity.particulars
        moved_to, address = written
        as_written = derive_ref_id(self.stack, *Address(address).parts)
        if as_written not in live:
            return entity.particulars  # the old address's reading, live or not: as before
        if old_ref_id in live:
            self.refusals.append(_both_live(entity.address, self.rewritten[moved_to], as_written, old_ref_id))
            return entity.particulars
        return entity.particulars._replace(old_ref_id=as_written)


def _both_live(address: Address, entry: str, as_written: str, old_ref_id: str) -> Refusal:
    return Refusal(
        address,
        f"{address}: {entry} could name two entities on the platform: {as_written}, its `from` as "
        f"written (its parent moved by an earlier apply), and {old_ref_id}, under the address a `moved` "
        "entry renames its parent from; which one's history to keep is not guessed. Write `from:` with "
        f"the address it has on the platform now: `from: {old_ref_id.split(':', 1)[1]}` moves the second; "
        "to move the first, remove the `moved` entry of its parent, applied already",
    )
