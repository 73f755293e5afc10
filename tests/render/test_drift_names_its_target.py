"""A drift report read later (a CI job summary, a JUnit page) names the platform it was checked on:
a staging job's and a production job's otherwise read the same."""

from __future__ import annotations

import dataclasses
from xml.etree import ElementTree

from iotplan.render.drift import render_drift_junit, render_drift_markdown
from tests.render import drifts

STAGING = "https://staging.example (API key; JSON-RPC wss://staging.example:4201)"


def test_the_markdown_names_the_target_under_its_heading() -> None:
    report = dataclasses.replace(drifts.ranked(), target=STAGING)
    assert render_drift_markdown(report).splitlines()[2].startswith(f"**Target** `{STAGING}` · ")


def test_every_junit_suite_carries_the_target_as_a_property() -> None:
    report = dataclasses.replace(drifts.ranked(), target=STAGING)
    suites = ElementTree.fromstring(render_drift_junit(report)).findall("testsuite")
    assert suites and all(
        [(p.get("name"), p.get("value")) for p in suite.iterfind("properties/property")]
        == [("target", STAGING)]
        for suite in suites
    )
