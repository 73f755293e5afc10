"""The HTML drift report in headless Chromium, as a site engineer opens it on a 1280×900 screen.

At 1,000 sites with 1% drift, every site to look at is on the first screen, and every dot is on the
map. `IOTPLAN_UPDATE_SCREENSHOTS=1` also writes the screenshots at 5 and 500 sites kept in docs/
(shrunk by pngquant when it is installed): look at them before committing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from iotplan.render.drift_html import render_drift_html
from tests.conftest import ROOT, UPDATE_SCREENSHOTS
from tests.render.drift_fleet import fleet

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREEN = (1280, 900)
READ_AT = datetime(2024, 5, 17, 6, 30, tzinfo=UTC)  # the page says when its platform was read
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

# Appended to the page under test: what lies within the first screen, written where --dump-dom reads it.
MEASURE = """<script>
const screenHeight = window.innerHeight;
const listed = [...document.querySelectorAll("ol.attention li a")];
const map = document.querySelector("svg.map").getBoundingClientRect();
document.body.dataset.measured = JSON.stringify({
  listed: listed.length,
  onFirstScreen: listed.filter(link => link.getBoundingClientRect().bottom <= screenHeight).length,
  mapBottom: map.bottom, screenHeight,
});
</script>"""


def chromium(*args: str) -> str:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    window = f"--window-size={SCREEN[0]},{SCREEN[1]}"
    done = subprocess.run(
        [*command, "--hide-scrollbars", window, *args], capture_output=True, text=True, timeout=90
    )
    done.check_returncode()
    return done.stdout


def test_at_1000_sites_every_site_to_look_at_is_on_the_first_screen(tmp_path: Path) -> None:
    report = fleet(1000, 10)
    report.read_at = READ_AT
    page = tmp_path / "drift.html"
    page.write_text(render_drift_html(report).replace("</body>", MEASURE + "</body>"))
    dom = chromium("--dump-dom", page.as_uri())
    measured = json.loads(re.search(r'data-measured="([^"]+)"', dom).group(1).replace("&quot;", '"'))  # type: ignore[union-attr]
    assert measured["listed"] == 10 == measured["onFirstScreen"]
    assert measured["mapBottom"] <= measured["screenHeight"]  # the map too, whole


@pytest.mark.skipif(not UPDATE_SCREENSHOTS, reason="IOTPLAN_UPDATE_SCREENSHOTS=1 writes docs/")
@pytest.mark.parametrize(("sites", "drifted"), [(5, 3), (500, 10)])
def test_write_the_screenshots_in_docs(sites: int, drifted: int, tmp_path: Path) -> None:
    page = tmp_path / "drift.html"
    report = fleet(sites, drifted)
    report.read_at = READ_AT
    page.write_text(render_drift_html(report))
    shot = ROOT / "docs" / f"drift-report-{sites}-sites.png"
    chromium(f"--screenshot={shot}", page.as_uri())
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--output", str(shot), "64", str(shot)], check=False
        )
    assert shot.stat().st_size > 10_000
