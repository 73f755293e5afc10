"""A macro builds structure through {% call %}: README's example renders to the manifest it shows."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

README = Path(__file__).parents[2] / "README.md"


def readme_macro_example() -> str:
    """The jinja block under README's macro bullet, as a template file would hold it."""
    text = README.read_text(encoding="utf-8")
    bullet = text.index("**A macro builds structure through `{% call %}`**")
    block = re.search(r"```jinja\n(.*?)\n *```", text[bullet:], re.S)
    assert block is not None
    return textwrap.dedent(block.group(1)) + "\n"


def test_readmes_macro_example_renders_one_sensor_per_call() -> None:
    rendered = render_template(readme_macro_example(), "dams.yaml.j2", {"sites": [{"site": "dam-a"}]})
    manifest = parse_rendered(rendered).manifest
    [node] = manifest.projects[0].nodes
    sensors = node.devices[0].sensors
    assert [(sensor.key, sensor.metrics[0].custom_unit) for sensor in sensors] == [
        ("pz-1", "kPa"),
        ("pz-2", "mm"),
    ]
