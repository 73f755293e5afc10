"""One function per command, composing the stages: load → read live → diff, and apply → verify.

Each takes an opened target (`iotplan.clients.target.Target`) and typed requests and returns a
result value; the CLI parses, confirms, calls, and hands the result to a view in `render/`.

Each name is imported from its module on first use: `iotplan plan` need not load what `drift`,
`import` or `check-platform` do.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, prepare_apply, run_apply
    from iotplan.commands.check import CheckRequest, check_platform
    from iotplan.commands.drift import DriftRequest, drift_command
    from iotplan.commands.importing import ImportRequest, ImportResult, import_command
    from iotplan.commands.inputs import ManifestInput, load_desired
    from iotplan.commands.manifests import Validation, render_command, validate_command
    from iotplan.commands.plan import PlanRequest, plan_command

_MODULES = {
    "ApplyRequest": "apply",
    "ApplyResult": "apply",
    "PreparedApply": "apply",
    "prepare_apply": "apply",
    "run_apply": "apply",
    "CheckRequest": "check",
    "check_platform": "check",
    "DriftRequest": "drift",
    "drift_command": "drift",
    "ImportRequest": "importing",
    "ImportResult": "importing",
    "import_command": "importing",
    "ManifestInput": "inputs",
    "load_desired": "inputs",
    "Validation": "manifests",
    "render_command": "manifests",
    "validate_command": "manifests",
    "PlanRequest": "plan",
    "plan_command": "plan",
}
__all__ = [
    "ApplyRequest",
    "ApplyResult",
    "CheckRequest",
    "DriftRequest",
    "ImportRequest",
    "ImportResult",
    "ManifestInput",
    "PlanRequest",
    "PreparedApply",
    "Validation",
    "check_platform",
    "drift_command",
    "import_command",
    "load_desired",
    "plan_command",
    "prepare_apply",
    "render_command",
    "run_apply",
    "validate_command",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'iotplan.commands' has no attribute {name!r}")
    return getattr(importlib.import_module(f"iotplan.commands.{_MODULES[name]}"), name)
