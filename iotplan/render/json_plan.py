"""The plan as a versioned JSON document (`format_version`), and back, for `apply plan.json`."""

from __future__ import annotations

import json
from typing import Any

from iotplan.plan.model import Action, Change, FieldChange, ManifestSource, Plan
from iotplan.render.secrets import SENSITIVE, safe_fields

TERRAFORM_ACTIONS = {
    Action.CREATE: ["create"],
    Action.UPDATE: ["update"],
    Action.REPLACE: ["delete", "create"],
    Action.REMOVE: ["delete"],
    Action.NOOP: ["no-op"],
    Action.UNMANAGED: ["unmanaged"],
    Action.PENDING: ["pending"],
    Action.REFUSED: ["refused"],
}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    summary = plan.summary
    return {
        "format_version": plan.format_version,
        "target": plan.target,
        "stack": plan.stack,
        "manifest": plan.manifest.__dict__,
        "summary": {name: getattr(summary, name) for name in summary.__dataclass_fields__},
        "changes": [_change(change) for change in plan.changes],
    }


def _change(change: Change) -> dict[str, Any]:
    return {
        "address": change.address,
        "kind": change.kind,
        "actions": TERRAFORM_ACTIONS[change.action],
        "action": str(change.action),
        "reason": change.reason,
        "project_id": change.project_id,
        "connection": change.connection,
        "ref_id": change.ref_id,
        "live_id": change.live_id,
        "live_ref_id": change.live_ref_id,
        "template": change.template,
        "before": safe_fields(change.before),
        "after": safe_fields(change.after),
        "fields": [_field(field) for field in change.fields],
        "observations": change.observations,
        "fingerprint": change.fingerprint,
        "touches_data_model": change.touches_data_model,
    }


def _field(field: FieldChange) -> dict[str, Any]:
    hidden = field.sensitive or field.path.split(".")[0] == "auth_token"
    before = SENSITIVE if hidden and field.before is not None else field.before
    after = field.after if not hidden or _is_reference(field.after) else SENSITIVE
    return {"path": field.path, "before": before, "after": after, "sensitive": field.sensitive}


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("${env:")


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def plan_from_dict(data: dict[str, Any]) -> Plan:
    if not str(data.get("format_version", "")).startswith("1."):
        raise ValueError(f"unsupported plan format_version {data.get('format_version')!r}")
    changes = tuple(
        Change(
            address=item["address"],
            kind=item["kind"],
            action=Action(item["action"]),
            project_id=item["project_id"],
            connection=item["connection"],
            reason=item["reason"],
            ref_id=item["ref_id"],
            live_id=item["live_id"],
            live_ref_id=item["live_ref_id"],
            template=item["template"],
            before=item["before"],
            after=item["after"],
            fields=tuple(
                FieldChange(f["path"], f["before"], f["after"], f["sensitive"]) for f in item["fields"]
            ),
            observations=item["observations"],
            fingerprint=item["fingerprint"],
            touches_data_model=item["touches_data_model"],
        )
        for item in data["changes"]
    )
    return Plan(
        target=data["target"],
        stack=data["stack"],
        manifest=ManifestSource(**data["manifest"]),
        changes=changes,
        format_version=data["format_version"],
    )
