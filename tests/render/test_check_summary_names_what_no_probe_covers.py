"""'All 11 assumptions writes depend on hold' is not read as more than was probed: the summary names
the assumptions no probe covers, A1+++'s 409 and A3's SIZE among them (fz56 #5)."""

from __future__ import annotations

from iotplan.render.check_report import ASSUMPTIONS, CheckReport, ScratchOutcome, render_check_text


def test_the_summary_names_a1_409_and_a3_size_as_not_probed() -> None:
    lines = [assumption.holds("as documented", "as documented") for assumption in ASSUMPTIONS]
    scratch = ScratchOutcome("iotplan-check:1a2b3c4d", "scratch", "/api/1A2B3C/node", True, "removed.")
    summary = CheckReport("project", "target", lines, scratch).summary()
    assert summary.startswith("All 11 assumptions writes depend on hold.")
    not_probed = summary[summary.index("Not probed") :]
    assert "409 (A1+++" in not_probed and "SIZE follows its sensors (A3" in not_probed
    assert not_probed in render_check_text(CheckReport("project", "target", lines, scratch), color=False)
