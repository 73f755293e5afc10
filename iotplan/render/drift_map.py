"""The sites of a drift report on a map: plain inline SVG, no tiles, no assets, no script.

An equirectangular projection fitted to the sites' bounding box (x scaled by the cosine of the
middle latitude, so a region reads with its usual proportions). Each dot is a link to its site's
section of the page; the most severe sites are drawn last, on top, larger and labelled.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from iotplan.plan.drift import Coordinates, Site, Status

WIDTH = 760
MARGIN = 28
MIN_SPAN = 0.02  # degrees: one site, or sites on one spot, still get a readable frame
MAX_HEIGHT = 460
LABELLED = 40  # more sites to look at than this and labels would hide the map: the list names them


@dataclass(frozen=True)
class Frame:
    """Degrees → pixels for one bounding box."""

    west: float
    south: float
    east: float
    north: float
    scale: float  # pixels per degree of latitude
    stretch: float  # cos(middle latitude): a degree of longitude is this much shorter
    shift_east: bool  # the box crosses the antimeridian: western longitudes are read +360

    @classmethod
    def fitted(cls, points: Sequence[Coordinates]) -> Frame:
        lons = [point.lon for point in points]
        shift = max(lons) - min(lons) > 180  # Fiji to Samoa is 8 degrees, not 352
        if shift:
            lons = [lon + 360 if lon < 0 else lon for lon in lons]
        lats = [point.lat for point in points]
        west, east = _widened(min(lons), max(lons))
        south, north = _widened(min(lats), max(lats))
        stretch = max(math.cos(math.radians((north + south) / 2)), 0.05)
        inner = WIDTH - 2 * MARGIN
        scale = min(inner / ((east - west) * stretch), (MAX_HEIGHT - 2 * MARGIN) / (north - south))
        return cls(west, south, east, north, scale, stretch, shift)

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale) + 2 * MARGIN

    @property
    def width(self) -> int:
        return round((self.east - self.west) * self.stretch * self.scale) + 2 * MARGIN

    def x(self, lon: float) -> float:
        if self.shift_east and lon < 0:
            lon += 360
        return MARGIN + (lon - self.west) * self.stretch * self.scale

    def y(self, lat: float) -> float:
        return MARGIN + (self.north - lat) * self.scale


def _widened(low: float, high: float) -> tuple[float, float]:
    """A margin of 5% each side, and at least MIN_SPAN in all."""
    span = max(high - low, MIN_SPAN)
    middle = (low + high) / 2
    return middle - span * 0.55, middle + span * 0.55


def render_sites_map(sites: Sequence[Site], colours: dict[Status, str], anchor: Callable[[Site], str]) -> str:
    """An <svg> of every site that has a location; "" when none has."""
    placed = [site for site in sites if site.location is not None]
    if not placed:
        return ""
    frame = Frame.fitted([site.location for site in placed if site.location])
    attention = [site for site in placed if site.needs_attention]
    label = len(attention) <= LABELLED
    drawn = sorted(placed, key=lambda site: site.rank, reverse=True)  # most severe last: on top
    parts = [
        f'<svg class="map" width="{frame.width}" height="{frame.height}" '
        f'viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="Map of {len(placed)} sites coloured by status" xmlns="http://www.w3.org/2000/svg">',
        f'<rect width="{frame.width}" height="{frame.height}" rx="6" fill="#f6f8fa"/>',
        *_graticule(frame),
        *(_dot(site, frame, colours, anchor(site)) for site in drawn),
        *(_label(site, frame) for site in attention if label),
        "</svg>",
    ]
    return "\n".join(parts)


def _dot(site: Site, frame: Frame, colours: dict[Status, str], href: str) -> str:
    assert site.location is not None
    x, y = frame.x(site.location.lon), frame.y(site.location.lat)
    style = 'r="7" stroke="#1f2328" stroke-width="1.5"' if site.needs_attention else 'r="3.5" opacity=".65"'
    title = f"{site.key} ({site.manifest}): {site.status.value}, {site.severity}"
    return (
        f'<a href="#{escape(href)}"><circle cx="{x:.1f}" cy="{y:.1f}" {style} fill="{colours[site.status]}" '
        f'data-status="{site.status.value}"><title>{escape(title)}</title></circle></a>'
    )


def _label(site: Site, frame: Frame) -> str:
    assert site.location is not None
    x, y = frame.x(site.location.lon), frame.y(site.location.lat)
    anchor = "end" if x > frame.width - 140 else "start"
    dx = -10 if anchor == "end" else 10
    return (
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" class="map-label">'
        f"{escape(site.key)}</text>"
    )


def _graticule(frame: Frame) -> list[str]:
    """A few lines of latitude and longitude, labelled, so a reader knows where the map is."""
    step = _step(frame.north - frame.south)
    lines: list[str] = []
    for lat in _ticks(frame.south, frame.north, step):
        y = frame.y(lat)
        lines.append(f'<line x1="0" x2="{frame.width}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        lines.append(f'<text x="4" y="{y - 3:.1f}" class="grid-label">{_degrees(lat, "N", "S")}</text>')
    west, east = frame.west, frame.east
    for lon in _ticks(west, east, _step(east - west)):
        x = frame.x(lon if lon <= 180 else lon - 360)
        lines.append(f'<line y1="0" y2="{frame.height}" x1="{x:.1f}" x2="{x:.1f}" class="grid"/>')
        shown = lon - 360 if lon > 180 else lon
        label = _degrees(shown, "E", "W")
        lines.append(f'<text x="{x + 3:.1f}" y="{frame.height - 5}" class="grid-label">{label}</text>')
    return lines


def _step(span: float) -> float:
    """A round step giving two to six lines across the span."""
    for step in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 45, 90):
        if span / step <= 6:
            return step
    return 90


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    count = int((high - first) / step) + 1
    return [round(first + index * step, 6) for index in range(max(count, 0))]


def _degrees(value: float, positive: str, negative: str) -> str:
    text = f"{abs(value):.3f}".rstrip("0").rstrip(".")
    return f"{text}°{positive if value >= 0 else negative}"
