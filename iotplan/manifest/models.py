"""The manifest's desired state as pydantic models (`apiVersion: iotplan/v1`).

Models check shapes and single values; rules that span entities (unique keys, `moved`, refId
length) live in `checks.py`, and defaults are applied by `defaults.py` after validation.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic.json_schema import JsonDict

from iotplan.manifest.edge import Edge
from iotplan.manifest.strict import Strict
from iotplan.manifest.text import (
    PROJECT_ID_RULE,
    MetricName,
    Name,
    Notes,
    Ref,
    Url,
    segment_holds_no_bare_token,
)
from iotplan.manifest.thread import ThreadDeviceFields, ThreadSensorFields
from iotplan.secrets import (
    ENV_REFERENCE,
    OWN_CREDENTIALS_PREFIX,
    holds_a_bare_token,
    reads_as_a_variable_name,
    shown_live,
)

API_VERSION = "iotplan/v1"
GENERIC_SENSOR = "GENERIC_SENSOR_SDE"
DEFAULT_DEVICE_TEMPLATE = "IMPORT_DEVICE_SDE"
DEFAULT_SENSOR_TEMPLATE = GENERIC_SENSOR

KEY_MAX_LENGTH = 63
KEY_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{KEY_MAX_LENGTH - 1}}}")
KEY_RULE = f"^{KEY_PATTERN.pattern}$"
ADDRESS_PATTERN = re.compile(rf"{KEY_PATTERN.pattern}(?:/{KEY_PATTERN.pattern}){{0,2}}")
SECRET_REFERENCE = ENV_REFERENCE
API_NODE_ID = re.compile(r"/api/[0-9A-Fa-f]{6}/node")
THREAD_NODE_ID = re.compile(r"/fn/[0-9A-Fa-f]{6}/node")


def _quoted(value: str) -> str:
    """A key, stack or address its syntax refused, quoted as views show such text (secrets.py
    shown_live): `Password:x` or `api_key=abc123` names a credential, shown '(sensitive)' as every
    other refusal of one is, since the message reaches CI logs and PR comments."""
    return repr(shown_live(value))


def not_a_key(value: str) -> str:
    """Why a key was refused (manifest/errors.py): keys are checked by KEY_RULE in pydantic's core,
    which 100,000 sensors then pass without a Python call each."""
    return (
        f"{_quoted(value)} is not a valid key: use 1 to {KEY_MAX_LENGTH} letters, digits, '.', '_' or '-', "
        "starting with a letter or digit (no '/', ':' or whitespace: keys build addresses and refIds)"
    )


# The refId prefix of `iotplan check-platform`'s scratch connections ('iotplan-check:1a2b3c4d'): a
# stack of that name would own them, and its plans would remove them as orphans, a running check's too.
SCRATCH_STACK = "iotplan-check"


def check_stack(value: str) -> str:
    if not KEY_PATTERN.fullmatch(value):
        raise ValueError(
            f"{_quoted(value)} is not a valid stack: use 1 to {KEY_MAX_LENGTH} letters, digits, '.', '_' "
            "or '-', starting with a letter or digit (no ':' or '/': every refId iotplan creates is "
            "'{stack}:{node}/...')"
        )
    if value.casefold() == SCRATCH_STACK:  # a platform may compare refIds without case (A1++)
        raise ValueError(
            f"{value!r} is reserved: 'iotplan check-platform' gives its scratch connections refIds "
            f"'{SCRATCH_STACK}:...', which a stack of that name would own and remove as orphans (a "
            "running check's included); choose another stack"
        )
    return segment_holds_no_bare_token(value)


def _secret_reference(value: str) -> str:
    match = SECRET_REFERENCE.fullmatch(value)
    if not match:
        raise ValueError(
            "must be a secret reference such as '${env:SITE_A_TOKEN}', never a literal token: "
            "manifests live in git"
        )
    if match.group(1).upper().startswith(OWN_CREDENTIALS_PREFIX):
        raise ValueError(
            f"{value} names one of iotplan's own credential variables ({OWN_CREDENTIALS_PREFIX}*): "
            "it would be written to the platform as this connection's token; give the connection a "
            "variable of its own, such as '${env:SITE_A_TOKEN}'"
        )
    if holds_a_bare_token(match.group(1)):  # never echoed: it is the token itself, not a variable's name
        raise ValueError(
            "holds a token where the variable's name goes: write a name, such as '${env:SITE_A_TOKEN}', "
            "export the token under it (or set the CI secret), and revoke the token if the file was committed"
        )
    if not reads_as_a_variable_name(match.group(1)):  # a token of no prefix iotplan knows: never echoed
        raise ValueError(
            "holds what reads as a token where the variable's name goes, not a name made of words (mixed "
            "case with digits, or a long run of letters and digits): write a name, such as "
            "'${env:SITE_A_TOKEN}', export the token under it (or set the CI secret), and revoke the token "
            "if the file was committed"
        )
    return value


def _address(value: str) -> str:
    if not ADDRESS_PATTERN.fullmatch(value):
        raise ValueError(
            f"{_quoted(value)} is not an address: write the keys of a node, node/device or "
            "node/device/sensor, joined by '/'"
        )
    return segment_holds_no_bare_token(value, _NO_TOKEN_IN_A_MOVE)


# A `from:` is the keys an entity was applied under: one that is a token (taken before keys were asked
# for one) would go to git again in the entry, so no entry can keep its history without the token.
_NO_TOKEN_IN_A_MOVE = (
    "write no token in an address; an entity applied under a key that is one cannot keep its history "
    "through `moved` without the token going to git: revoke the token"
)


# Checked in pydantic's core (a schema pattern too); manifest/errors.py says why one was refused. A
# token's shape is asked in Python: 0.05 µs a key shorter than any token (secrets.py may_hold_a_bare_token).
Key = Annotated[
    str,
    StringConstraints(pattern=KEY_RULE),
    AfterValidator(segment_holds_no_bare_token),
    Field(description="Unique among siblings."),
]
# Patterns repeated in json_schema_extra so editors check them; the validators give the messages.
Stack = Annotated[
    str,
    AfterValidator(check_stack),
    Field(
        description=(
            "Required. The ownership scope: refIds iotplan creates are '{stack}:{node}/{device}/{sensor}', "
            "and a plan removes only what carries this prefix. It is never taken from the file name, so "
            "renaming or moving a file cannot recreate or delete a network."
        ),
        json_schema_extra={"pattern": f"^{KEY_PATTERN.pattern}$"},
    ),
]
# A stack `shares_keys_with` names: another network's, checked as `stack:` is.
OtherStack = Annotated[
    str,
    AfterValidator(check_stack),
    Field(json_schema_extra={"pattern": f"^{KEY_PATTERN.pattern}$"}),
]
Address = Annotated[
    str,
    AfterValidator(_address),
    Field(json_schema_extra={"pattern": f"^{ADDRESS_PATTERN.pattern}$"}),
]
# The fields holding a secret: written as `${env:NAME}` alone, never echoed, never shown in a plan.
SECRET_FIELDS = frozenset({"auth_token"})


def _schema_secret_reference() -> str:
    """SECRET_REFERENCE whose name starts with no OWN_CREDENTIALS_PREFIX in any case, as
    _secret_reference refuses it (ECMA-262 patterns have lookahead, no case-insensitive flag)."""
    caseless = "".join(
        f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in OWN_CREDENTIALS_PREFIX
    )
    pattern = SECRET_REFERENCE.pattern
    name = pattern.index("(")  # the variable's name: its start is what the lookahead looks at
    return f"^{pattern[:name]}(?!{caseless}){pattern[name:]}$"


SecretReference = Annotated[
    str,
    AfterValidator(_secret_reference),
    # The schema says what _secret_reference refuses, so an editor marks it too.
    Field(json_schema_extra={"pattern": _schema_secret_reference()}),
]


def _none_yet() -> list[Any]:
    """A new empty list, as `list` makes: a function of ours, since pydantic reads each default
    factory's signature when it builds a validator, and a builtin's is parsed from its text
    (tokenize's patterns compiled: 2 ms of every plan, validate and drift)."""
    return []


class Location(Strict):
    """A point written latitude first, as people say it; sent to the platform as GeoJSON."""

    lat: float = Field(ge=-90, le=90, allow_inf_nan=False, description="Latitude in degrees, -90 to 90.")
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False, description="Longitude in degrees, -180 to 180.")
    elevation: float | None = Field(None, allow_inf_nan=False, description="Metres above sea level.")

    def to_geojson(self) -> dict[str, Any]:
        """The platform's LOCATION: GeoJSON order is [lon, lat, elevation]."""
        return {"type": "Point", "coordinates": [self.lon, self.lat, self.elevation]}


