"""Issue 16's acceptance at a small scale (tests/e2e/fleet_review.py runs it at 1,000 connections):
with a share of a fleet drifted, the Markdown plan fits one pull-request comment and names every
removal, and the HTML drift report shows every drifted site on its first screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.fleet import FleetSize, pick_drift
from tests.e2e.fleet_review import COMMENT_LIMIT, Review, drift_sites, first_screen, run_review

SIZE = FleetSize(connections=100, devices=2, sensors=5, gateways=2)
SHARE = 0.03  # 3 sites: one of each kind of drift by hand; 30 sensors dropped from the manifest
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    return run_review(SIZE, tmp_path_factory.mktemp("fleet"), SHARE)


def test_the_markdown_plan_fits_one_comment_and_names_every_removal(review: Review) -> None:
    deleted_device_sites = drift_sites(SIZE, SHARE)[1::3]  # their d0 is gone already
    expected = {
        f"c{s.connection}/d{s.device}/s{s.sensor}"
        for s in pick_drift(SIZE, SHARE, seed=1616)
        if not (s.connection in deleted_device_sites and s.device == 0)
    }
    assert set(review.removals) == expected and len(expected) >= 25
    assert review.unnamed_removals == []
    assert review.markdown_chars < COMMENT_LIMIT
    # the deleted device and its sensors made again, the two renames undone, the stray sensor reported
    created = 1 + SIZE.sensors
    assert (
        review.summary_line
        == f"Plan: {created} to add, 2 to change, {len(expected)} to destroy, 1 unmanaged."
    )


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_drift_report_shows_every_drifted_site_on_its_first_screen(review: Review) -> None:
    assert CHROMIUM is not None
    seen = first_screen(CHROMIUM, Path(review.files["drift.html"]))
    drifted = set(review.drifted_sites)
    assert {name for name in seen["listed"] if name in drifted} == drifted
    assert drifted <= set(seen["onFirstScreen"])
