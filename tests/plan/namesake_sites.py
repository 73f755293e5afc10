"""What the plan tests of sites named alike share: a fleet manifest of one-logger sites under one name,
each site a key and a lat/lon; site-026 at its borehole and site-027's old place 1.7 km from it."""

from __future__ import annotations

from iotplan.live.model import LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredState, desired_state
from tests.plan.livebuilder import applied

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
_SITE = """      - key: {key}
        name: {name}
        location: {{lat: {lat}, lon: {lon}}}
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
SITE_026 = ("site-026", -38.386952, 169.997196)
OLD_027 = (-38.39735, 170.011232)

Site = tuple[str, float, float]


def manifest(*sites: Site, name: str = "Piezometer station") -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(_SITE.format(key=key, name=name, lat=lat, lon=lon) for key, lat, lon in sites)


def applied_and_declared(
    live: tuple[Site, ...], declared: tuple[Site, ...]
) -> tuple[DesiredState, LiveState]:
    """The fleet of `live` sites as applied, and the fleet of `declared` ones as desired."""
    fleet = applied(parse_manifest(manifest(*live), "f.yaml"))
    return desired_state(parse_manifest(manifest(*declared), "f.yaml")), fleet
