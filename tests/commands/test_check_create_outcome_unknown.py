"""A create whose outcome is unknown (a 5xx, no answer) and nothing found made is never "none was
created": the scratch may have been made, and the report names what to look for (fz56 #1)."""

from __future__ import annotations

from pathlib import Path

from tests.commands.test_check import INTEGRATE, check_served
from tests.served import seed_with_gateway_ports, served


def test_a_create_answered_5xx_with_nothing_listed_may_have_made_the_scratch(tmp_path: Path) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        report = check_served(url, {"Creating scratch": {"fail_rate": 1.0, "routes": INTEGRATE}})
    scratch = report.scratch
    assert not scratch.removed and scratch.node_id is None and not report.ok
    assert "MAY have been made" in scratch.message and "None" not in scratch.message
    assert f"refId {scratch.ref_id}" in scratch.message and repr(scratch.name) in scratch.message
