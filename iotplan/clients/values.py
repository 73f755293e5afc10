"""Values read out of answers the platform and the gateways give in more than one form."""

from __future__ import annotations

import math
from typing import Any


def finite_number(value: Any) -> float | None:
    """A JSON number or a numeric string (both are met in the wild) as a finite float, else None.
    A boolean is not a number here, though Python counts it as one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def whole_number(value: Any) -> int | None:
    """A JSON integer or its digits as text (2 and "2" name the same request id, or MUX_INDEX, in the
    reference's examples), else None. A boolean is not a number here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def integral_number(value: Any) -> int | None:
    """A JSON number or its text whose value is whole, in any of the forms it is met in (4, 4.0,
    "4"), as an int, else None: a channel (MUX_INDEX) another tool stored as 4.0 is channel 4."""
    number = finite_number(value)
    return int(number) if number is not None and number.is_integer() else None
