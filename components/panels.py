"""Panel cards: a title, a graph with its modebar download settings, a summary line."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Id, csv_id, graph_id, source_id, summary_id

#: The facts list's parts, each filled by its own callback (see :mod:`callbacks.facts`).
FACT_PAGE_GROUPS = ("returns", "context")
from components.refresh import refresh_controls

TITLES = {
    "facts": "Headline facts",
    "relative": "Relative performance: small caps vs large caps",
    "rates": "Rates: Treasury yields and the fed funds target",
    "spreads": "Credit spreads",
    "correlation": "Small caps and the 10-year yield: rolling correlation",
    "regimes": "Fed cycles: event study",
    "leverage": "Leverage quartiles",
    "universe": "Inside the universe: sectors, breadth and valuation",
}


def graph_config(panel: str, start=None, end=None) -> dict:
    """Modebar settings: PNG download named ``<panel>_<start>_<end>.png`` at scale 2."""
    name = f"{panel}_{start}_{end}" if start and end else panel
    return {
        "displaylogo": False,
        # licensed index data must not leave: no button uploads a chart or its data to a cloud
        "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False, "plotlyServerURL": "",
        "modeBarButtonsToRemove": list(CLOUD_BUTTONS),
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2,
                                 "width": 1200, "height": 600},
    }


#: Modebar buttons that send a chart or its data to Plotly's cloud services.
CLOUD_BUTTONS = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")


def _card(panel: str, body: list, *, width: int = 12, col_class: str = "") -> dbc.Col:
    return dbc.Col(dbc.Card(className="mb-3 h-100", id=f"panel-{panel}", children=[
        dbc.CardHeader(className="d-flex justify-content-between align-items-baseline gap-2", children=[
            html.Span(TITLES[panel]),
            html.A("Data (CSV)", id=csv_id(panel), href=f"/export/{panel}.csv",
                   className="small link-secondary text-nowrap",
                   title="The numbers behind this panel for the view shown: dates and units in the columns "
                         "(the sources and as-of date are in the zip of all panels, ABOUT.txt)"),
        ]),
        dbc.CardBody(body),
    ]), lg=width, className=f"mb-3 {col_class}".strip())


def graph_panel(panel: str, *, extra: list | None = None, width: int = 12, window=(None, None)) -> dbc.Col:
    """A card with the panel's graph, summary line and optional extra content below.

    ``window`` (the default view's start and end) names the modebar's PNG download. Right under
    the graph, an empty paragraph: on a chart too narrow for its figure's source line (a phone),
    assets/chart_sources.js hides that line in the chart and writes it here as page text. No
    callback writes it (React never replaces what the script wrote); empty, it takes no space.
    """
    body = [
        dcc.Loading(dcc.Graph(id=graph_id(panel), config=graph_config(panel, *window)),
                    type="dot", delay_show=400),
        html.P(id=source_id(panel), className="chart-source text-muted"),
        html.P(id=summary_id(panel), className="small text-muted mb-0"),
        *(extra or []),
    ]
    return _card(panel, body, width=width)


def facts_panel(*, width: int = 12) -> dbc.Col:
    """The headline facts list (filled by its callbacks; scrolls within its card): the most
    notable facts first, then every fact behind an "all N facts" toggle. Beside the relative
    chart (wide screens) the card takes that chart's height instead of setting the row's
    (``facts-col`` in assets/app.css)."""
    return _card("facts", [
        html.P(id=Id.FACTS_SUMMARY, className="small text-muted"),
        dcc.Loading(html.Div(id=Id.FACTS_LIST, className="facts-list", children=[
            html.Div(id=Id.FACTS_TOP),
            html.Details(id=Id.FACTS_ALL, className="facts-all mt-2", children=[
                html.Summary("all facts", id=Id.FACTS_ALL_LABEL, className="small"),
                *[html.Div(id=f"{Id.FACTS_LIST}-{group}") for group in FACT_PAGE_GROUPS]]),
        ]), type="dot", delay_show=400),
        *[dcc.Store(id=f"{Id.FACTS_SUMMARY}-{group}") for group in FACT_PAGE_GROUPS],
    ], width=width, col_class="facts-col")


def date_pair_controls(label: str, ids: tuple[str, str], placeholders: tuple[str, str], hint: str) -> dbc.Row:
    """Two optional dates under a panel ("<label> [date] to [date]", then ``hint``): empty
    dates are the default the placeholders show."""
    picker = dict(display_format="YYYY-MM-DD", first_day_of_week=1, clearable=True, className="d-block")
    return dbc.Row(className="g-2 align-items-end mt-2", children=[
        dbc.Col(dbc.Label(label, html_for=ids[0], className="small mb-0"), width="auto"),
        dbc.Col(dcc.DatePickerSingle(id=ids[0], placeholder=placeholders[0], **picker), width="auto"),
        dbc.Col(dbc.Label("to", html_for=ids[1], className="small mb-0"), width="auto"),
        dbc.Col(dcc.DatePickerSingle(id=ids[1], placeholder=placeholders[1], **picker), width="auto"),
        dbc.Col(html.Span(hint, className="small text-muted"), width="auto"),
    ])


def measure_window_controls() -> dbc.Row:
    """The leverage measure window: two optional dates (empty = the month after the as-of date,
    which is the window's end unless pinned)."""
    return date_pair_controls("Measure returns from", (Id.MEASURE_START, Id.MEASURE_END),
                              ("as-of date", "a month later"), "empty: the month after the as-of date")


def high_window_controls() -> dbc.Row:
    """The universe panel's "old high" window: two optional dates (empty = calendar 2021)."""
    return date_pair_controls("Below the high of", (Id.HIGH_START, Id.HIGH_END), ("2021-01-01", "2021-12-31"),
                              "empty: calendar 2021, the last small-cap peak")


#: The relative chart's transforms (:data:`state.TRANSFORMS`) as the radio labels them.
TRANSFORM_LABELS = (("level", "Level"), ("change", "% change"), ("yoy", "YoY %"),
                    ("rolling12", "Rolling 12M relative"), ("drawdown", "Drawdown"))


def relative_chart_controls() -> dbc.Row:
    """The relative chart's scale (linear/log) and transform; the hub sets their values."""
    radio = dict(inline=True, className="small", inputClassName="me-1", labelClassName="me-2")
    return dbc.Row(className="g-2 align-items-center mt-1", children=[
        dbc.Col(dbc.Label("Scale", html_for=Id.SCALE, className="small mb-0"), width="auto"),
        dbc.Col(dbc.RadioItems(id=Id.SCALE, value="linear", options=[
            {"label": "Linear", "value": "linear"}, {"label": "Log", "value": "log"}], **radio), width="auto"),
        dbc.Col(dbc.Label("Show", html_for=Id.TRANSFORM, className="small mb-0"), width="auto"),
        dbc.Col(dbc.RadioItems(id=Id.TRANSFORM, value="level", options=[
            {"label": text, "value": value} for value, text in TRANSFORM_LABELS], **radio), width="auto"),
    ])


def build_panels(window=(None, None)) -> list:
    """All panels in page order; ``window`` is the default view's (see :func:`graph_panel`)."""
    return [
        dbc.Row([graph_panel("relative", width=8, window=window, extra=[relative_chart_controls()]),
                 facts_panel(width=4)]),
        dbc.Row([graph_panel("rates", width=6, window=window), graph_panel("spreads", width=6, window=window)]),
        dbc.Row(graph_panel("correlation", window=window)),
        dbc.Row(graph_panel("regimes", extra=[html.Div(id=Id.REGIMES_TABLE, className="mt-2")], window=window)),
        dbc.Row(graph_panel("leverage", window=window, extra=[
            measure_window_controls(),
            dcc.Upload(id=Id.LEVERAGE_UPLOAD, className="upload-box mt-2", max_size=1_000_000,
                       children=html.Div(["Upload a universe: drop a CSV with a ",
                                          html.Code("ticker"), " column, or click to choose"])),
            html.Div(id=Id.LEVERAGE_UPLOAD_MESSAGE, className="small mt-1"),
            dcc.Store(id=Id.MY_UPLOADS, storage_type="local"),  # this browser's uploads only
            refresh_controls(),
            html.Div(id=Id.LEVERAGE_TABLE, className="mt-2"),
        ])),
        dbc.Row(graph_panel("universe", window=window, extra=[high_window_controls()])),
    ]
