"""A manifest named on the command line → the desired state every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass

from iotplan.collector import paused_collector
from iotplan.manifest import LoadedManifest, StreamedManifest, load_manifest, stream_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState, desired_state
from iotplan.plan.model import ManifestSource


@dataclass(frozen=True)
class ManifestInput:
    """A manifest (or template) path, with the template's --vars and --sites files."""

    path: str
    vars_file: str | None = None
    sites_file: str | None = None
    variables: tuple[tuple[str, str], ...] = ()  # --var KEY=VALUE, later ones win

    def load(self) -> LoadedManifest:
        return load_manifest(self.path, self.vars_file, self.sites_file, self.variables)

    def stream(self) -> StreamedManifest:
        return stream_manifest(self.path, self.vars_file, self.sites_file, self.variables)


def load_desired(manifest: ManifestInput, shard: Shard | None = None) -> DesiredState:
    """Load and derive with the collector paused: the one place a command's largest object graph
    is built (iotplan/collector.py says why). Streamed: no more than one node's models at a time.
    With a shard (--shard), every node is validated but only the shard's are kept whole."""
    with paused_collector():
        loaded = manifest.stream()
        source = ManifestSource(
            manifest.path, loaded.digest, manifest.vars_file, manifest.sites_file, manifest.variables
        )
        return desired_state(loaded, source, shard)
