"""An imported manifest holds no credential that masking leaves in clear (`Password=...;`, `token:
...`, `Bearer ...`, the run's own key) and makes no key of one."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan import secrets
from iotplan.errors import ManifestError
from iotplan.live.model import LiveEntity
from iotplan.manifest import parse_manifest
from tests.render.test_imported import NODE_ID, connection, entity, imported, nodes, ours

# Text naming a credential inside itself, which URL masking leaves as it is.
NAMED = ["Password=hunter2pw;User=x", "token: hunter2pw", "Bearer hunter2pw"]


@pytest.mark.parametrize("held", NAMED)
@pytest.mark.parametrize("prop", ["NAME", "NOTES", "EXTERNAL_ID"])
def test_a_managed_text_naming_a_credential_is_left_out_with_a_comment_and_no_key_made_of_it(
    held: str, prop: str
) -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **{prop: held})
    text = imported(connection(node), stack="other")
    field = {"NAME": "name", "NOTES": "notes", "EXTERNAL_ID": "external_id"}[prop]
    assert f"    # {field} not imported: it holds a credential" in text
    assert "hunter2pw" not in text
    assert nodes(text)[0]["key"] == "b08851"  # the node's own id, never `token-hunter2pw`
    parse_manifest(text, "imported.yaml")


@pytest.mark.parametrize("held", NAMED)
def test_a_metric_name_naming_a_credential_is_written_sensitive_and_the_import_invalid(held: str) -> None:
    live = ours()
    sensor = live.sensors[live.devices[0].id][1]
    sensor.props.update(
        KNOWN_METRICS={}, KNOWN_UNITS={}, UNKNOWN_METRICS={"0": held}, UNKNOWN_UNITS={"0": "m"}
    )
    text = imported(live)
    assert "hunter2pw" not in text and "                # metrics: a custom metric's or unit's name" in text
    assert "                metrics: [{custom_metric: (sensitive), custom_unit: m}]\n" in text
    with pytest.raises(ManifestError, match=r"pz-1: metrics\[0\]\.custom_metric: is \(sensitive\)"):
        parse_manifest(text, "imported.yaml")  # for a person to set


def test_a_secret_this_run_read_is_left_out_of_a_managed_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API key, say, pasted into a connection's notes: no pattern finds it, the value does."""
    monkeypatch.setattr(secrets, "_known", set())
    monkeypatch.setattr(secrets, "_by_start", {})
    secrets.remember("run-key-4471")
    node = entity(NODE_ID, SERIAL_NO="LEGACY", NAME="Feed", NOTES="key run-key-4471 for the feed")
    text = imported(connection(node), stack="other")
    assert "run-key-4471" not in text and "    # notes not imported: it holds a credential" in text


@pytest.mark.parametrize("held", NAMED)
def test_a_ref_id_naming_a_credential_is_not_adopted_and_shown_only_as_sensitive(held: str) -> None:
    live = ours()
    spare = entity(f"{NODE_ID}/dynamic/A00008/device", NODE_ID, SERIAL_NO=held, NAME="Spare")
    live.devices.append(spare)
    text = imported(live)
    assert (
        f'# device {spare.id} is not adopted: its refId (SERIAL_NO) "(sensitive)" holds a credential' in text
    )
    assert "hunter2pw" not in text and [d["key"] for d in nodes(text)[0]["devices"]] == ["logger-1"]


@pytest.mark.parametrize("held", NAMED)
def test_a_connections_ref_id_naming_a_credential_is_noted_as_sensitive(held: str) -> None:
    text = imported(connection(entity(NODE_ID, SERIAL_NO=held, NAME="Feed")))
    assert f'    id: {NODE_ID}   # adopted: its refId is "(sensitive)"' in text and "hunter2pw" not in text


