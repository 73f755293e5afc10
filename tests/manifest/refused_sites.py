"""Shared setup of the tests of a manifest refused for one mistake: the site written to a file and
the one problem `load_manifest` refuses it with."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest import load_manifest


def only_problem(folder: Path, site: str) -> Problem:
    """The one problem `site`, written to `folder`/site.yaml, is refused with."""
    path = folder / "site.yaml"
    path.write_text(site)
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    [problem] = raised.value.problems
    return problem
