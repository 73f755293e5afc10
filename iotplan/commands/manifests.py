"""iotplan validate and render: the commands that only read manifests. Nothing is sent anywhere."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from iotplan.collector import paused_collector
from iotplan.commands.inputs import ManifestInput
from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest import LoadedManifest, read_manifest_text
from iotplan.wording import counted, joined


@dataclass(frozen=True)
class Validation:
    path: str
    summary: str = ""  # for a valid manifest: what it declares
    error: str = ""  # for an invalid one: every problem, one per line
    stack: str = ""  # for a valid manifest: the stack it says

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
        results.append(Validation(manifest.path, summary=_summary(loaded), stack=loaded.stack))
    return results


@dataclass(frozen=True)
class SharedStack:
    """Manifests that say one stack. Each owns what the others declare (README, Stack: one stack,
    one manifest), so applying one plans the removal of what only another declares."""

    stack: str
    paths: tuple[str, ...]

    def __str__(self) -> str:
        two = len(self.paths) == 2
        others = "the other declares" if two else "the others declare"
        return (
            f"{joined(self.paths)} {'both' if two else 'all'} say stack {self.stack!r}: each "
            f"owns what {others}, and applying one removes what only {others}. Merge them into one "
            "manifest, or give each a stack of its own"
        )


def shared_stacks(claims: Iterable[tuple[str, str]]) -> list[SharedStack]:
    """Each stack that more than one of the (path, stack) manifests says. One file named twice (by
    overlapping globs, or through a symlink) is one manifest, not two that share a stack."""
    paths_by_stack: dict[str, dict[str, str]] = {}
    for path, stack in claims:
        same_file = path if path == "-" else os.path.realpath(path)
        paths_by_stack.setdefault(stack, {}).setdefault(same_file, path)
    return [
        SharedStack(stack, tuple(paths.values())) for stack, paths in paths_by_stack.items() if len(paths) > 1
    ]


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
    template.refuse_unreadable_options()
    text, _ = read_manifest_text(template.path, template.vars_file, template.sites_file, template.variables)
    return text
