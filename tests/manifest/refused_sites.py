"""Shared setup of the tests of a manifest refused for one mistake: the site written to a file and
the one problem `load_manifest` refuses it with."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest import load_manifest


def only_problem(folder: Path, site: str) -> Problem:
    """The one problem `site`, written to `folder`/site.yaml, is refused with."""
    [problem] = problems(folder, site)
    return problem


def problems(folder: Path, site: str) -> list[Problem]:
    """`site` written to `folder`/site.yaml; asserts it is refused; the problems it is refused with."""
    path = folder / "site.yaml"
    path.write_text(site)
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    return list(raised.value.problems)


def two_moves_onto_pz_9(second_to: str) -> str:
    """A site declaring `dam-a/logger-1/pz-9`, its `moved` list moving `pz-1` there (line 11) and then
    `crack-1` to `dam-a/logger-1/{second_to}` (line 12)."""
    return f"""\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-a
        devices:
          - key: logger-1
            sensors: [{{key: pz-9, template: TEMPERATURE_SDE}}]
moved:
  - {{from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-9}}
  - {{from: dam-a/logger-1/crack-1, to: dam-a/logger-1/{second_to}}}
"""
