"""Every component id of the page, in one place."""

from enum import StrEnum


class Id(StrEnum):
    """Component ids; use ``Id.X`` (a ``str``) wherever Dash expects an id."""

    URL = "url"
    STATE = "view-state"
    NOTICES = "notices"
    HEADER = "header"
    SOURCE_LINE = "source-line"
    BANNERS = "banners"
    PROVENANCE = "provenance"
    SMALL = "control-small"
    LARGE = "control-large"
    WINDOW = "control-window"
    PRESETS = "control-presets"
    RELATIVE_GRAPH = "relative-graph"
    RELATIVE_SUMMARY = "relative-summary"