class Metric(Strict):
    """One metric of a generic sensor and its unit, each a catalog id or a custom name.

    The platform documents three combinations: custom metric + custom unit, catalog metric +
    catalog unit, and custom metric + catalog unit.
    """

    metric: Ref | None = Field(None, description="A catalog metric id, e.g. 'T' or 'cum_distance'.")
    custom_metric: MetricName | None = Field(None, description="A free-form metric name.")
    unit: Ref | None = Field(None, description="A catalog unit id, e.g. 'C', 'mm' or 'Hz'.")
    custom_unit: MetricName | None = Field(None, description="A free-form unit name.")

    # Checked once, when the metric is made from data: pydantic runs an "after" model validator on
    # every instance handed to it too, and a fleet's 100,000 sensors share the default's one Metric.
    def model_post_init(self, context: Any, /) -> None:
        if (self.metric is None) == (self.custom_metric is None):
            raise ValueError("give exactly one of 'metric' (catalog id) or 'custom_metric'")
        if (self.unit is None) == (self.custom_unit is None):
            raise ValueError("give exactly one of 'unit' (catalog id) or 'custom_unit'")
        if self.metric is not None and self.custom_unit is not None:
            raise ValueError(
                "a catalog metric needs a catalog unit: the platform accepts custom metric + "
                "custom unit, metric + unit, or custom metric + unit"
            )


