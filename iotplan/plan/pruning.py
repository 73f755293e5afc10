"""Why --prune-unmanaged leaves an unmanaged live entity, with what to do instead ("" when nothing
stops its removal): it may be this stack's, another stack owns it or what it holds, another stack
has a hand in its connection, or integrate cannot address it.

The differ (plan/diff.py) asks `Pruning.left_by_prune` once for each unmanaged device or sensor, and
`Pruning.shared_why` where a removal of the stack's own would take what another stack may adopt.
Pure, as the differ is: what it weighs comes in a `Pruning`, made once a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from iotplan.live import LiveConnection, LiveEntity
from iotplan.look_alikes import LookAlike, look_alike
from iotplan.manifest import fold_ref_id
from iotplan.manifest.addresses import FoldedAlike, owned_by, owner_of
from iotplan.plan.address import Address
from iotplan.plan.copies import escaped_for_yaml
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import KIND_AT_DEPTH, PlanOptions
from iotplan.plan.ownership import LISTED, Ownership, look_alike_of, serial_text, stacks_on
from iotplan.plan.props import shown_serial
from iotplan.plan.select import inside_selection
from iotplan.wording import first, live_quoted, quoted_serial

__all__ = ["Pruning", "declared_copies"]


@dataclass
class Pruning:
    """What --prune-unmanaged weighs beyond the entity itself, from the differ: the stack and its
    options, who owns what (`own`), the connections the manifest claims (`matched`: live id → the
    node claiming it), the entities a refused creation calls likely earlier copies (`likely_copies`:
    live id → the declared one), and how the differ tells a copy of a declared entity
    (`carries_declared`) from the very one a `ref_id:` adopts (`the_one_adopted`). The mappings are
    the differ's own, filled as it walks: read when asked, never copied."""

    stack: str
    options: PlanOptions
    own: Ownership
    matched: Mapping[str, str]
    likely_copies: Mapping[str, DesiredEntity]
    carries_declared: Callable[[LiveEntity, int], bool]
    the_one_adopted: Callable[[LiveEntity, int, LiveConnection], bool]
    stacks_by_connection: dict[str, frozenset[str]] = field(default_factory=dict)  # `_stacks_on`
    carriers_by_parent: dict[int, tuple[list[LiveEntity], dict[str, list[LiveEntity]]]] = field(
        default_factory=dict
    )  # `_carriers_among`
    owned_by_parent: dict[int, tuple[list[LiveEntity], list[LiveEntity]]] = field(
        default_factory=dict
    )  # `_owned_among`

    def left_by_prune(
        self,
        entity: LiveEntity,
        depth: int,
        connection: LiveConnection,
        contents: Mapping[Address, LiveEntity],
    ) -> str:
        """Why --prune-unmanaged leaves an entity, with what to do instead ("" when nothing stops it):
        it may be this stack's, another stack owns it or what it holds, another stack has a hand in its
        connection, or integrate cannot address it. What holds another stack's entity is never sent to
        the web app, which would take that too: so those come before the reasons that send it there.
        One that may be this stack's (`QS:` for stack `qs`) is not said to be another stack's."""
        is_device = depth == 1
        adopted = self._adopted_here(entity, depth, connection, contents)
        unsure = "" if adopted else self._unsure_whose(entity, depth, connection)
        return (
            adopted
            or ("" if unsure else self._another_stacks(entity, depth, connection))
            or self._holding_other_stacks(contents)
            or _in_the_web_app(unsure)
            or self._holding_look_alikes(contents)
            or self._likely_copy(entity)
            or self._under_a_shared_connection(connection)
            or _in_the_web_app(self._not_addressable(entity, _siblings(entity, connection, is_device)))
            or _in_the_web_app(self._holding_declared_copies(contents))
        )

    def _unsure_whose(self, entity: LiveEntity, depth: int, connection: LiveConnection) -> str:
        """Why --prune-unmanaged cannot be sure an entity is no one's it must keep ("" when it can): it
        carries a declared refId as refIds are compared (a copy of a declared entity), its refId only
        looks like a sibling's the stack owns (`_looking_like_own`), or starts with this stack's prefix
        written another way (`QS:` or a full-width `ｑｓ:` for stack `qs`), which a platform matching
        refIds as they are compared reads as this stack's (docs/api-assumptions.md, A1++)."""
        if self.carries_declared(entity, depth):
            return "its refId is a declared entity's as refIds are compared: a copy of it"
        looking = self._looking_like_own(entity, depth, connection)
        if looking:
            return looking
        prefix, colon, _ = (entity.ref_id or "").partition(":")
        if not colon or prefix == self.stack or fold_ref_id(prefix) != fold_ref_id(self.stack):
            return ""
        how = "in another case" if prefix.lower() == self.stack.lower() else "written another way"
        return (
            f"its refId starts {quoted_serial(prefix + ':')}, the prefix of stack {self.stack!r} {how}: "
            "iotplan cannot tell whether it is this stack's"
        )

    def _looking_like_own(self, entity: LiveEntity, depth: int, connection: LiveConnection) -> str:
        """Why --prune-unmanaged keeps an entity whose refId reads as a sibling's the stack owns but
        differs by characters NFKC does not join (U+2010 for `-`, a Cyrillic `с`: iotplan/look_alikes.py),
        "" for none: a reviewer judging the plan line sees the stack's own refId, so its removal would
        pass for a look-alike copy's as one in full-width letters is kept (a `*` duplicate). The
        stack's refIds are ASCII (keys are), so an ASCII refId looks like none of them. Dashes for `-` in
        any number of places, as a creation beside it is refused (plan/copies.py `looking_like`)."""
        ref_id = entity.ref_id
        if not ref_id or ref_id.isascii():
            return ""
        siblings = _siblings(entity, connection, depth == 1)
        for own in self._owned_among(siblings, depth):
            alike = look_alike(ref_id, own.ref_id, ignore_case=True, dashes_anywhere=True)
            if alike:
                return _looking_like(alike, depth)
        return ""

    def _owned_among(self, siblings: list[LiveEntity], depth: int) -> list[LiveEntity]:
        """The stack's own among `siblings`, made once per parent: each of its many unmanaged
        siblings is weighed against them."""
        key = id(siblings)  # the list is kept with its index, so no other list takes its id
        if key not in self.owned_by_parent:
            owned = [sibling for sibling in siblings if owned_by(self.stack, sibling.ref_id, depth)]
            self.owned_by_parent[key] = (siblings, owned)
        return self.owned_by_parent[key][1]

    def _holding_declared_copies(self, contents: Mapping[Address, LiveEntity]) -> str:
        """Why --prune-unmanaged keeps an unmanaged device: it holds the stack's sensors that carry a
        declared one's refId, copies iotplan does not remove on its own (`*`, and no write reaches
        that refId while they stand: plan/diff.py `copies_of_declared_entities`), one of which the
        data source may write to ("" for none). Its removal would take them and let the declared one's
        writes through."""
        carrying = [
            f"{where} (refId {quoted_serial(each.ref_id)})"
            for where, each in declared_copies(contents, self.carries_declared)
        ]
        if not carrying:
            return ""
        return f"it holds a copy of a declared sensor: {first(carrying, LISTED)}"

    def _adopted_here(
        self,
        entity: LiveEntity,
        depth: int,
        connection: LiveConnection,
        contents: Mapping[Address, LiveEntity],
    ) -> str:
        """Why --prune-unmanaged keeps the very entity a `ref_id:` adopts (`the_one_adopted`), or what
        holds it ("" for neither): declared under another parent, it is no copy, and neither it nor
        what holds it is sent to the web app, which would destroy its history."""
        if self.the_one_adopted(entity, depth, connection):
            return (
                f"(it is the one a `ref_id:` adopts, refId {quoted_serial(entity.ref_id)}, declared under "
                "another parent): declare it where it lives"
            )
        held = [
            f"{where} (refId {quoted_serial(each.ref_id)})"
            for where, each in contents.items()
            if self.the_one_adopted(each, where.depth, connection)
        ]
        if not held:
            return ""
        return (
            f"(it holds the one a `ref_id:` adopts: {first(held, LISTED)}, declared under another parent): "
            "declare that where it lives; removing this would take it with its history"
        )

    def _likely_copy(self, entity: LiveEntity) -> str:
        """Why --prune-unmanaged keeps an unmanaged entity: the plan calls it a likely earlier copy
        of a declared one, not created beside it for that (plan/copies.py), so it may hold that one's
        history. A fence leaving the declared one out refuses nothing about it, and must not make it
        a removal either ("" for none). One with no SERIAL_NO no `ref_id:` adopts: it needs one first."""
        original = self.likely_copies.get(entity.id)
        if original is None:
            return ""
        address = original.address
        fenced = "" if inside_selection(address, self.options) else " --target or --exclude leaves out and"
        why = f"(likely an earlier copy of {address}, which{fenced} the plan does not create beside it)"
        if entity.ref_id is None:
            return (
                f"{why}: give it a SERIAL_NO in the platform's web app ({quoted_serial(original.ref_id)} if "
                f"it is that {original.kind.value}, else one of its own), then plan again"
            )
        return (
            f"{why}: adopt it with a `ref_id:` naming its SERIAL_NO, or remove it in the platform's web app"
        )

    def _holding_other_stacks(self, contents: Mapping[Address, LiveEntity]) -> str:
        """Why --prune-unmanaged keeps an unmanaged device: it holds sensors another stack owns ("" for
        none), likely made under it once that stack adopted it by `ref_id:`. No way to remove it is
        offered: the web app would take theirs with it, and once that stack's plan removes them, it
        stays under a connection that stack has a hand in (`_under_a_shared_connection`)."""
        others = self.own.of_other_stacks(contents)
        if not others:
            return ""
        return (
            f"(it holds what another stack owns: {first(others, LISTED)}): that stack likely adopts it by "
            "`ref_id:`, so it stays while they do; removing it in the platform's web app would take them too"
        )

    def _holding_look_alikes(self, contents: Mapping[Address, LiveEntity]) -> str:
        """Why --prune-unmanaged keeps an unmanaged device: it holds what may be this stack's (its
        refId's prefix this stack's written another way), which it leaves as it leaves that itself."""
        maybe_ours = self.own.of_look_alikes(contents)
        if not maybe_ours:
            return ""
        return (
            f"(it holds what may be this stack's: {first(maybe_ours, LISTED)}, its refId's prefix that of "
            f"stack {self.stack!r} written another way, which iotplan cannot tell): removing it in the "
            "platform's web app would take that too, so first find whose that is"
        )

    def _another_stacks(self, entity: LiveEntity, depth: int, connection: LiveConnection) -> str:
        """Why --prune-unmanaged keeps an entity another stack owns (`owner_of`), and what to do
        instead ("" for none): that stack's plan removes it once its manifest drops it (README
        "Between stacks"), and removed here, it would be created again there, or lost to a manifest
        that declares it."""
        other = owner_of(entity.ref_id, depth)
        if other is None or other == self.stack:
            return ""
        return (
            f"(another stack's): the plan of stack {other!r} removes it once that manifest drops it; if that "
            f"stack is retired, {self._retiring(other, connection)}, or remove it in the platform's web app"
        )

    def _retiring(self, other: str, connection: LiveConnection) -> str:
        """How a retired stack `other` removes its entities under `connection`: its manifest applied
        with --destroy, unless that would remove `connection`, its own, with another stack's entities
        (refused): then kept in the manifest holding none, its own go and it stays."""
        owner = owner_of(connection.node.ref_id, 0)
        if owner != other or not self._stacks_on(connection) - {other}:
            return "apply its manifest with --destroy"
        key = str(connection.node.ref_id).removeprefix(f"{other}:")
        return (
            f"apply its manifest with --allow-destroy, connection {key} kept in it with `devices: []` "
            f"(its --destroy is refused while another stack's entities are under {key})"
        )

    def _under_a_shared_connection(self, connection: LiveConnection) -> str:
        """Why --prune-unmanaged removes nothing under `connection` ("" when it may), with the way
        to remove an entity there (`shared_why`)."""
        why = self.shared_why(connection, "this")
        return f"{why}: {_ONCE_NONE_ADOPTS}" if why else ""

    def shared_why(self, connection: LiveConnection, what: str) -> str:
        """Why nothing unmanaged under `connection` is taken, by --prune-unmanaged or with the
        stack's own device it removes or replaces ("" when it may be): another stack (or tool) is
        known to have a hand in it, and that stack's manifest may adopt `what` by `ref_id:`, which
        this plan cannot see. Known: the connection is not this stack's (held by `id:`, it stays its
        maker's), or another stack owns entities under it. An adoption under a connection nothing
        marks as shared stays unseen (README "Ownership"). Said with the flag or without: without it,
        the refusal's way out must not be the flag, which takes nothing there either."""
        node = connection.node
        owner = owner_of(node.ref_id, 0)
        if owner != self.stack:
            whose = f"owned by stack {owner!r}" if owner else f"another tool's ({serial_text(node.ref_id)})"
            # Held by `id:` where the manifest declares it; else it only carries the stack's orphans.
            held = ", held here by `id:`" if node.id in self.matched else ""
            return (
                f"(the connection is {whose}{held}; a manifest that has it may adopt {what} by `ref_id:`, "
                "which this plan cannot see)"
            )
        others = sorted(self._stacks_on(connection) - {self.stack})
        if not others:
            return ""
        return (
            f"(the connection is shared with {self._sharing(others)}, whose manifest may adopt {what} by "
            "`ref_id:`, which this plan cannot see)"
        )

    def _sharing(self, others: list[str]) -> str:
        """The stacks `others` sharing a connection, by name. A prefix that is this stack's written
        another way (`QS:` for stack `qs`) still shares it: it may be this stack's, or another stack's
        whose name differs only so (stack names are exact), so it is named as neither for certain."""
        named = [f"stack {other!r}" for other in others if not look_alike_of(self.stack, other)]
        alike = [other for other in others if look_alike_of(self.stack, other)]
        if alike:
            named.append(f"a stack whose prefix may be this stack's or another stack's ({', '.join(alike)})")
        return " and ".join(named)

    def _stacks_on(self, connection: LiveConnection) -> frozenset[str]:
        """`stacks_on`, found once per connection: pruning many of its entities asks each time."""
        if connection.node.id not in self.stacks_by_connection:
            self.stacks_by_connection[connection.node.id] = stacks_on(connection)
        return self.stacks_by_connection[connection.node.id]

    def _not_addressable(self, entity: LiveEntity, siblings: list[LiveEntity]) -> str:
        """Why integrate, which removes a device or sensor by its refId under its parent, cannot be
        told to remove `entity` and nothing else ("" when it can): it has no refId, or a sibling
        carries it too (refIds compared as the plan compares them: fold_ref_id)."""
        if not entity.ref_id:
            return "integrate cannot address it: no refId"
        carriers = self._carriers_among(siblings).get(fold_ref_id(entity.ref_id), [])
        sharing = [_sharer(other, entity.ref_id) for other in carriers if other.id != entity.id]
        return f"integrate cannot address it: refId shared with {first(sharing, 5)}" if sharing else ""

    def _carriers_among(self, siblings: list[LiveEntity]) -> dict[str, list[LiveEntity]]:
        """`siblings` by folded refId, made once per parent: pruning each of 10,000 unmanaged
        sensors of one device must not fold every sibling's refId again."""
        key = id(siblings)  # the list is kept with its index, so no other list takes its id
        if key not in self.carriers_by_parent:
            carriers: dict[str, list[LiveEntity]] = {}
            for sibling in siblings:
                if sibling.ref_id:
                    carriers.setdefault(fold_ref_id(sibling.ref_id), []).append(sibling)
            self.carriers_by_parent[key] = (siblings, carriers)
        return self.carriers_by_parent[key][1]


