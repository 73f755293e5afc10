"""Secret references (`${env:NAME}`) → values, at the last moment and never logged."""

from __future__ import annotations

import re
from collections.abc import Mapping

from iotplan.errors import IotplanError

# `${env:NAME}`: the one form a secret takes in a manifest, a plan or an imported manifest.
ENV_REFERENCE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")
# iotplan signs in with IOTPLAN_CLIENT_SECRET, IOTPLAN_TOKEN...: none of them is ever a value it
# writes to the platform. The manifest refuses such a reference; this is the second lock.
OWN_CREDENTIALS_PREFIX = "IOTPLAN_"


def lookup_secret(reference: str, environ: Mapping[str, str]) -> str | None:
    """The value a reference points at, or None when it is not set.

    Empty counts as not set: CI systems pass a missing secret as an empty variable, and an empty
    token written to the platform would break a connection silently.
    """
    match = ENV_REFERENCE.fullmatch(reference)
    if not match:
        return None
    if match.group(1).upper().startswith(OWN_CREDENTIALS_PREFIX):
        raise IotplanError(f"secret {reference} names one of iotplan's own credentials: it is never sent")
    return environ.get(match.group(1)) or None


def require_secret(reference: str, environ: Mapping[str, str]) -> str:
    value = lookup_secret(reference, environ)
    if value is None:
        raise IotplanError(f"secret {reference} is not set (or empty) in the environment")
    return value
