"""Views of a Plan: text for a terminal, JSON for files and tools, Markdown for pull requests.

No diffing and no I/O here: every function takes a Plan and returns a string (or a dict, or
chunks of bytes).
"""

from typing import TYPE_CHECKING, Any

from iotplan.render.json_plan import plan_from_dict, plan_json_chunks, plan_to_dict, plan_to_json
from iotplan.render.text import render_text

if TYPE_CHECKING:
    from iotplan.render.markdown import render_markdown

__all__ = [
    "plan_from_dict",
    "plan_json_chunks",
    "plan_to_dict",
    "plan_to_json",
    "render_markdown",
    "render_text",
]


def __getattr__(name: str) -> Any:
    """render_markdown, imported on first use: a plan shown as text or JSON need not load it (5 ms)."""
    if name != "render_markdown":
        raise AttributeError(f"module 'iotplan.render' has no attribute {name!r}")
    from iotplan.render.markdown import render_markdown

    return render_markdown
