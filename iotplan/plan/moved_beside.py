"""What a `moved` rename says whose OLD refId, which its write goes by, a live device or sensor under
a connection the stack does not declare carries too (another tool's, say): integrate cannot tell the
two apart, so the rename cannot be made while that one stands. Told by the entry, where the other one
is and what it holds; its step keeps that one's history: one holding no observations may go, one
holding any (or a count not read) is given a refId of its own, never removed for the rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iotplan.live import LiveEntity, LiveProject
from iotplan.plan.address import Address
from iotplan.plan.copies import Prefixed, named_as_live
from iotplan.plan.model import Kind
from iotplan.plan.moved_onto import Holding
from iotplan.plan.ownership import serial_text


@dataclass(frozen=True)
class OldRefIdCarrier:
    """One live device or sensor carrying the renamed one's old refId, with its connection's node."""

    holding: Holding
    node: LiveEntity

    @classmethod
    def of(cls, entity: LiveEntity, node: LiveEntity, project: LiveProject) -> OldRefIdCarrier | None:
        """None where the connection is one the stack declares (a copy the plan tells elsewhere), or
        one whose devices and sensors were not read at all."""
        if node.id in project.connections:
            return None
        # the stack's strays hold a device with all its sensors; the lists' `elsewhere` only carriers
        connection = project.strays.get(node.id) or project.elsewhere.get(node.id)
        if connection is None:
            return None
        kind = Kind.DEVICE if entity.parent_id == node.id else Kind.SENSOR
        return cls(Holding.of_child(entity, kind, connection), node)

    def told(self, alone: bool) -> str:
        """`that device is under connection /api/…/node named 'other tool' (SERIAL_NO 'other:conn'),
        which this stack does not declare, and holds 1 sensor and 50 observations`."""
        live = self.holding.live
        what = f"that {self.holding.what}" if alone else f"{self.holding.what} {live.id}"
        connection = f"connection {self.node.id}{named_as_live(self.node)} ({serial_text(self.node.ref_id)})"
        return (
            f"{what} is under {connection}, which this stack does not declare, and holds "
            f"{self.holding.text()}"
        )


def renamed_beside(entry: str, besides: Sequence[OldRefIdCarrier], stack: str) -> str:
    """What follows "integrate cannot tell them apart" in the renamed entity's refusal, `stack`'s."""
    told = "; ".join(each.told(alone=len(besides) == 1) for each in besides)
    it = "it" if len(besides) == 1 else "each"
    given = _prefixed(stack, besides).serial_nos(it)
    if any(each.holding.held.holds_data for each in besides):
        step = f"{given} in the platform's web app (its history stays), then plan again"
    else:  # none holds an observation: removing it destroys no history
        step = f"remove {it} in the platform's web app, or {given} there, then plan again"
    return f", so {entry} cannot be made while it stands: {told}: {step}; the entry stays"


def _prefixed(stack: str, besides: Sequence[OldRefIdCarrier]) -> Prefixed:
    """Which of them, and of their sensors, carry the prefix of `stack`, whose old refId they carry
    (`Prefixed.of`): given another SERIAL_NO still starting so, or left so, the next plan removes
    them as its orphans. The stack the plan is for, not as a carrier spells it: one carrying
    `QUICKSTART:` is told of `quickstart:`, which its natural retype would keep."""
    each = [
        Prefixed.of(stack, carrier.holding.live.ref_id, (sensor.ref_id for sensor in carrier.holding.beneath))
        for carrier in besides
    ]
    return Prefixed(stack, any(one.carried for one in each), sum(one.sensors for one in each))


def beneath_renamed(entry: str, renamed: Address) -> str:
    """What follows "integrate cannot tell them apart" in a refusal of a write beneath it."""
    return f", so {entry} cannot be made while it stands (told at {renamed})"
