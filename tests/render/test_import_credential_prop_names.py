"""A prop named as a Wi-Fi key, a one-time password, a signature, an SNMP community and the like is
a credential too: `import` writes it "(sensitive)" in its comment for git, and a fingerprint leaves
it out. A name merely holding those letters (`SASH`, `CODEC`, `LAPTOP`) keeps its value shown."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.compare import fingerprint
from iotplan.secrets import SECRET_PROP_NAME
from tests.render.test_imported import imported, ours

CREDENTIALS = [
    *("PSK", "WPA_PSK", "WIFI_PSK", "wifiPsk", "CREDS", "DB_CREDS", "OTP", "SAS", "SIGNATURE"),
    *("REQUEST_SIGNATURE", "ACCESS_CODE", "accessCode", "HMAC", "SNMP_COMMUNITY", "SALT"),
]
ORDINARY = ["SASH", "CODEC", "SITE_CODE", "KANSAS", "LAPTOP", "TOPIC", "SALTWATER", "PSKX", "COMMUNITYHALL"]


@pytest.mark.parametrize("prop", CREDENTIALS)
def test_a_prop_named_as_a_credential_is_written_sensitive_by_import(prop: str) -> None:
    live = ours()
    live.node.props[prop] = "Hunt3rPsk2bbcc"
    text = imported(live)
    assert f"    # not managed by iotplan: {prop} = (sensitive)" in text and "Hunt3r" not in text


@pytest.mark.parametrize("prop", ORDINARY)
def test_a_prop_merely_holding_such_letters_is_shown(prop: str) -> None:
    assert SECRET_PROP_NAME.search(prop) is None
    live = ours()
    live.node.props[prop] = "oak-4"
    assert f'    # not managed by iotplan: {prop} = "oak-4"' in imported(live)


@pytest.mark.parametrize("prop", ["WIFI_PSK", "OTP", "SNMP_COMMUNITY", "SALT"])
def test_such_a_props_value_is_left_out_of_a_fingerprint(prop: str) -> None:
    """An unsalted hash of it in a saved plan would let anyone holding the plan test guesses at it."""
    one, other = ({"NAME": "gw", prop: value} for value in ("Hunt3rWifi66rr", "Hunt3rWifi77ss"))
    assert fingerprint(LiveEntity("/api/p/node/n1", one)) == fingerprint(LiveEntity("/api/p/node/n1", other))
