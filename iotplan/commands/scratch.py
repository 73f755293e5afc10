"""The scratch connection of `iotplan check-platform`: what it holds, how it is written and read.

Each write is an integrate call of the shape iotplan's apply sends (`apply/bodies.py`), on
entities named so a person sees what they are; each is read back the way iotplan reads (the
connection by id, with projectIds).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from iotplan.clients.errors import UNKNOWN_OUTCOME
from iotplan.clients.paging import RUN_THE_CHECK
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RETRY_STATUSES
from iotplan.errors import (
    AuthError,
    IotplanError,
    PlatformError,
    TransportError,
    refuses_credential_or_reach,
    status_of,
)
from iotplan.manifest.models import SCRATCH_STACK
from iotplan.plan.props import FIELD_TO_PROP, MANAGED_FIELDS

SCRATCH_NAME = "iotplan check-platform scratch (safe to delete)"
DEVICE_TEMPLATE = "IMPORT_DEVICE_SDE"  # the templates of the reference's own integrate examples
SENSOR_TEMPLATE = "GENERIC_SENSOR_SDE"
LOCATION = {"type": "Point", "coordinates": [174.78, -41.27, 20.0]}  # the reference's Wellington
NOTES_BEFORE, NOTES_AFTER = "written by iotplan check-platform", "changed by iotplan check-platform"
# One scratch device (with a sensor) per write probe, so that one assumption failing cannot
# confound the next probe; the all-or-nothing probe tries to add one more.
MERGED, CLEARED, RENAMED, REMOVED, ATOMIC = "merge", "null", "rename", "removed", "all-or-nothing"
DEVICES = (MERGED, CLEARED, RENAMED, REMOVED)
MESSAGE_LENGTH = 160
_REQUEST_ANSWERED = re.compile(r"^[A-Z]+ \S+ answered (?=\d{3}\b)")  # clients/errors.py's prefix
_REQUEST_UNANSWERED = re.compile(r"^[A-Z]+ \S+ got (?=no answer\b)")  # the same, for no answer
_SEE_PAGING = "the A5 paging line says whether it does"  # in place of paging.py's RUN_THE_CHECK


@dataclass(frozen=True)
class Snapshot:
    """One connection as a read (or an integrate answer) showed it."""

    node: dict[str, Any]
    devices: list[dict[str, Any]]
    sensors: list[dict[str, Any]]

    @classmethod
    def of(cls, answer: Any) -> Snapshot:
        integration = answer.get("integration", answer) if isinstance(answer, dict) else {}
        groups = [group for group in integration.get("devices") or [] if isinstance(group, dict)]
        return cls(
            integration.get("node") or {},
            [group["device"] for group in groups if isinstance(group.get("device"), dict)],
            [sensor for group in groups for sensor in group.get("sensors") or [] if isinstance(sensor, dict)],
        )

    def entity(self, entity_id: str | None) -> dict[str, Any] | None:
        return next((e for e in [*self.devices, *self.sensors] if e.get("id") == entity_id), None)

    def find(self, ref_id: str, name: str) -> dict[str, Any] | None:
        """By the refId it was created with, else by the name it was given."""
        both = [*self.devices, *self.sensors]
        by_ref = (e for e in both if props(e).get("SERIAL_NO") == ref_id)
        return next(by_ref, None) or next((e for e in both if props(e).get("NAME") == name), None)


@dataclass
class Scratch:
    """The scratch connection: what was asked for, and which platform ids answered."""

    client: PlatformClient
    project_id: str
    ref_id: str = field(default_factory=lambda: f"{SCRATCH_STACK}:{secrets.token_hex(4)}")
    node_id: str | None = None
    create_sent: bool = False
    create_refused: bool = False  # answered with a refusal (4xx): its outcome is known, not unknown
    first: Snapshot | None = None  # the first read, after the create
    ids: dict[str, str] = field(default_factory=dict)  # role → entity id, once read back
    # Scratch connections listed before this run's create (earlier runs', or a check running beside
    # it); None when that list could not be read.
    earlier: list[dict[str, Any]] | None = None
    listed_since: list[dict[str, Any]] = field(default_factory=list)  # scratch ones, after the create
    refs: dict[str, str] = field(default_factory=dict)  # role → the refId to address it by

    def ref(self, role: str) -> str:
        return self.refs.setdefault(role, f"{self.ref_id}/{role}")

    async def integrate(self, integration: dict[str, Any]) -> dict[str, Any]:
        return await self.client.integrate(self.project_id, {"integration": integration})

    async def send(self, *entries: dict[str, Any]) -> None:
        """Device entries, in one call on the scratch connection."""
        await self.integrate({"nodeId": self.node_id, "devices": list(entries)})

    async def update(self, role: str, changes: dict[str, Any]) -> None:
        await self.send({"changeState": "update", "refId": self.ref(role), "props": changes})

    async def read(self) -> Snapshot:
        """The connection as iotplan reads it: by id, with projectIds."""
        assert self.node_id is not None
        return Snapshot.of(await self.client.get_integration(self.project_id, self.node_id))

    async def create(self) -> Snapshot:
        """As apply creates a connection: in one call with its devices and their sensors."""
        self.create_sent = True
        connection = {"NAME": SCRATCH_NAME, "NOTES": NOTES_BEFORE}
        devices = [self.new_device(role) for role in DEVICES]
        try:
            answer = await self.integrate(
                {"changeState": "new", "refId": self.ref_id, "props": connection, "devices": devices}
            )
        except AuthError:
            # Refused for its credential (401/403, or the token endpoint before it left): answered before
            # anything is made, so there is nothing to look for afterwards.
            self.create_sent = False
            raise
        except IotplanError as error:
            self.create_refused = refused_outright(error)
            raise
        created = Snapshot.of(answer)
        self.node_id = str(created.node.get("id") or "") or None
        return created

    def remember(self, snapshot: Snapshot) -> None:
        self.first = snapshot
        for role in (*DEVICES, *map(sensor_of, DEVICES)):
            found = snapshot.find(self.ref(role), entity_name(role))
            if found is not None:
                self.ids[role] = str(found.get("id"))

    def new_device(self, role: str, *, with_template: bool = True) -> dict[str, Any]:
        device = {"NAME": entity_name(role), "NOTES": NOTES_BEFORE, "LOCATION": LOCATION}
        sensor: dict[str, Any] = {"NAME": entity_name(sensor_of(role)), "INTEGRATION_ID": SENSOR_TEMPLATE}
        sensor |= {"UNKNOWN_METRICS": {"0": "check_metric"}, "UNKNOWN_UNITS": {"0": "millimeter"}}
        sensors = [{"changeState": "new", "refId": self.ref(sensor_of(role)), "props": sensor}]
        return {
            "changeState": "new",
            "refId": self.ref(role),
            "props": device | ({"INTEGRATION_ID": DEVICE_TEMPLATE} if with_template else {}),
            "sensors": sensors,
        }

    def as_it_stands(self, role: str) -> dict[str, Any]:
        """A scratch entity's props as apply sends them with an update (A2, A2+): those the first
        read showed that iotplan manages, its SERIAL_NO included, so a platform whose updates
        replace props keeps the entity whole and found."""
        live = props(self.first.entity(self.ids.get(role)) if self.first else None)
        return {key: live[key] for key in (*_SENT_WITH_AN_UPDATE, "SERIAL_NO") if key in live}


# The props apply sends with a device's update (apply/bodies.py `_update_props`); a sensor's are the
# same but its metric maps, which the probe's sensors keep.
_SENT_WITH_AN_UPDATE = tuple(FIELD_TO_PROP[field] for field in MANAGED_FIELDS["device"])


def is_scratch(node: dict[str, Any]) -> bool:
    """A connection check-platform made, by its refId's prefix (a stack may not be named so) or its
    name (a platform may not keep the refId, A4)."""
    ids = (props(node).get("SERIAL_NO"), props(node).get("EXTERNAL_ID"))
    mine = any(isinstance(ref, str) and ref.startswith(f"{SCRATCH_STACK}:") for ref in ids)
    return mine or props(node).get("NAME") == SCRATCH_NAME


def props(entity: dict[str, Any] | None) -> dict[str, Any]:
    found = (entity or {}).get("props")
    return found if isinstance(found, dict) else {}


def sensor_of(role: str) -> str:
    return f"{role}/sensor"


def entity_name(role: str) -> str:
    return f"check-platform {'sensor' if role.endswith('/sensor') else 'device'} ({role})"


def quoted(value: Any) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


def platform_message(error: IotplanError) -> str:
    """The error in one line: the status and the platform's own words, without the request, nor
    apply's advice to run a plan (check-platform has no manifest to plan), nor a list's advice to run
    check-platform (this is it: its paging line tells what that list's repeat means). The platform's words, or
    an exchange's, are cut to `MESSAGE_LENGTH`; iotplan's own (a list that repeats a page) are said
    whole, as the table wraps them: cut, they lost their advice ("… or the p…")."""
    text = " ".join(str(error).split()).replace(UNKNOWN_OUTCOME, "").replace(RUN_THE_CHECK, _SEE_PAGING)
    text = _REQUEST_UNANSWERED.sub("", _REQUEST_ANSWERED.sub("", text, count=1), count=1).rstrip(".")
    if len(text) <= MESSAGE_LENGTH or _iotplans_own(error):
        return text
    return text[: MESSAGE_LENGTH - 1] + "…"


def _iotplans_own(error: IotplanError) -> bool:
    """An error no request or answer comes with: iotplan's own words, bounded as its code wrote them."""
    return getattr(error, "request", None) is None and getattr(error, "response", None) is None


def passing(error: IotplanError) -> bool:
    """An error that may pass: no answer, a 5xx, or 429 once the retries ran out. The request
    observed nothing of the platform's behaviour, so no probe concludes from it."""
    if isinstance(error, TransportError):
        return True
    return isinstance(error, PlatformError) and status_of(error) in RETRY_STATUSES


def refused_outright(error: IotplanError) -> bool:
    """A write answered 4xx (not 429): the platform refused it. No answer, a 5xx or a 2xx iotplan
    could not read (empty, HTML, an error's shape) leaves unknown whether it was made."""
    return 400 <= (status_of(error) or 0) < 500 and not passing(error)


def not_checked_because(error: IotplanError) -> str:
    """Why a probe observed nothing, for its line: "the platform answered 500: ...", or "the
    platform gave no answer (ReadTimeout: ...)"."""
    said = platform_message(error)
    return (
        f"the platform gave {said}" if isinstance(error, TransportError) else f"the platform answered {said}"
    )


async def refusal(write: Any) -> str:
    """The platform's refusal of a write, in one line; empty when it was accepted. An error that
    may pass, or a refused credential, is no refusal: it is raised, and the probe's line says why it
    could not tell."""
    try:
        await write
    except IotplanError as error:
        if passing(error) or refuses_credential_or_reach(error):
            raise
        return platform_message(error)
    return ""