def declared_copies(
    contents: Mapping[Address, LiveEntity], carries_declared: Callable[[LiveEntity, int], bool]
) -> list[tuple[Address, LiveEntity]]:
    """The entities among `contents` that carry a declared one's refId (folded): copies of it."""
    return [(where, each) for where, each in contents.items() if carries_declared(each, where.depth)]


def _siblings(entity: LiveEntity, connection: LiveConnection, is_device: bool) -> list[LiveEntity]:
    """The live entities under the same parent as `entity`, itself among them."""
    return connection.devices if is_device else connection.sensors.get(str(entity.parent_id), [])


def _sharer(other: LiveEntity, ref_id: str) -> str:
    """`#DF38C1`, a sibling carrying `ref_id` as refIds are compared; where its SERIAL_NO is written
    otherwise (case, or an accent encoded in NFC or NFD, which looks the same), both, escaped so the
    difference shows: each `?` line otherwise quotes one SERIAL_NO twice, alike to the eye."""
    if other.ref_id == ref_id:
        return f"#{other.short_id}"
    theirs, ours = shown_serial(str(other.ref_id)), shown_serial(ref_id)
    alike = FoldedAlike(str(theirs), str(ours))
    return f"#{other.short_id} (as {alike.shown(str(theirs))}; this one's {alike.shown(str(ours))})"


def _looking_like(alike: LookAlike, depth: int) -> str:
    """`its refId "qs:a/t\\u2010x" differs from 'qs:a/t-x' (sensor a/t-x) only by U+2010 HYPHEN ...`:
    the look-alike escaped, the stack's own refId it passes for quoted, with its address."""
    theirs = alike.other
    named = f"{live_quoted(shown_serial(theirs))} ({KIND_AT_DEPTH[depth]} {theirs.partition(':')[2]})"
    return (
        f"its refId {escaped_for_yaml(alike.text)} {alike.note(named)}: "
        "iotplan cannot tell whether it is a copy of it"
    )


_ONCE_NONE_ADOPTS = (
    "remove it in the platform's web app once sure no manifest adopts it (a `ref_id:` naming its SERIAL_NO)"
)


def _in_the_web_app(why: str) -> str:
    """A reason --prune-unmanaged leaves an entity that only the platform's web app can act on
    ("" for none)."""
    return f"({why}): remove it in the platform's web app" if why else ""
