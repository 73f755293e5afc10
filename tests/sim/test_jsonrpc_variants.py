"""Each JSON-RPC variant behaves as docs/api-assumptions.md says; each test also shows the default
behaviour it replaces. Named `test_<variant>` (tests/sim/test_variants.py checks that each has one)."""

from __future__ import annotations

from iotplan.sim import FaultConfig
from tests.sim.rpc_client import FOREIGN_PROJECT, PROJECT, SECOND_PROJECT, THREAD, Rpc, logger, piezometer

DEVICE = f"{THREAD}/vwlogger/vw1/device"


def test_rpc_ids_echoed() -> None:
    request = {"jsonrpc": "2.0", "method": "time", "id": "7"}
    [default] = Rpc().connection().request(request)
    [echoed] = Rpc("rpc-ids-echoed").connection().request(request)
    assert (default["id"], echoed["id"]) == (7, "7")


def test_rpc_errors_in_result() -> None:
    params = {"nodes": [THREAD], "projectIds": [FOREIGN_PROJECT]}
    default = Rpc().connection().send("getNodes", params)
    variant = Rpc("rpc-errors-in-result").connection().send("getNodes", params)
    assert "result" not in default and default["error"]["code"] == -32003
    assert "error" not in variant and variant["result"] == default["error"]


def test_rpc_update_replaces() -> None:
    def updated(rpc: Rpc) -> dict[str, object]:
        connection = rpc.connection()
        connection.result("createDevice", logger(MODE="VW"))
        props = connection.result("updateDevice", {"device": DEVICE, "props": {"NAME": "A"}})["props"]
        return dict(props)

    merged, replaced = updated(Rpc()), updated(Rpc("rpc-update-replaces"))
    assert merged["MODE"] == "VW" and merged["EXTERNAL_PORT"] == 1 and merged["NAME"] == "A"
    assert "MODE" not in replaced and "EXTERNAL_PORT" not in replaced and replaced["NAME"] == "A"
    assert replaced["NODE_ID"] == THREAD, "the platform's own props stay"


def test_rpc_update_replaces_keeps_what_only_json_rpc_calls_the_platforms_own() -> None:
    rpc = Rpc("rpc-update-replaces")
    connection = rpc.connection()
    connection.result("createDevice", logger())
    sensor = connection.result("createSensor", piezometer(DEVICE))["id"]
    rpc.app.backend.add_observations(sensor, 3)
    [reported] = connection.result("getSensors", {"sensors": [sensor]})
    renamed = connection.result("updateSensor", {"sensor": sensor, "props": {"NAME": "P"}})
    assert renamed["props"]["NAME"] == "P" and "MUX_INDEX" not in renamed["props"]
    assert renamed["props"]["LAST_OBSERVATION"] == reported["props"]["LAST_OBSERVATION"]
    assert renamed["props"]["OBSERVATION_COUNT"] == 3


def test_rpc_update_unknown_prop_refused() -> None:
    change = {"node": THREAD, "props": {"COLOUR": "red", "NAME": "T3"}}
    assert Rpc().connection().result("updateNode", change)["props"]["COLOUR"] == "red"
    strict = Rpc("rpc-update-unknown-prop-refused").connection()
    error = strict.error("updateNode", change)
    assert error["code"] == -32602 and "COLOUR" in error["message"]
    assert strict.result("updateNode", {"node": THREAD, "props": {"NAME": "T3", "LOCATION": None}})


def test_rpc_rewrite_rezeroes() -> None:
    def baselines(rpc: Rpc) -> list[object]:
        connection = rpc.connection()
        connection.result("createDevice", logger(ZERO_DATE="2026-03-01T00:00:00Z"))
        sensor = connection.result("createSensor", piezometer(DEVICE, ZERO_DATE="2026-03-01T00:00:00Z"))
        rpc.app.backend.add_observations(sensor["id"], 3)
        seen = [sensor["props"].get("ZERO_BASELINE")]
        for update in ("updateDevice", "updateSensor"):
            kind = update.removeprefix("update").lower()
            entity = DEVICE if kind == "device" else sensor["id"]
            renamed = connection.result(update, {kind: entity, "props": {"NAME": "A"}})
            seen.append(renamed["props"].get("ZERO_BASELINE"))
            rewritten = {"NAME": "B", "ZERO_DATE": "2026-03-01T00:00:00Z"}
            written = connection.result(update, {kind: entity, "props": rewritten})
            assert written["props"]["ZERO_DATE"] == "2026-03-01T00:00:00Z", "kept as written"
            seen.append(written["props"].get("ZERO_BASELINE"))
        return seen

    assert baselines(Rpc()) == [None] * 5
    # Zeroed when made (none held); a rename keeps that; ZERO_DATE written as it stands re-zeroes at 3.
    assert baselines(Rpc("rpc-rewrite-rezeroes")) == [0, 0, 3, 0, 3]