@pytest.mark.parametrize(
    ("held", "shown"),
    [
        ("u:hunter2pw@db.example", '"(sensitive)@db.example"'),
        ({"dsn": "Server=sa:hunter2pw@db.example:1433"}, '{"dsn": "Server=(sensitive)@db.example:1433"}'),
        (
            "sa:hunter2pw@db.example, mail ops@site.example, mailto:ops@site.example",
            '"(sensitive)@db.example, mail ops@site.example, mailto:ops@site.example"',
        ),
    ],
)
def test_a_user_and_password_before_a_host_without_a_scheme_is_masked_in_a_comment(
    held: Any, shown: str
) -> None:
    """As ODBC and ssh strings write them; an e-mail address has no `:` before its `@`, and stays."""
    live = ours()
    live.node.props["VENDOR_LINK"] = held
    assert f"    # not managed by iotplan: VENDOR_LINK = {shown}" in imported(live)


@pytest.mark.parametrize("prop", ["NAME", "NOTES", "EXTERNAL_ID"])
def test_a_managed_text_holding_a_user_and_password_before_a_host_is_left_out(prop: str) -> None:
    """`sa:pw@db.example` without a `scheme://`: plans show it masked, as they do a URL's password, so
    the manifest (for git) holds it no more than `https://sa:pw@db.example`, and no key is made of it."""
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **{prop: "sa:hunter2pw@db.example"})
    text = imported(connection(node), stack="other")
    field = {"NAME": "name", "NOTES": "notes", "EXTERNAL_ID": "external_id"}[prop]
    assert f"    # {field} not imported: it holds a user:password@host credential" in text
    assert "hunter2pw" not in text
    assert nodes(text)[0]["key"] == "b08851"  # the node's own id, never `sa-hunter2pw-db-example`
    parse_manifest(text, "imported.yaml")


def test_a_devices_notes_holding_a_user_and_password_before_a_host_are_left_out() -> None:
    live = ours()
    live.devices[0].props["NOTES"] = "ODBC sa:hunter2pw@db.example"
    text = imported(live)
    assert (
        "            # notes not imported: it holds a user:password@host" in text and "hunter2pw" not in text
    )
    parse_manifest(text, "imported.yaml")


@pytest.mark.parametrize("held", NAMED)
def test_a_thread_loggers_name_naming_a_credential_is_left_out_with_a_comment(held: str) -> None:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
    props = {"NAME": held, "EXTERNAL_PORT": 1}
    logger = LiveEntity("/fn/4A1B2C/node/vwlogger/032433/device", props, thread.id, "VW_LOGGER")
    text = imported(connection(thread, (logger, [])))
    assert "            # name not imported: it holds a credential" in text and "hunter2pw" not in text
    parse_manifest(text, "imported.yaml")


@pytest.mark.parametrize("prop", ["NAME", "NOTES", "EXTERNAL_ID"])
def test_a_text_holding_a_user_and_password_before_a_host_is_told_so_not_as_a_url(prop: str) -> None:
    """`root:pw@10.0.0.1` holds no URL: its comment says what it holds, with no words of a URL's path,
    query or parameters, which it has none of."""
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **{prop: "root:hunter2pw@10.0.0.1"})
    field = {"NAME": "name", "NOTES": "notes", "EXTERNAL_ID": "external_id"}[prop]
    [said] = [
        line for line in imported(connection(node), stack="other").splitlines() if "not imported" in line
    ]
    assert said.lstrip().startswith(f"# {field} not imported: it holds a user:password@host credential"), said
    assert said.endswith("set it here by hand if it is meant to be managed"), said
    assert "URL" not in said and "path or query" not in said and "hunter2pw" not in said


def test_a_text_holding_a_urls_password_beside_a_user_and_password_is_told_as_a_url() -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY", NOTES="https://a:hunter2pw@x.example/ sa:hunter2pw@db.example")
    text = imported(connection(node), stack="other")
    assert "    # notes not imported: it holds a credential, or an '@' in its path or query" in text
    assert "hunter2pw" not in text
