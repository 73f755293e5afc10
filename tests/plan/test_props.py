"""Live props read back as manifest fields: the metric maps folded into ordered entries."""

from __future__ import annotations

from typing import Any

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_nodes
from iotplan.plan.props import Unreadable, identity_holds_a_secret, live_fields, shown_id, shown_live
from iotplan.render.secrets import unless_hidden


def sensor_props(metric: str, unit: str) -> dict[str, Any]:
    return {"NAME": "s", "UNKNOWN_METRICS": {"0": metric}, "KNOWN_UNITS": {"0": unit}}


def test_metric_maps_fold_into_entries_in_index_order_with_the_manifests_keys() -> None:
    props = {"KNOWN_METRICS": {"1": "T"}, "UNKNOWN_METRICS": {"0": "p"}, "KNOWN_UNITS": {"0": "Pa", "1": "C"}}
    assert live_fields("sensor", props)["metrics"] == [
        {"custom_metric": "p", "unit": "Pa"},
        {"metric": "T", "unit": "C"},
    ]


def test_each_entity_reads_its_own_maps_however_many_were_folded_before() -> None:
    """Folds are kept by the maps' identities: a map made after another was dropped must never be
    read as the dropped one."""
    for number in range(3_000):
        fields = live_fields("sensor", sensor_props(f"m{number}", f"u{number}"))
        assert fields["metrics"] == [{"custom_metric": f"m{number}", "unit": f"u{number}"}]


def test_one_shared_map_set_reads_the_same_for_every_entity_that_carries_it() -> None:
    shared = sensor_props("p", "Pa")
    first, second = (live_fields("sensor", {**shared, "NAME": name}) for name in ("a", "b"))
    assert first["metrics"] == second["metrics"] == [{"custom_metric": "p", "unit": "Pa"}]
    assert (first["name"], second["name"]) == ("a", "b")


def test_a_connections_token_is_read_as_set_but_never_as_its_value() -> None:
    token = "tok-live-value-123"
    fields = live_fields("node", {"NAME": "c", "AUTH_TOKEN": token})
    assert set(fields) == {"name", "auth_token"}
    assert token not in repr(fields)
    assert live_fields("node", {"NAME": "c", "AUTH_TOKEN": None}) == {"name": "c"}


def test_a_live_urls_password_and_keys_in_its_query_are_read_masked_and_the_rest_as_it_is() -> None:
    url = "https://al:pw-9@feed.example/x?site=3&api_key=k-77&X-Amz-Signature=s-88#access_token=t-99"
    assert live_fields("node", {"URL": url})["url"] == (
        "https://(sensitive)@feed.example/x?site=3&api_key=(sensitive)"
        "&X-Amz-Signature=(sensitive)#access_token=(sensitive)"
    )


def test_a_password_or_key_in_any_live_text_is_read_masked_as_in_a_url() -> None:
    """Another tool may write a URL with its password into a name or notes: every view reads them here."""
    props = {
        "NAME": "Feed https://admin:pw-61@a.example",
        "NOTES": "wiki https://wiki.example/x?api_key=k-62&page=2",
        "EXTERNAL_ID": "ftp://op:pw-63@ftp.example",
    }
    assert live_fields("node", props) == {
        "name": "Feed https://(sensitive)@a.example",
        "notes": "wiki https://wiki.example/x?api_key=(sensitive)&page=2",
        "external_id": "ftp://(sensitive)@ftp.example",
    }
    assert live_fields("thread-node", {"NAME": "T https://u:pw-64@t.example"}) == {
        "name": "T https://(sensitive)@t.example"
    }


def test_each_kind_reads_the_fields_it_manages_and_leaves_unset_and_unmanaged_props_out() -> None:
    props = {
        "NAME": "n",
        "NOTES": None,
        "URL": "https://feed.example/x",
        "EXTERNAL_PORT": 3,
        "LOCATION": {"type": "Point", "coordinates": [7, 45.5, None]},
    }
    assert live_fields("node", props) == {
        "name": "n",
        "url": "https://feed.example/x",
        "location": {"lat": 45.5, "lon": 7.0, "elevation": None},
    }
    assert live_fields("thread-device", props) == {
        "name": "n",
        "location": {"lat": 45.5, "lon": 7.0, "elevation": None},
        "port": 3,
    }
    unset = {"NAME": "s", "LOCATION": {"type": "Point", "coordinates": [None, None, None]}}
    assert live_fields("sensor", unset) == {"name": "s"}


