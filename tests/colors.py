"""Colour checks shared by the tests."""

from __future__ import annotations


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` (or ``#rgb``) colours."""
    def luminance(color: str) -> float:
        value = color.lstrip("#")
        value = "".join(c * 2 for c in value) if len(value) == 3 else value
        channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
