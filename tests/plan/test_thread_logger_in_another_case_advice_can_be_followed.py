"""A THREAD logger declared with a serial in another case than the live one's: the refusal's advice,
followed as written, gives a manifest that validates and plans no changes (it once offered an `id:`
that the manifest check refuses, the id's serial contradicting `serial:`)."""

from __future__ import annotations

import re

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state, walk
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Kind, Plan, PlanOptions
from iotplan.plan.props import platform_props

PROJECT = "p-1"
NODE = "/fn/7A0001/node"


def site(logger_settings: str) -> str:
    return f"""
apiVersion: iotplan/v1
stack: tcase
projects:
  - id: {PROJECT}
    nodes:
      - key: site-a
        kind: thread
        id: {NODE}
        devices:
          - key: vw2
            name: Case logger
            type: VW_LOGGER
            port: 3
{logger_settings}
"""


def planned(text: str, connection: LiveConnection) -> Plan:
    project = LiveProject(PROJECT, exists=True)
    project.connections = {NODE: connection}
    state = desired_state(parse_manifest(text, "site.yaml"))
    return make_plan(state, LiveState("test", {PROJECT: project}), PlanOptions())


def live_as_declared(text: str) -> LiveConnection:
    """The THREAD as if `text` had been applied."""
    (node,) = desired_state(parse_manifest(text, "site.yaml")).nodes
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    for each in walk(node.children):
        props = platform_props(each.fields, lambda _: "", clear_metrics=False)
        if each.kind is Kind.DEVICE:
            connection.devices.append(LiveEntity(each.thread_id or "", props, None, each.template))
    return connection


def followed(advice: str) -> str:
    """The logger's settings with each `key: value` the advice names written, as a user would."""
    settings = {"serial": "AB12CD"}
    settings.update(re.findall(r"`(\w+): ([^`]+)`", advice))
    return "\n".join(f"            {key}: {value}" for key, value in settings.items())


def test_the_advice_for_a_logger_whose_serial_is_live_in_another_case_can_be_followed() -> None:
    connection = live_as_declared(site("            serial: ab12cd"))
    with pytest.raises(PlanError) as refused:
        planned(site("            serial: AB12CD"), connection)
    advice = str(refused.value).split("the same id in another case", 1)[1]
    assert '`serial: "ab12cd"`' in advice
    assert not planned(site(followed(advice)), connection).summary.has_changes