class Entity(Strict):
    name: Name | None = Field(None, description="NAME on the platform.")
    notes: Notes | None = Field(None, description="NOTES on the platform.")
    location: Location | None = None


class Sensor(Entity, ThreadSensorFields):
    key: Key
    template: Ref | None = Field(None, description=f"INTEGRATION_ID (default {GENERIC_SENSOR}).")
    ref_id: Ref | None = Field(None, description="Adopt a sensor created by another tool.")
    protect: bool | None = Field(None, description="Refuse to remove this sensor.")
    metrics: list[Metric] | None = Field(None, description="Ordered; required on generic sensors.")


class Device(Entity, ThreadDeviceFields):
    key: Key
    template: Ref | None = Field(None, description=f"INTEGRATION_ID (default {DEFAULT_DEVICE_TEMPLATE}).")
    ref_id: Ref | None = Field(None, description="Adopt a device created by another tool.")
    protect: bool | None = Field(None, description="Refuse to remove this device.")
    sensors: list[Sensor] = Field(default_factory=_none_yet)


THREAD_UNMANAGED_FIELDS = {"notes", "external_id", "url", "auth_token"}


# A node's `id` by its kind, for editors: checks.py and thread_checks.py refuse the others, at the
# `id:` line. A THREAD's serial is upper-case hex, so its pattern is narrower than THREAD_NODE_ID.
NODE_ID_BY_KIND: JsonDict = {
    "if": {"properties": {"kind": {"const": "thread"}}, "required": ["kind"]},
    "then": {
        "properties": {"id": {"type": "string", "pattern": "^/fn/[0-9A-F]{6}/node$"}},
        "required": ["id"],
    },
    "else": {"properties": {"id": {"pattern": f"^{API_NODE_ID.pattern}$"}}},
}


