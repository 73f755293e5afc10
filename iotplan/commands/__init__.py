"""One function per command, composing the stages: load → read live → diff, and apply → verify.

Each takes an opened target (`iotplan.clients.target.Target`) and typed requests and returns a
result value; the CLI parses, confirms, calls, and hands the result to a view in `render/`.
"""

from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, prepare_apply, run_apply
from iotplan.commands.check import CheckRequest, check_platform
from iotplan.commands.drift import DriftRequest, drift_command
from iotplan.commands.importing import ImportRequest, ImportResult, import_command
from iotplan.commands.inputs import ManifestInput, load_desired
from iotplan.commands.manifests import Validation, render_command, validate_command
from iotplan.commands.plan import PlanRequest, plan_command

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