def test_lists_lag_rpc_writes() -> None:
    def listed(rpc: Rpc, kind: str) -> dict[str, str]:
        answer = rpc.rest("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000})
        return {item["id"]: item["props"]["NAME"] for item in answer.json()}

    def seen(rpc: Rpc) -> list[tuple[str | None, str | None]]:
        connection = rpc.connection()
        connection.result("createDevice", logger())
        seen = [
            (
                listed(rpc, "devices").get(DEVICE),
                connection.result("getDevices", {"devices": [DEVICE]})[0]["props"]["NAME"],
            )
        ]
        connection.result("updateDevice", {"device": DEVICE, "props": {"NAME": "A"}})
        seen.append((listed(rpc, "devices").get(DEVICE), None))
        sensor = connection.result("createSensor", piezometer(DEVICE))["id"]
        seen.append((listed(rpc, "devices").get(DEVICE), listed(rpc, "sensors").get(sensor)))
        return seen

    assert seen(Rpc()) == [("Logger vw1", "Logger vw1"), ("A", None), ("A", "Piezometer p1")]
    assert seen(Rpc("lists-lag-rpc-writes")) == [
        (None, "Logger vw1"),  # made: left out of the list, while JSON-RPC reads it
        ("Logger vw1", None),  # renamed: listed as it was
        ("A", None),  # the next write shows the rename, and its sensor lags in turn
    ]


def test_rpc_reads_lag_writes() -> None:
    def seen(rpc: Rpc) -> list[object]:
        connection = rpc.connection()
        connection.result("createDevice", logger())
        p1 = connection.result("createSensor", piezometer(DEVICE))["id"]

        def channel() -> object:
            read = connection.result("getSensors", {"sensors": [p1]})
            return read[0]["props"]["MUX_INDEX"] if read else None

        seen: list[object] = [channel()]
        connection.result("updateSensor", {"sensor": p1, "props": {"MUX_INDEX": 8}})
        seen.append(channel())
        connection.result("updateDevice", {"device": DEVICE, "props": {"NAME": "A"}})
        listed = rpc.rest("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
        return [*seen, channel(), {item["id"]: item["props"]["MUX_INDEX"] for item in listed.json()}[p1]]

    assert seen(Rpc()) == [1, 8, 8, 8]
    assert seen(Rpc("rpc-reads-lag-writes")) == [
        None,  # made: left out of a read by its id
        1,  # moved: answered as it was
        8,  # the next write shows the move
        8,  # the REST lists are not behind
    ]


def test_rpc_channel_taken_refused() -> None:
    def answers(rpc: Rpc) -> list[object]:
        connection = rpc.connection()
        connection.result("createDevice", logger())
        connection.result("createDevice", logger(name="vw2"))
        p1 = connection.result("createSensor", piezometer(DEVICE))["id"]
        p2 = connection.result("createSensor", piezometer(DEVICE, "p2", MUX_INDEX=2))["id"]
        other_logger = f"{THREAD}/vwlogger/vw2/device"
        sent = [
            ("createSensor", piezometer(DEVICE, "p3", MUX_INDEX=2)),  # onto p2's channel
            ("updateSensor", {"sensor": p1, "props": {"MUX_INDEX": 2}}),  # a swap's first move
            ("updateSensor", {"sensor": p1, "props": {"NAME": "P", "MUX_INDEX": 1}}),  # its own, as it stands
            ("createSensor", piezometer(other_logger, "p4", MUX_INDEX=2)),  # another logger's channel 2
        ]
        seen: list[object] = []
        for method, params in sent:
            answer = connection.send(method, params)
            seen.append(answer["error"]["code"] if "error" in answer else "ok")
        [held] = connection.result("getSensors", {"sensors": [p2]})
        assert held["props"]["MUX_INDEX"] == 2
        return seen

    assert answers(Rpc()) == ["ok", "ok", "ok", "ok"]
    assert answers(Rpc("rpc-channel-taken-refused")) == [-32602, -32602, "ok", "ok"]


def test_rpc_update_identity_refused() -> None:
    strict = Rpc("rpc-update-identity-refused").connection()
    strict.result("createDevice", logger())
    unchanged = {"device": DEVICE, "props": {"NAME": "A", "NODE_ID": THREAD}}
    error = strict.error("updateDevice", unchanged)
    assert error["code"] == -32602 and "NODE_ID" in error["message"]
    assert strict.result("updateDevice", {"device": DEVICE, "props": {"NAME": "A"}})["props"]["NAME"] == "A"
    assert strict.result("updateNode", {"node": THREAD, "props": {"SERIAL_NO": THREAD.split("/")[2]}})


def test_rpc_update_types_strict() -> None:
    def answers(rpc: Rpc) -> list[object]:
        connection = rpc.connection()
        connection.result("createDevice", logger())
        sensor = connection.result("createSensor", piezometer(DEVICE))["id"]
        text_location = {"type": "Point", "coordinates": ["174.78", -41.27]}
        sent = [
            ("updateDevice", {"device": DEVICE, "props": {"NAME": "A", "EXTERNAL_PORT": "1"}}),
            ("updateSensor", {"sensor": sensor, "props": {"MUX_INDEX": "1"}}),
            ("updateNode", {"node": THREAD, "props": {"LOCATION": text_location}}),
            ("updateDevice", {"device": DEVICE, "props": {"EXTERNAL_PORT": True}}),
            ("updateDevice", {"device": DEVICE, "props": {"NAME": "B", "EXTERNAL_PORT": 1}}),
            (
                "updateNode",
                {"node": THREAD, "props": {"LOCATION": {"type": "Point", "coordinates": [1, 2.5]}}},
            ),
        ]
        seen: list[object] = []
        for method, params in sent:
            answer = connection.send(method, params)
            seen.append(answer["error"]["code"] if "error" in answer else "ok")
        return seen

    assert answers(Rpc()) == ["ok"] * 6
    assert answers(Rpc("rpc-update-types-strict")) == [-32602, -32602, -32602, -32602, "ok", "ok"]
    strict = Rpc("rpc-update-types-strict").connection()
    strict.result("createDevice", logger())
    error = strict.error("updateDevice", {"device": DEVICE, "props": {"NAME": "A", "EXTERNAL_PORT": "2"}})
    assert error["message"] == 'EXTERNAL_PORT must be an integer, not "2".'
    [kept] = strict.result("getDevices", {"devices": [DEVICE]})
    assert kept["props"]["NAME"] != "A", "nothing of a refused update is written"


def test_logger_serial_own() -> None:
    def serials(rpc: Rpc) -> tuple[str, str]:
        connection = rpc.connection()
        made = connection.result("createDevice", logger())
        sensor = connection.result("createSensor", piezometer(DEVICE))
        return made["props"]["SERIAL_NO"], sensor["props"]["SERIAL_NO"]

    assert serials(Rpc()) == ("vw1", "vw1")
    own, carried = serials(Rpc("logger-serial-own"))
    assert own != "vw1" and carried == own, "its sensors carry the logger's own serial"


def test_logger_created_without_serial() -> None:
    def created(rpc: Rpc, **props: str) -> tuple[object, object]:
        connection = rpc.connection()
        connection.result("createDevice", logger(**props))
        sensor = connection.result("createSensor", piezometer(DEVICE))
        [read] = connection.result("getDevices", {"devices": [DEVICE]})
        return read["props"].get("SERIAL_NO", "absent"), sensor["props"]["SERIAL_NO"]

    assert created(Rpc()) == ("vw1", "vw1")
    without = Rpc("logger-created-without-serial")
    assert created(without) == ("absent", "vw1"), "its sensors carry the serial in its id"
    assert created(Rpc("logger-created-without-serial"), SERIAL_NO="SN77") == ("SN77", "SN77")


def test_rpc_any_type() -> None:
    odd = logger()
    odd["type"] = "GEOKON_8600"
    assert Rpc().connection().error("createDevice", odd)["code"] == -32602
    assert Rpc("rpc-any-type").connection().result("createDevice", odd)["type"] == "GEOKON_8600"


def test_rpc_any_reachable_project() -> None:
    def sees_second_project(rpc: Rpc) -> bool:
        node = {"node": "/fn/0D0D0D/node", "type": "THREAD", "props": {"VERSION": "v1"}}
        connection = rpc.connection()
        connection.result("createNode", {**node, "projectIds": [SECOND_PROJECT]})
        return bool(connection.result("getNodes", {"nodes": ["/fn/0D0D0D/node"]}))

    assert not sees_second_project(Rpc()) and sees_second_project(Rpc("rpc-any-reachable-project"))
    made = Rpc("rpc-any-reachable-project").connection().result("createDevice", logger())
    assert made["props"]["PROJECT_ID"] == PROJECT, "writes still go to the default project"


def test_rpc_foreign_project_empty() -> None:
    foreign = {"nodes": [THREAD], "projectIds": [FOREIGN_PROJECT]}
    assert Rpc().connection().error("getNodes", foreign)["code"] == -32003
    variant = Rpc("rpc-foreign-project-empty").connection()
    assert variant.result("getNodes", foreign) == []
    assert variant.result("getNodes", {**foreign, "projectIds": ["no-such-project"]}) == []
    assert variant.error("createDevice", {**logger(), "projectIds": [FOREIGN_PROJECT]})["code"] == -32003


def test_rpc_device_id_rewritten() -> None:
    kept = Rpc().connection().result("createDevice", logger())
    rewritten = Rpc("rpc-device-id-rewritten").connection().result("createDevice", logger())
    assert kept["id"] == DEVICE
    assert rewritten["id"] == f"{THREAD}/vw_logger/vw1/device"


def test_rpc_rate_limited_after_write() -> None:
    def refused_create(rpc: Rpc) -> list[object]:
        connection = rpc.connection()  # authenticated before the limit is spent
        rpc.app.faults.configure(FaultConfig(rate_limit="1/hour", routes="/jsonrpc/*"))
        connection.send("time", {})  # the one request the limit allows
        assert connection.error("createDevice", logger())["code"] == -32029
        rpc.app.faults.configure(FaultConfig())
        return list(connection.result("getDevices", {"devices": [DEVICE]}))

    assert refused_create(Rpc()) == []  # refused before anything was done
    assert len(refused_create(Rpc("rpc-rate-limited-after-write"))) == 1  # made, then refused
