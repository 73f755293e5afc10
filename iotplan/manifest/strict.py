"""The base of every manifest model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown fields are errors and YAML types are taken as written (no silent coercion)."""

    # rust-regex: the text rules are checked in pydantic's core, and its `$` never matches before
    # a final newline (Python's does). defer_build: a model's validator is built when it is first
    # used; built at import, each nested model was built again inside every model holding it.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, regex_engine="rust-regex", defer_build=True
    )
