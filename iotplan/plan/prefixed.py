"""The SERIAL_NOs that keep live entities out of a stack's hands: a refId starting `stack:` names
the stack's own, so an entity given another SERIAL_NO still starting so, or sensors left so, are
the stack's orphans to the next plan, which plans their removal again. Its own module so both
plan/ownership.py and plan/copies.py (which imports ownership) word that rule from one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iotplan.manifest.addresses import fold_ref_id
from iotplan.wording import counted


@dataclass(frozen=True)
class Prefixed:
    """Of the live entities carrying a declared one's refId besides it: whether that refId has
    `stack`'s prefix, and how many of the sensors beneath them (and, beneath a connection, of its
    devices) carry refIds with it. Given another SERIAL_NO still starting so, or those beneath left
    so, the next plan removes them as the stack's orphans."""

    stack: str
    carried: bool = False
    sensors: int = 0
    devices: int = 0  # a connection's alone: a device's or sensor's children are never devices
    # A device's whose SIZE counts sensors the read did not find (LiveConnection.unread_sensors):
    # `sensors` counts those read, and any of the others may carry the prefix too.
    unread: bool = False

    @classmethod
    def of(
        cls,
        stack: str,
        ref_id: str | None,
        sensors: Iterable[str | None],
        devices: Iterable[str | None] = (),
        *,
        unread: bool = False,
    ) -> Prefixed:
        """Whether `ref_id` has `stack`'s prefix as refIds are compared (`fold_ref_id`), and how many
        of the `sensors`' (and a connection's `devices`') refIds have it as written. A copy, or a
        stray a rename meets, is found by its refId folded: one carrying `QUICKSTART:` is the
        stack's, and its natural retype `quickstart:...-copy` the stack's orphan. What is beneath it
        is not found so: only as written is one the stack's once left so. `unread`: a device's SIZE
        counts sensors besides the `sensors` read."""
        prefix = f"{stack}:"
        carried = fold_ref_id(ref_id or "").startswith(fold_ref_id(prefix))
        return cls(stack, carried, _as_written(prefix, sensors), _as_written(prefix, devices), unread)

    @property
    def sensors_known(self) -> int | None:
        """How many of its sensors carry the prefix, None where some were never read: an apply
        naming them asks where one may (`Change.prefixed_sensors`)."""
        return None if self.unread else self.sensors

    @property
    def beneath(self) -> int:
        """How many of the devices and sensors beneath carry the prefix."""
        return self.devices + self.sensors

    def serial_nos(self, them: str) -> str:
        """`give it another SERIAL_NO`, or, where the prefix would make it the stack's orphan, `give
        it and its 2 sensors SERIAL_NOs that do not start with 'multi-site:'` (beneath a connection,
        `its 1 device and 1 sensor`: each counted by what it is). A device with sensors never read
        (`unread`) is told of `those of its sensors whose SERIAL_NOs start with ...`: any of those
        may carry the prefix, and a count of the sensors read would leave them out."""
        its = "its" if them == "it" else "their"
        if self.unread:
            return self._sensors_not_counted(them, its)
        if not self.carried and not self.beneath:
            return f"give {them} another SERIAL_NO"
        counts = ((self.devices, "device"), (self.sensors, "sensor"))
        beneath = f"{its} " + " and ".join(counted(count, noun) for count, noun in counts if count)
        named = f"{them} and {beneath}" if self.beneath else them
        if self.carried and named == "it":
            return f"give it a SERIAL_NO that does not start with '{self.stack}:'"
        if self.carried:
            return f"give {named} SERIAL_NOs that do not start with '{self.stack}:'"
        return (
            f"give {them} another SERIAL_NO and {beneath} SERIAL_NOs that do not start with '{self.stack}:'"
        )

    def device_serial_nos(self, named: str) -> str:
        """`serial_nos` said of one device `named` by its address and SERIAL_NO, its sensors not
        counted: `give #P/logger-1 (SERIAL_NO '...') another SERIAL_NO, and those of its sensors whose
        SERIAL_NOs start with 'multi-site:' SERIAL_NOs that do not start with 'multi-site:'`."""
        return self._sensors_not_counted(named, "its")

    def _sensors_not_counted(self, named: str, its: str) -> str:
        """`give {named}, and those of {its} sensors whose SERIAL_NOs start with '...', SERIAL_NOs
        that do not start with '...'`: said where its sensors carry the prefix, or some were never
        read (`unread`), so may."""
        prefix = f"{self.stack}:"
        without = f"SERIAL_NOs that do not start with '{prefix}'"
        beneath = f"those of {its} sensors whose SERIAL_NOs start with '{prefix}'"
        sensors = self.sensors or self.unread
        if self.carried and sensors:
            return f"give {named}, and {beneath}, {without}"
        if self.carried:
            return f"give {named} a SERIAL_NO that does not start with '{prefix}'"
        if sensors:
            return f"give {named} another SERIAL_NO, and {beneath} {without}"
        return f"give {named} another SERIAL_NO"


def _as_written(prefix: str, ref_ids: Iterable[str | None]) -> int:
    return sum(1 for each in ref_ids if (each or "").startswith(prefix))
