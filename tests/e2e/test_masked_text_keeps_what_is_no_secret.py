"""Masking hides the credential and no more: a refId another tool wrote as a prefix and a URL with
its password (`unm:https://u:pw@host`) keeps its prefix and scheme, and `import` makes no key nor
variable name of masked text (a key reading "sensitive" names nothing)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

PASSWORDS = ("LIVEpw5", "LIVEpw1")


@pytest.fixture
def foreign(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    devices = [
        {"refId": "unm:https://u:LIVEpw5@h.example", "name": "Their logger"},
        {"refId": "other-tool-7", "name": "Crest https://u:LIVEpw1@x.example/"},
    ]
    workspace.integrate_under(
        "quickstart:dam-a",
        [
            {
                "changeState": "new",
                "refId": device["refId"],
                "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": device["name"]},
                "sensors": [],
            }
            for device in devices
        ],
    )
    return workspace


def test_a_plan_quotes_such_a_refid_with_its_prefix_and_scheme(foreign: Workspace) -> None:
    planned = foreign.run("plan", QUICKSTART, "--no-color")
    assert planned.exit_code == 0, planned.output
    assert "SERIAL_NO 'unm:https://(sensitive)@h.example'" in planned.stdout
    assert not [password for password in PASSWORDS if password in planned.output]


def test_import_makes_its_key_of_the_name_without_the_masked_url(foreign: Workspace) -> None:
    imported = foreign.run("import", "--project", PROJECT, "--stack", "imp", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    written = (foreign.path / "imported.yaml").read_text()
    assert "unm:https://(sensitive)@h.example" in written
    keys = re.findall(r"- key: (\S+)", written)
    assert "crest" in keys and not [key for key in keys if "sensitive" in key]
    assert not [password for password in PASSWORDS if password in written + imported.output]
