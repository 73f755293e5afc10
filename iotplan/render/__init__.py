"""Views of a Plan: text for a terminal, JSON for files and tools, Markdown for pull requests.

No diffing and no I/O here: every function takes a Plan and returns a string (or a dict, or
chunks of bytes).
"""

import importlib
from typing import TYPE_CHECKING, Any

from iotplan.render.text import render_text

if TYPE_CHECKING:
    from iotplan.render.json_plan import plan_from_dict, plan_json_chunks, plan_to_dict, plan_to_json
    from iotplan.render.markdown import render_markdown

__all__ = [
    "plan_from_dict",
    "plan_json_chunks",
    "plan_to_dict",
    "plan_to_json",
    "render_markdown",
    "render_text",
]


# Imported on first use: a plan shown as text or JSON need not load the Markdown view (5 ms), nor
# one shown as text the JSON view (1 ms).
_MODULES = {
    "plan_from_dict": "json_plan",
    "plan_json_chunks": "json_plan",
    "plan_to_dict": "json_plan",
    "plan_to_json": "json_plan",
    "render_markdown": "markdown",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'iotplan.render' has no attribute {name!r}")
    return getattr(importlib.import_module(f"iotplan.render.{_MODULES[name]}"), name)
