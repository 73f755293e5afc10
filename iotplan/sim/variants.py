"""Switches for the behaviours the vendor reference does not document.

The emulator implements iotplan's assumptions by default (docs/api-assumptions.md). Each variant
replaces one of them with a plausible alternative, so the tests can show what iotplan does when
the real platform disagrees. Several can be on at once:

    iotplan sim serve --variant page-cap-100 --variant no-observation-counts
    embedded_transport(db, variants=["page-cap-100"])      IOTPLAN_SIM_VARIANTS=page-cap-100,serial-is-uuid

Each variant is read in the one place that implements its rule (`variants.on("...")`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from iotplan.errors import IotplanError

ENVIRONMENT = "IOTPLAN_SIM_VARIANTS"


@dataclass(frozen=True)
class Variant:
    name: str
    assumption: str  # what iotplan assumes, and the emulator does by default
    alternative: str  # what the emulator does with the variant on


KNOWN = {
    variant.name: variant
    for variant in (
        Variant(
            "connection-refid-ignored",
            "A4: integration.refId on a new connection is kept as its SERIAL_NO and EXTERNAL_ID",
            "integration.refId is not kept: SERIAL_NO is the connection's hex, no EXTERNAL_ID, and a second "
            "connection with the same refId is created",
        ),
        Variant(
            "connection-props-ignored",
            "A4: integration.props sets a connection's NAME, NOTES, LOCATION... on new and update",
            "integration.props is ignored: a new connection is named `Data Source API Import {hex}`, an "
            "update changes nothing",
        ),
        Variant(
            "connection-remove-ignored",
            "A4: integration.changeState remove with nodeId removes the connection and all under it",
            "answered 200 with the connection, which stays",
        ),
        Variant(
            "serial-is-uuid",
            "A1: a device's or sensor's refId is stored as its SERIAL_NO",
            "SERIAL_NO is a fresh UUID (or the props.SERIAL_NO sent), as on the iTwin Platform gateway page; "
            "update and remove still find the entity by its refId",
        ),
        Variant(
            "duplicate-refid-400",
            "A1+++: a second entity with one refId under one parent (a create, a SERIAL_NO sent, a rename) "
            "is refused 409",
            "it is refused 400 InvalidProcessIntegrationRequest, the integrate refusal's code as the "
            "reference prints it once, with the same message",
        ),
        Variant(
            "serial-update-ignored",
            "A1: props.SERIAL_NO on update renames the entity (its refId follows: a `moved` rename)",
            "props.SERIAL_NO on update is ignored: SERIAL_NO and refId stay",
        ),
        Variant(
            "remove-deferred",
            "A3: a removal is made when integrate answers it",
            "a call that only removes devices or sensors is answered 200 at once, as if made, and carried "
            "out only after the platform has answered its next HTTP request (an asynchronous removal)",
        ),
        Variant(
            "update-replaces",
            "A2: update merges: props not sent are kept",
            "update replaces: the writable props become those sent (INTEGRATION_ID and platform-owned props "
            "stay; an entry without props keeps only those, its SERIAL_NO gone too)",
        ),
        Variant(
            "rest-location-extra-keys-refused",
            "A2: integrate stores a LOCATION as sent, keys the reference does not show (another tool's "
            "`crs`) too, and takes it back so on update",
            "an integrate write (new or update) whose LOCATION carries a key besides `type` and "
            "`coordinates`, the ones the reference shows, is refused 400, the validation answer's shape, "
            "naming it (`Extra inputs are not permitted`, path `integration.props.LOCATION.crs`); a seed "
            "still stores one, as the platform may hold it from elsewhere",
        ),
        Variant(
            "update-null-ignored",
            "A2: a prop sent as null on update is cleared",
            "a prop sent as null is ignored: it keeps its value",
        ),
        Variant(
            "no-cascade",
            "A3: removing a device removes its sensors (a connection, its devices)",
            "removing a device that still has sensors, or a connection that still has devices, is refused "
            "(422)",
        ),
        Variant(
            "size-not-lowered",
            "A3: a device's SIZE is its number of sensors, lowered when one is removed",
            "a device's SIZE is raised when a sensor is added but never lowered when one is removed (a count "
            "the platform updates late, or not at all)",
        ),
        Variant(
            "page-cap-100",
            "A5: a list page holds up to pageSize entities, up to 1000",
            "pageSize is capped at 100 without saying so",
        ),
        Variant(
            "page-size-over-100-refused",
            "A5: pageSize up to 1000 is served (the reference shows only pageSize=100)",
            "a list request with pageSize above 100 is refused 400 (`pageSize` must be less than or equal "
            "to 100), the validation error's shape",
        ),
        Variant(
            "pages-from-one",
            "A5: pageNumber counts from 0",
            "pageNumber counts from 1: pages 0 and 1 are both the first page",
        ),
        Variant(
            "lists-without-parents",
            "A5+: the device and sensor lists carry each item's parent: a device's props.NODE_ID, a sensor's "
            "device",
            "GET /api/devices/all and /api/sensors/all answer items without them (the reference prints no "
            "item of these lists)",
        ),
        Variant(
            "rest-nodes-without-creation-date",
            "A19: the connection list (GET /api/nodes/all) gives each node its CREATION_DATE, as JSON-RPC "
            "getNodes does",
            "REST's connection lists answer nodes without CREATION_DATE (the reference shows it only in "
            "JSON-RPC answers and on an integrate answer's node)",
        ),
        Variant(
            "unstable-list-order",
            "A5: a list answers its pages in one order from the first request to the last",
            "every list request answers in an order of its own (a fresh shuffle): the pages of one read "
            "overlap and leave gaps",
        ),
        Variant(
            "no-retry-after",
            "A6: a 429 carries retry-after in seconds",
            "429 answers carry no retry-after header (nor iTwinPlatform-RateLimit-Retry-After-Seconds)",
        ),
        Variant(
            "no-rate-limit-headers",
            "A6++: a 429 carries, besides retry-after, the iTwinPlatform-RateLimit-Retry-After-Seconds, "
            "iTwinPlatform-RateLimit-RemainingCalls and iTwinPlatform-Tier headers the iTwin Platform's "
            "rate-limits page lists",
            "429 answers carry retry-after alone",
        ),
        Variant(
            "edge-bare-booleans",
            'A7: GET /deviceConnection and /cloudConnection answer {"value": bool}',
            "they answer a bare true or false",
        ),
        Variant(
            "edge-value-objects",
            "A10: GET /chargeInputVoltage, /chargeInputCurrent, /batteryVoltage, /tempRead and /pressRead "
            "answer a bare number",
            'they answer {"value": n}, as the reference documents them',
        ),
        Variant(
            "edge-numbers-as-text",
            "GET /configure answers BAUD_RATE, DATA_BITS and PORT as the numbers written (the reference "
            "types BAUD_RATE and DATA_BITS integers, and its example sends PORT as one)",
            'it answers each as its digits, text ("38400"), as a gateway keeping its settings as text would',
        ),
        Variant(
            "edge-version-v-prefixed",
            "GET /version answers the application version as POST /update?version= takes it (7.17.0)",
            "it answers the version prefixed with v (v7.17.0)",
        ),
        Variant(
            "metrics-update-ignored",
            "A8: update may change a generic sensor's metric and unit maps",
            "metric and unit maps sent on update are ignored: the sensor keeps the ones it was created with",
        ),
        Variant(
            "no-observation-counts",
            "§3.5: REST answers carry OBSERVATION_COUNT on devices and sensors",
            "only the connection of POST /api/integrations/{nodeId} carries OBSERVATION_COUNT, as documented",
        ),
        Variant(
            "observation-count-lags",
            "§3.5: a sensor's OBSERVATION_COUNT counts an observation once the upload is answered",
            "an upload (answered 202 Accepted) sets LAST_OBSERVATION while OBSERVATION_COUNT stays where it "
            "was (0 on a new sensor), in REST and JSON-RPC answers: a count the platform updates late",
        ),
        Variant(
            "rest-without-last-observation",
            "§3.5: REST answers carry a device's and a sensor's LAST_OBSERVATION, as JSON-RPC's objects do",
            "REST answers (integrate answers, connection reads, lists) show no LAST_OBSERVATION on devices "
            "and sensors, as no REST example of the reference does; JSON-RPC's objects still carry it",
        ),
        Variant(
            "connection-count-current",
            "§3.5: a connection's OBSERVATION_COUNT is what its sensors' counts add up to",
            "a connection's OBSERVATION_COUNT counts every observation uploaded under it once the upload is "
            "answered, and keeps a removed sensor's: with `observation-count-lags`, its sensors' counts lag "
            "behind it",
        ),
        Variant(
            "integrate-partial",
            "an integrate call is all or nothing",
            "the changes before the first failing device entry are kept, and the call answers the error",
        ),
        Variant(
            "write-then-503",
            "429 and 503 answers wrote nothing (so a write may be retried)",
            "every integrate call that succeeds is answered 503 after its changes are made",
        ),
        Variant(
            "write-then-empty-200",
            "a write answered 200 carries the integration it made",
            "every integrate call that succeeds is answered 200 with an empty body",
        ),
        Variant(
            "write-then-html-200",
            "a write answered 200 carries the integration it made, as JSON",
            "every integrate call that succeeds is answered 200 with an HTML page, as a proxy in front of "
            "the platform may answer",
        ),
        Variant(
            "unknown-project-403",
            "an unknown project is 404",
            "an unknown project is 403 InsufficientPermissions, as one the credential may not reach",
        ),
        Variant(
            "unknown-project-empty",
            "GET /api/projects/{id} answers 404 for an unknown project",
            "GET /api/projects/{id} answers 200 [] for an unknown project, and its lists are empty",
        ),
        Variant(
            "default-project-only",
            "POST /api/integrations/{nodeId} finds a connection in any project the credential reaches",
            "without projectIds only the default project is read: a connection elsewhere is the documented "
            "422 `nodeId is valid` error, and POST /api/sensors/metrics answers no metrics for its sensors",
        ),
        Variant(
            "missing-port-empty-config",
            "GET /configure?port=N fails (4xx) for a port the THREAD lacks",
            "it answers 200 {} (writes to that port still fail)",
        ),
        Variant(
            "update-restarts",
            "A11+: after `POST /update` the local API keeps answering (the reference does not say whether an "
            "update restarts it)",
            "the update is kept and answered, then the THREAD stops answering, as a restarting API would, "
            "until the control plane sets it ok again (`POST /_sim/gateways/{serial}`)",
        ),
        Variant(
            "voltage-reads-zero",
            "a port's power setting can be read back from its measured voltage (deviceAdcRead option 0)",
            "the measured voltage is near 0 V whatever the power setting (nothing draws on the port)",
        ),
        Variant(
            "rpc-ids-echoed",
            "JSON-RPC: an id sent as a string of digits is answered as a number, as the reference's "
            'createNode and getNodes examples show ("id": "2" answered "id": 2)',
            "every id is echoed as sent, as JSON-RPC 2.0 requires",
        ),
        Variant(
            "rpc-errors-in-result",
            "JSON-RPC: an error is answered as a JSON-RPC 2.0 error object under `error`",
            "the error object comes under `result` (`{code, message}`), as the reference's own client "
            'code looks for it (`"code" in result`)',
        ),
        Variant(
            "rpc-update-replaces",
            "JSON-RPC: update* changes only the props it is given (a null clears one), as A2 for REST",
            "update* replaces: the entity's props become those given (platform-owned ones stay)",
        ),
        Variant(
            "rpc-update-unknown-prop-refused",
            "JSON-RPC: update* accepts any prop name and stores it",
            "a prop the entity does not have and the reference's entity objects do not show is refused "
            "(-32602)",
        ),
        Variant(
            "rpc-update-identity-refused",
            "JSON-RPC: update* accepts a device's or sensor's SERIAL_NO and NODE_ID as they stand",
            "a device's or sensor's SERIAL_NO or NODE_ID in update* is refused (-32602), even unchanged: "
            "the platform set them when the entity was created",
        ),
        Variant(
            "rpc-update-types-strict",
            "JSON-RPC: update* stores a prop in whatever JSON type it is sent (the reference: update* "
            '"overwrite[s] existing configuration parameters", nothing of their types)',
            "update* refuses (-32602) a prop whose JSON type is not the one the reference's entity objects "
            'show: EXTERNAL_PORT and MUX_INDEX integers, LOCATION\'s coordinates numbers (text "2" '
            "refused, even as the entity holds it)",
        ),
        Variant(
            "rpc-rewrite-rezeroes",
            "A14: JSON-RPC update* writing a prop back as it stands changes nothing",
            "an update* carrying ZERO_DATE, even unchanged, re-zeroes the logger or sensor: derived metrics "
            "are computed from its reading then, which it records in ZERO_BASELINE (the observations it "
            "held at that write; a create carrying ZERO_DATE records 0), ZERO_DATE itself kept as written",
        ),
        Variant(
            "lists-lag-rpc-writes",
            "A16: GET /api/devices/all and /api/sensors/all show a JSON-RPC write at once",
            "they answer as they stood before the most recent JSON-RPC create* or update* (whoever sent "
            "it): a device or sensor it made is left out, one it changed is listed as it was; the next "
            "JSON-RPC write shows it (and lags itself). JSON-RPC reads and reads by id are not behind",
        ),
        Variant(
            "rpc-reads-lag-writes",
            "JSON-RPC getDevices and getSensors show another writer's JSON-RPC write at once",
            "they answer the device or sensor of the most recent JSON-RPC create* or update* (whoever sent "
            "it) as it stood before it: one it made is left out, one it changed is answered as it was; the "
            "next JSON-RPC write shows it (and lags itself). The REST lists are not behind",
        ),
        Variant(
            "rpc-channel-taken-refused",
            "JSON-RPC: createSensor and updateSensor accept a MUX_INDEX another sensor of the logger holds",
            "a createSensor or updateSensor writing a MUX_INDEX another sensor of the same logger holds is "
            "refused (-32602), even for a moment (one move of a swap of two channels goes first)",
        ),
        Variant(
            "rpc-device-id-rewritten",
            "JSON-RPC: createDevice stores the device under the id it was sent",
            "the platform writes the id's type segment itself, the type lower-cased with its underscores "
            "(`/fn/{serial}/node/dgsi_m_logger/{serial}/device`), and answers that id",
        ),
        Variant(
            "logger-serial-own",
            "JSON-RPC: createDevice gives a THREAD logger the serial in its id as its SERIAL_NO (the "
            "reference's createDevice answer shows no SERIAL_NO)",
            "a created logger gets a SERIAL_NO of its own (not its id's), and the sensors created under it "
            "carry that serial, as the reference's createSensor answer shows a sensor carrying its logger's",
        ),
        Variant(
            "logger-created-without-serial",
            "JSON-RPC: createDevice gives a THREAD logger the serial in its id as its SERIAL_NO (the "
            "reference's createDevice answer shows no SERIAL_NO)",
            "a created logger holds no SERIAL_NO unless the props sent carry one, as the reference's "
            "createDevice answer shows it; the sensors created under it still carry the serial in its id, "
            "as the reference's createSensor answer shows",
        ),
        Variant(
            "rpc-any-type",
            "JSON-RPC: create* refuses a type the catalog does not know (-32602)",
            "any type is accepted",
        ),
        Variant(
            "rpc-any-reachable-project",
            "JSON-RPC: without projectIds, a request sees the default project only, as the reference's "
            "note on getSensors says",
            "without projectIds, a read sees every project the credential reaches (writes still go to "
            "the default project)",
        ),
        Variant(
            "rpc-rate-limited-after-write",
            "JSON-RPC: a request over the rate limit is refused (-32029) before anything is done, as "
            "iotplan assumes a 429 is (the reference prints no JSON-RPC error codes)",
            "a write over the limit is made first, then answered -32029",
        ),
        Variant(
            "catalog-legacy-hidden",
            "the catalog answers (iotplan asks with excludeLegacy=true) list every template and metric "
            "a live sensor holds",
            "TEMPERATURE_SDE and the metric cum_distance are marked legacy: an answer asked with "
            "excludeLegacy=true leaves them out, while the sensors that hold them keep them",
        ),
        Variant(
            "rpc-foreign-project-empty",
            "JSON-RPC: projectIds naming a project the credential may not reach is refused (-32003), an "
            "unknown one too (-32004), as REST answers 403 and 404",
            "such a read answers as an empty project ([] or {}); writes are still refused",
        ),
    )
}


class UnknownVariant(IotplanError):
    """A variant name the emulator does not know; the message lists the ones it does."""


class Variants:
    def __init__(self, names: Iterable[str] = ()) -> None:
        names = [name.strip() for name in names if name.strip()]
        unknown = [name for name in names if name not in KNOWN]
        if unknown:
            raise UnknownVariant(
                f"unknown emulator variant{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                f"the known ones are: {', '.join(KNOWN)}"
            )
        self.active = frozenset(names)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Variants:
        return cls(environ.get(ENVIRONMENT, "").split(","))

    def on(self, name: str) -> bool:
        assert name in KNOWN, name  # a misspelt switch in the emulator is a bug
        return name in self.active

    def names(self) -> list[str]:
        return sorted(self.active)
