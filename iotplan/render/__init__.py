"""Plan (or drift) → text, JSON, Markdown. No diffing here, no I/O."""

from iotplan.render.json_plan import plan_from_dict, plan_to_dict, plan_to_json
from iotplan.render.markdown import render_markdown
from iotplan.render.text import render_text

__all__ = ["plan_from_dict", "plan_to_dict", "plan_to_json", "render_markdown", "render_text"]
