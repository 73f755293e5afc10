"""In a pipeline (`CI` set, as GitHub Actions, GitLab CI, CircleCI and others set it), a run with no
endpoint nor credential went to the embedded demo platform, and the job was green having reached
nothing real: there the implicit demo is refused, saying how to give a platform or choose the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import refused


@pytest.mark.parametrize("value", ["true", "1", "True"])
def test_the_implicit_demo_under_ci_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    said = refused({"CI": value}, tmp_path, monkeypatch)
    assert said.startswith("CI is set (a pipeline, where no one reads the target line), so with no endpoint ")
    assert said.endswith("or give --sim-db .iotplan/sim.db if the embedded demo is meant")
    assert not (tmp_path / ".iotplan").exists()
