"""Numbers as people read them: signed, rounded, never "-0.0"."""

from __future__ import annotations

import math


def signed(value: float, digits: int = 2, suffix: str = "") -> str:
    """``0.123`` -> ``"+0.12"``, ``11247.9`` -> ``"+11,247.90"`` (thousands separated, as quoted);
    a value that rounds to zero has no sign (``"0.00"``, never ``"-0.00"``); NaN -> ``"n/a"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    rounded = round(float(value), digits)
    if rounded == 0:
        return f"{0:.{digits}f}{suffix}"
    return f"{rounded:+,.{digits}f}{suffix}"


def signed_percent(value: float, digits: int = 1) -> str:
    """A decimal fraction as a signed percentage: ``-0.0004`` -> ``"0.0%"``, ``0.123`` -> ``"+12.3%"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return signed(100 * float(value), digits, "%")


def possessive(name: str) -> str:
    """``"Energy's"``, ``"Consumer Staples'"``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def counted(n: int, noun: str) -> str:
    """``"1 statement"``, ``"3 statements"``: a count with its noun, plural unless one."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def agreeing(n: int, one: str, many: str) -> str:
    """``"1 has prices"``, ``"3 have prices"``: a count with the words that agree with it."""
    return f"{n} {one if n == 1 else many}"
