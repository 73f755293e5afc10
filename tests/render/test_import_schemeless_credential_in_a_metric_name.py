"""A custom metric's or unit's name holding a user name and password before a host without a
`scheme://` (`sa:pw@db.example`, which plans show masked) is written `(sensitive)` by `import`, with
the comment saying what to write, as a name holding a URL's password is: never in clear in a file
for git. A metric cannot be left out (that removes it), so the import does not validate there."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest
from tests.render.test_imported import imported, ours

HELD = "sa:hunter2pw@db.example"


@pytest.mark.parametrize(
    ("metric", "unit", "shown"),
    [
        (HELD, "m", "{custom_metric: (sensitive), custom_unit: m}"),
        ("flow", HELD, "{custom_metric: flow, custom_unit: (sensitive)}"),
    ],
)
def test_the_name_is_written_sensitive_with_its_comment(metric: str, unit: str, shown: str) -> None:
    live = ours()
    sensor = live.sensors[live.devices[0].id][1]
    sensor.props.update(
        KNOWN_METRICS={}, KNOWN_UNITS={}, UNKNOWN_METRICS={"0": metric}, UNKNOWN_UNITS={"0": unit}
    )
    text = imported(live)
    assert "hunter2pw" not in text and "                # metrics: a custom metric's or unit's name" in text
    assert f"                metrics: [{shown}]\n" in text
    with pytest.raises(ManifestError, match=r"pz-1: metrics\[0\]\.custom_(metric|unit): is \(sensitive\)"):
        parse_manifest(text, "imported.yaml")  # for a person to set
