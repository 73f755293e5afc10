"""Whether the environment turns colour off, read the one way every command and view reads it."""

from __future__ import annotations

import os


def no_color_in_environment() -> bool:
    """NO_COLOR as no-color.org defines it: present and not empty. An empty value (`NO_COLOR=` in a
    shell, a CI variable left blank) leaves colour as it was; rich reads it the same way."""
    return bool(os.environ.get("NO_COLOR"))
