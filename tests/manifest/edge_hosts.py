"""Shared setup of the tests of `edge.host`: a manifest of one thread node whose edge gateway is at a
given host (on line 10, from column 17), as `validate` reads it, and the one problem it is refused with."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest.loader import LoadedManifest, parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: edge
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: thread-1
        kind: thread
        id: /fn/ABCDEF/node
        edge:
          host: %s
"""


def edge_host_manifest(host: str, *, quoted: bool = True) -> LoadedManifest:
    """The manifest whose thread node's gateway is at `host`, written in single quotes unless not
    `quoted` (a plain scalar)."""
    return parse_manifest(MANIFEST % (f"'{host}'" if quoted else host), "h.yaml")


def edge_host_problem(host: str, *, quoted: bool = True) -> Problem:
    """The one problem the manifest whose thread node's gateway is at `host` is refused with."""
    with pytest.raises(ManifestError) as refused:
        edge_host_manifest(host, quoted=quoted)
    [problem] = refused.value.problems
    return problem
