"""Whether text written into a manifest reads back as meant.

iotplan reads a manifest with libyaml's loader where PyYAML was built with it, and with PyYAML's own
near an error (source.py): what an import or a message writes must read back alike to both.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADERS = (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def reads_back(key: str, text: str, value: Any) -> bool:
    """Whether `{key}: {text}` reads back as `{key: value}` to both loaders; a YAMLError is raised."""
    return all(yaml.load(f"{key}: {text}", Loader=loader) == {key: value} for loader in _LOADERS)
