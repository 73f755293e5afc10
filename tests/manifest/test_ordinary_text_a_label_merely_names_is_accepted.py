"""Ordinary monitoring text whose label is a credential word but whose value is no secret (`Password:
none`, `Calibration cert: 2025-03-14`, `Pile bearer 20mm`, `PW: 12 m` of pore water): accepted in a
name, notes or url. Refused the day the manifest was read by the rule views hide live text with, which
over-hides on purpose (when unsure, hide): a CI that passed the day before failed on notes holding no
secret, told to take out what was none. Only a credential plainly named and shaped as one is refused."""

from __future__ import annotations

import json

import pytest

from iotplan.manifest import parse_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: n\n"
)
ORDINARY = (
    "Calibration cert: 2025-03-14",
    "Cert: ISO 9001",
    "Bearer 2A",
    "Pile bearer 20mm",
    "Bearer 20mm plates",
    "PW: 12 m",
    "Session: winter 2025",
    "Pin: 4 (top)",
    "PIN: 3 anchors",
    "Station PIN: N/A",
    "Pass-through: port 2",
    "Logger key: LG-42",
    "Access key: with site manager",
    "key=value pairs are logged",
    "Auth: none required",
    "Password: none",
    "Secrets: none",
    "Token: 3",
    "Lock key: #4",
    # A bridge's bearing, a pin's size or place, a sign-on's kind, an order's number, a path.
    "Bearer: elastomeric",
    "Bearer: B3 LVDT",
    "Pin: M12",
    "Pin: top",
    "PIN: LVDT-3",
    "PIN: P4",
    "Auth: SSO",
    "Authorization: PO-4421",
    "Password: reset",
    "Password: default",
    "Password: blank",
    "Password: unchanged",
    "Secret: internal",
    "Access key: KS-12",
    "pwd: /var/log",
    "Secret Service Road",
)


@pytest.mark.parametrize("field", ("name", "notes"))
@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_text_a_label_merely_names_is_accepted(field: str, value: str) -> None:
    parsed = parse_manifest(HEAD + f"        {field}: {json.dumps(value)}\n", "site.yaml")
    assert getattr(parsed.manifest.projects[0].nodes[0], field) == value