class Node(Entity):
    """A connection: an API data source (`kind: api`) or a THREAD gateway (`kind: thread`)."""

    model_config = ConfigDict(json_schema_extra=NODE_ID_BY_KIND)

    key: Key
    kind: Literal["api", "thread"] = "api"
    id: Ref | None = Field(None, description="Adopt an existing connection (required for thread).")
    external_id: Name | None = None
    url: Url | None = None
    auth_token: SecretReference | None = Field(None, description="Only as ${env:NAME}.")
    register_node: bool | None = Field(
        None,
        alias="register",
        description="Thread only: create the THREAD's connection (createNode) if it is not on the platform.",
    )
    version: Ref | None = Field(None, description="Thread only: VERSION sent with createNode, e.g. v4_6.")
    devices: list[Device] = Field(default_factory=_none_yet)
    edge: Edge | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Node:
        if self.kind == "thread":  # its `id:` is checked with the THREAD rules (thread_checks.py)
            props = sorted(THREAD_UNMANAGED_FIELDS & self.model_fields_set)
            if props:
                raise ValueError(
                    f"{', '.join(props)}: the reference documents NAME and LOCATION on a THREAD connection, "
                    "not these; declare them on an api node"
                )
            if self.register_node and self.version is None:
                raise ValueError("register: true needs 'version' (VERSION, required by createNode)")
        else:
            for field, name in (("edge", "edge"), ("register_node", "register"), ("version", "version")):
                if getattr(self, field) is not None:
                    raise ValueError(f"'{name}' belongs to thread nodes only")
        return self


class Project(Strict):
    id: Annotated[str, Field(pattern=PROJECT_ID_RULE, description="iTwin asset id.")]
    nodes: list[Node] = Field(default_factory=_none_yet)


class Move(Strict):
    from_: Address = Field(alias="from", description="The old address, e.g. dam-a/logger-1/pz-1.")
    to: Address = Field(description="The new address, declared in this manifest.")


class NodeDefaults(Strict):
    notes: Notes | None = None
    location: Location | None = None
    url: Url | None = None


class DeviceDefaults(Strict):
    template: Ref | None = None
    notes: Notes | None = None
    location: Location | None = None
    protect: bool | None = None


class SensorDefaults(DeviceDefaults):
    metrics: list[Metric] | None = Field(None, description="Applied to generic sensors only.")


class Defaults(Strict):
    node: NodeDefaults = Field(default_factory=NodeDefaults)
    device: DeviceDefaults = Field(default_factory=DeviceDefaults)
    sensor: SensorDefaults = Field(default_factory=SensorDefaults)


class Manifest(Strict):
    """A whole manifest: the desired state of the connections it declares."""

    api_version: Literal["iotplan/v1"] = Field(alias="apiVersion")
    stack: Stack
    shares_keys_with: list[OtherStack] = Field(
        default_factory=_none_yet,
        description=(
            "Other stacks whose networks use this manifest's keys too, in its projects (two regions from "
            "one template): what their entities at this stack's addresses hold is never taken for this "
            "network, its stack renamed with a name edited, nor is a first apply at their keys refused. "
            "One at the very address of an entity to create named alike (or the entity declared "
            "unnamed), or a device so at its own address, still refuses the creation. If this stack is "
            "one named renamed, this line makes its network a second time. Names are compared in any "
            "case; this manifest's own stack is ignored."
        ),
    )
    defaults: Defaults = Field(default_factory=Defaults)
    projects: list[Project] = Field(default_factory=_none_yet)
    moved: list[Move] = Field(default_factory=_none_yet)

    @classmethod
    def model_rebuild(cls, **options: Any) -> bool | None:
        """The models a plan also validates alone (its defaults, each node, the defaults' metrics)
        built first, from the inside out, each then taken whole into those holding it: built
        inside this one first, each was built a second time for its own use (10 ms of every plan,
        validate and drift). The Manifest's first use builds them through here (a part validated
        alone first is built by pydantic's own rebuild); the validators are the same. `force` is
        passed on; a part that cannot be built raises, as it would when used alone."""
        for part in (Metric, NodeDefaults, DeviceDefaults, SensorDefaults, Defaults, Node):
            part.model_rebuild(force=options.get("force", False))
        return super().model_rebuild(**options)
