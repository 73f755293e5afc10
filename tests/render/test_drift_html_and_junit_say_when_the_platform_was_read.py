"""A drift report's HTML page and JUnit XML carry when its platform was read (`read_at`), as the
Markdown does: a report shown or merged a week later must not read as made now."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from iotplan.render.drift import render_drift_junit
from iotplan.render.drift_html import render_drift_html
from tests.render.drifts import SCENARIOS

READ_AT = datetime(2024, 5, 17, 6, 30, 12, tzinfo=UTC)


def test_the_html_page_and_the_junit_xml_say_when_the_platform_was_read() -> None:
    report = dataclasses.replace(SCENARIOS["gateways"](), read_at=READ_AT)
    page = render_drift_html(report)
    assert "read <b>2024-05-17 06:30 UTC</b>" in page and "generated" not in page
    junit = render_drift_junit(report)
    assert 'timestamp="2024-05-17T06:30:12"' in junit
