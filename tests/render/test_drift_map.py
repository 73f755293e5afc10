"""The map of a drift report: every located site a dot inside the picture, linked to its site,
the most severe drawn on top; a fleet without locations gets no map."""

from __future__ import annotations

import re

from iotplan.plan.drift import Coordinates, Entry, Report, Site, Status
from iotplan.render.drift_html import COLOURS, render_drift_html
from iotplan.render.drift_map import Frame, render_sites_map
from tests.render import drift_fleet
from tests.render.drifts import SCENARIOS

DOT = re.compile(r'<a href="#([^"]+)"><circle cx="([\d.]+)" cy="([\d.]+)"[^>]*data-status="(\w+)"')
SIZE = re.compile(r'<svg class="map" width="(\d+)" height="(\d+)"')


def dots(svg: str) -> list[tuple[str, float, float, str]]:
    return [(href, float(x), float(y), status) for href, x, y, status in DOT.findall(svg)]


def site(key: str, lat: float, lon: float, status: Status = Status.IN_SYNC) -> Site:
    entry = Entry("m.yaml", key, key, "node", status, "")  # type: ignore[arg-type]
    return Site("m.yaml", key, (entry,), Coordinates(lat, lon))


def drawn(sites: list[Site]) -> tuple[list[tuple[str, float, float, str]], tuple[int, int]]:
    svg = render_sites_map(sites, COLOURS, lambda s: f"site-{s.key}")
    width, height = SIZE.search(svg).groups()  # type: ignore[union-attr]
    return dots(svg), (int(width), int(height))


def test_every_located_site_is_a_dot_inside_the_picture() -> None:
    report = drift_fleet.fleet(500, 10)
    found, (width, height) = drawn(report.ranked_sites())
    assert len(found) == len(report.locations) > 400  # the THREAD sites declare no location
    assert all(0 < x < width and 0 < y < height for _, x, y, _ in found)


def test_north_is_up_and_east_is_right() -> None:
    found, _ = drawn([site("north", -40, 170), site("south", -46, 170), site("east", -43, 174)])
    where = {href: (x, y) for href, x, y, _ in found}
    assert where["site-north"][1] < where["site-south"][1]
    assert where["site-east"][0] > where["site-north"][0]


def test_sites_either_side_of_the_antimeridian_stay_neighbours() -> None:
    found, (width, _) = drawn([site("fiji", -17.7, 178.0), site("samoa", -13.8, -172.1)])
    xs = sorted(x for _, x, _, _ in found)
    assert xs[1] - xs[0] < width  # not flung to opposite edges of a 350-degree-wide map
    assert Frame.fitted([Coordinates(-17.7, 178.0), Coordinates(-13.8, -172.1)]).east - 178.0 < 20


def test_one_site_alone_gets_a_frame_around_it() -> None:
    found, (width, height) = drawn([site("only", 46.08, 7.40, Status.MISSING)])
    [(_, x, y, status)] = found
    assert status == "MISSING" and 0 < x < width and 0 < y < height


def test_the_most_severe_site_is_drawn_last_so_nothing_hides_it() -> None:
    found, _ = drawn([site("bad", -41, 174, Status.MISSING), site("fine", -41, 174)])
    assert [status for *_, status in found] == ["IN_SYNC", "MISSING"]


def test_each_dot_links_to_an_element_of_the_page() -> None:
    page = render_drift_html(SCENARIOS["ranked"]())
    ids = set(re.findall(r' id="([^"]+)"', page))
    targets = [href for href, *_ in dots(page)]
    assert len(targets) == 6 and set(targets) <= ids


def test_a_report_without_locations_has_no_map() -> None:
    assert render_sites_map(Report("t").ranked_sites(), COLOURS, str) == ""
    assert "<svg" not in render_drift_html(SCENARIOS["gateways"]())