def test_sensors_that_declare_equal_metrics_hold_one_list_and_others_their_own() -> None:
    # 100,000 sensors with the default metrics: one list, not one each; and no children list each
    level = "[{custom_metric: level, custom_unit: m}, {custom_metric: temp, custom_unit: C}]"
    body = "".join(
        f"              - {{key: {key}, metrics: {metrics}}}\n"
        for key, metrics in (("a", level), ("b", level), ("c", "[{custom_metric: flow, custom_unit: l}]"))
    )
    text = (
        "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n      - key: n\n        devices:\n          - key: d\n            sensors:\n" + body
    )
    sensors = desired_nodes(parse_manifest(text, "f"))[0].children[0].children
    a, b, c = (sensor.fields["metrics"] for sensor in sensors)
    assert sensors[0].children is sensors[1].children == ()  # no empty list of its own each
    assert a is b and a == [
        {"custom_metric": "level", "custom_unit": "m"},
        {"custom_metric": "temp", "custom_unit": "C"},
    ]
    assert c == [{"custom_metric": "flow", "custom_unit": "l"}]


def test_metric_maps_keyed_otherwise_than_by_index_are_unreadable_never_guessed() -> None:
    """The reference documents only maps keyed "0", "1", ...: a key `a` once stopped every plan with
    an unexpected ValueError, and a gap read as the metrics either side of it, in sync."""
    for maps, why in (
        (
            {"UNKNOWN_METRICS": {"a": "x"}, "UNKNOWN_UNITS": {"a": "u"}},
            "UNKNOWN_METRICS has the key 'a', not an index",
        ),
        (
            {"UNKNOWN_METRICS": {"01": "x"}, "UNKNOWN_UNITS": {"01": "u"}},
            "UNKNOWN_METRICS has the key '01', not an index",
        ),
        (
            {"KNOWN_METRICS": ["T"], "KNOWN_UNITS": {"0": "C"}},
            "KNOWN_METRICS is a list, not a map of indexes",
        ),
        (
            {"UNKNOWN_METRICS": {"0": "x", "2": "y"}, "UNKNOWN_UNITS": {"0": "u", "2": "v"}},
            "the metric maps hold indexes 0, 2, without 1",
        ),
    ):
        metrics = live_fields("sensor", maps)["metrics"]
        assert isinstance(metrics, Unreadable) and metrics.why == why
        assert metrics == f"(unreadable: {why})"  # what a plan and a drift report show


def test_a_password_or_key_in_a_custom_metric_or_unit_name_is_read_masked() -> None:
    """Another tool may write a URL with its password into a custom name: every view reads it here."""
    props = {
        "UNKNOWN_METRICS": {"0": "lvl https://m:pw-71@m.example"},
        "UNKNOWN_UNITS": {"0": "u ?token=t-72"},
        "KNOWN_METRICS": {"1": "T"},
        "KNOWN_UNITS": {"1": "C"},
    }
    assert live_fields("sensor", props)["metrics"] == [
        {"custom_metric": "lvl https://(sensitive)@m.example", "custom_unit": "u ?token=(sensitive)"},
        {"metric": "T", "unit": "C"},
    ]


def test_an_id_holding_a_secret_shows_its_thread_and_kind_around_a_digest_telling_it_apart() -> None:
    """Saved ids are read back: merge tells entities apart by them, views tell a THREAD's by its prefix."""
    first = shown_id("/fn/6C7D8E/node/vwlogger/032433/device/Bearer abc-1/sensor")
    second = shown_id("/fn/6C7D8E/node/vwlogger/032433/device/Bearer abc-2/sensor")
    assert first is not None and second is not None and first != second
    assert first.startswith("/fn/6C7D8E/node/(sensitive)#") and first.endswith("/sensor")
    assert "abc" not in first + second
    assert shown_id("/fn/6C7D8E/node/vwlogger/032433/device") == "/fn/6C7D8E/node/vwlogger/032433/device"


BARE_TOKENS = (
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "glpat-abcdefghij0123456789",
    "xoxb-123456789012-abcdefabcdef",
    "sk_live_abcdefghijklmnop1234",
    "AKIAIOSFODNN7EXAMPLE",
)
IDENTITIES = (
    "6C7D8E",
    "032433",
    "quickstart:dam-a/logger-1",
    "LG-1001",
    "6ee68656-ce20-452c-a4e6-b6b3a3b55537",
    "5f0c3a9e2b7d41c8a6e1d3b2c4f5a6b7",
    "/fn/6C7D8E/node/vwlogger/032433/device",
)


def test_a_live_text_that_is_a_token_by_its_shape_alone_is_quoted_as_views_show_it() -> None:
    """Messages follow the views' rule (fz120 F1): a token of an id's characters was quoted in clear."""
    for token in BARE_TOKENS:
        assert shown_live(token) == unless_hidden(token) == "(sensitive)", token
        assert identity_holds_a_secret(token), token
        assert token[:12] not in (shown_id(f"/fn/{token}/node") or ""), token


def test_ordinary_identities_are_quoted_and_shown_as_they_are() -> None:
    for identity in IDENTITIES:
        assert shown_live(identity) == unless_hidden(identity) == identity
        assert not identity_holds_a_secret(identity) and shown_id(identity) == identity
