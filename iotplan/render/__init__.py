"""Views of a Plan: text for a terminal, JSON for files and tools, Markdown for pull requests.

No diffing and no I/O here: every function takes a Plan and returns a string (or a dict, or
chunks of bytes).
"""

from iotplan.render.json_plan import plan_from_dict, plan_json_chunks, plan_to_dict, plan_to_json
from iotplan.render.markdown import render_markdown
from iotplan.render.text import render_text

__all__ = [
    "plan_from_dict",
    "plan_json_chunks",
    "plan_to_dict",
    "plan_to_json",
    "render_markdown",
    "render_text",
]
