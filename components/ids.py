"""Every component id of the page, in one place."""

from enum import StrEnum


class Id(StrEnum):
    """Component ids; use ``Id.X`` (a ``str``) wherever Dash expects an id."""

    URL = "url"
    STATE = "view-state"
    VIEW = "resolved-view"  # store: the resolved view shown (panels.view.ResolvedView.to_dict)
    ZOOM = "zoom"  # store: the last x-range zoom of a time panel, filtered in the browser
    NOTICES = "notices"
    HEADER = "header"
    SOURCE_LINE = "source-line"
    BANNERS = "banners"
    PROVENANCE = "provenance"
    COPY_LINK = "copy-link"  # copies the pinned link: resolved dates written out
    COPY_LATEST = "copy-latest"  # copies the floating link: follows new data
    COPY_STATUS = "copy-status"  # what the last copy click did ("Copied ...", or why not)
    COPY_FALLBACK = "copy-fallback"  # read-only box with the link when the browser refuses to copy
    LINKS = "links"  # store: {"pinned": query, "latest": query} of the view shown
    THEME = "theme"  # store (browser local storage): "dark", "light" or none (the browser's preference)
    THEME_TOGGLE = "theme-toggle"  # button: switches the page and its charts between light and dark
    CONTROLS_TOGGLE = "controls-toggle"  # button: shows/hides the controls on small screens
    OVERLAY = "control-overlay"  # dropdown: series drawn over the rates and spreads charts
    WINDOWS = "earlier-windows"  # store: [[start, end], ...] a double-click returns to, oldest first
    HEADER_ASOF = "header-asof"  # the as-of date the panels show, and series that end earlier
    EXPORT_ALL = "export-all"
    # shared controls
    SMALL = "control-small"
    LARGE = "control-large"
    WINDOW = "control-window"
    PRESETS = "control-presets"
    FREQ = "control-freq"
    CORR_WINDOW = "control-corr-window"
    ASOF = "control-asof"
    ASOF_MODE = "control-asof-mode"  # "follows the window" or "pinned"
    ASOF_FOLLOW = "control-asof-follow"  # unpins the as-of date
    EVENT = "control-event"
    UNIVERSE = "control-universe"
    RANK_BY = "control-rank-by"
    MEASURE_START = "control-measure-start"  # leverage measure window (in the leverage card)
    MEASURE_END = "control-measure-end"
    HIGH_START = "control-high-start"  # the universe panel's "old high" window (in its card)
    HIGH_END = "control-high-end"
    SCALE = "control-scale"  # radio in the relative card: linear or log level axes
    TRANSFORM = "control-transform"  # radio in the relative card: level, change, yoy, ...
    # panels: <panel>-graph and <panel>-summary for every panel (and <panel>-source: source_id)
    RELATIVE_GRAPH = "relative-graph"
    RELATIVE_SUMMARY = "relative-summary"
    RATES_GRAPH = "rates-graph"
    RATES_SUMMARY = "rates-summary"
    SPREADS_GRAPH = "spreads-graph"
    SPREADS_SUMMARY = "spreads-summary"
    CORRELATION_GRAPH = "correlation-graph"
    CORRELATION_SUMMARY = "correlation-summary"
    REGIMES_GRAPH = "regimes-graph"
    REGIMES_SUMMARY = "regimes-summary"
    REGIMES_TABLE = "regimes-table"
    FACTS_LIST = "facts-list"
    FACTS_SUMMARY = "facts-summary"
    FACTS_TOP = "facts-top"  # the most notable facts, first in the card
    FACTS_ALL = "facts-all"  # the html.Details holding every fact ("all N facts")
    FACTS_ALL_LABEL = "facts-all-label"  # its html.Summary
    LEVERAGE_GRAPH = "leverage-graph"
    LEVERAGE_SUMMARY = "leverage-summary"
    LEVERAGE_TABLE = "leverage-table"
    LEVERAGE_UPLOAD = "leverage-upload"
    LEVERAGE_UPLOAD_MESSAGE = "leverage-upload-message"
    MY_UPLOADS = "my-uploads"  # dcc.Store (browser local storage): names of this browser's uploads
    # live universe fetch (a background job, in the leverage card)
    REFRESH = "universe-refresh"
    REFRESH_START = "universe-refresh-start"
    REFRESH_CANCEL = "universe-refresh-cancel"
    REFRESH_TARGET = "universe-refresh-target"  # what the button would fetch, or why it cannot
    REFRESH_PROGRESS = "universe-refresh-progress"
    REFRESH_STAGE = "universe-refresh-stage"
    REFRESH_STATUS = "universe-refresh-status"
    REFRESH_TOKEN = "universe-refresh-token"  # store: this page view's job token
    REFRESH_RESULT = "universe-refresh-result"  # store: the last finished fetch (FetchReport fields)
    FACT_SHOWN = "fact-shown"  # store: the panel a clicked fact brought into view (the page scrolls to it)
    FACT_ITEM = "fact-item"  # pattern-matching type: {"type": FACT_ITEM, "index": n}
    # "Check a claim" box (components/claims.py, callbacks/claims.py)
    CLAIMS_BOX = "claims-box"  # the card (not a panel: no "panel-" id)
    CLAIMS_TEXT = "claims-text"
    CLAIMS_ASOF = "claims-asof"
    CLAIMS_CHECK = "claims-check"
    CLAIMS_RESULTS = "claims-results"
    CLAIMS_RECORDS = "claims-records"  # store: the JSON of the last check (as the CLI prints it)


#: Panels whose x axis is time: zooming any of them sets the shared window.
TIME_PANELS = ("relative", "rates", "spreads", "correlation")
#: Every panel, in page order (export names).
PANELS = ("facts", "relative", "rates", "spreads", "correlation", "regimes", "leverage", "universe")
#: Panels drawn as a ``dcc.Graph``.
GRAPH_PANELS = tuple(p for p in PANELS if p != "facts")


def graph_id(panel: str) -> str:
    """The ``dcc.Graph`` id of ``panel``."""
    return f"{panel}-graph"


def view_id(panel: str) -> str:
    """The ``dcc.Store`` holding the view-state fields ``panel`` reads (its input)."""
    return f"{panel}-view"


def summary_id(panel: str) -> str:
    """The summary line id of ``panel``."""
    return f"{panel}-summary"


def source_id(panel: str) -> str:
    """The paragraph under the graph of ``panel`` that shows the figure's source line as page text
    when the chart is too narrow for it (assets/chart_sources.js writes it; empty otherwise)."""
    return f"{panel}-source"


def csv_id(panel: str) -> str:
    """The link in the card header of ``panel`` to the CSV of what it shows (``/export/<panel>.csv``)."""
    return f"{panel}-csv"
