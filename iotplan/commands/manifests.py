"""iotplan validate and render: the commands that only read manifests. Nothing is sent anywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iotplan.collector import paused_collector
from iotplan.commands.inputs import ManifestInput
from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest import LoadedManifest, read_manifest_text
from iotplan.wording import counted


@dataclass(frozen=True)
class Validation:
    path: str
    summary: str = ""  # for a valid manifest: what it declares
    error: str = ""  # for an invalid one: every problem, one per line

    @property
    def valid(self) -> bool:
        return not self.error


def validate_command(manifests: Iterable[ManifestInput]) -> list[Validation]:
    """Every manifest checked, every problem of each reported at once."""
    results = []
    for manifest in manifests:
        try:
            with paused_collector():
                loaded = manifest.load()
        except (ManifestError, TemplateError) as error:
            results.append(Validation(manifest.path, error=str(error)))
            continue
        results.append(Validation(manifest.path, summary=_summary(loaded)))
    return results


def _summary(loaded: LoadedManifest) -> str:
    projects = loaded.manifest.projects
    nodes = [node for project in projects for node in project.nodes]
    devices = [device for node in nodes for device in node.devices]
    sensors = sum(len(device.sensors) for device in devices)
    counts = ", ".join(
        counted(count, noun)
        for count, noun in ((len(projects), "project"), (len(nodes), "node"), (len(devices), "device"))
    )
    return f"{loaded.file}: valid (stack {loaded.stack}): {counts}, {counted(sensors, 'sensor')}"


def render_command(template: ManifestInput) -> str:
    text, _ = read_manifest_text(template.path, template.vars_file, template.sites_file, template.variables)
    return text
