"""View state -> leverage quartiles (figure, summary, extreme names); uploads -> universe list.

Windows. The rank window is the page's window (``state.start`` .. ``state.end``, defaults
filled in from the small/large pair as every panel does). The measure window is
``state.mstart`` .. ``state.mend``; either left empty defaults to the month after the rank
window (``mstart`` = the rank end, ``mend`` = ``mstart`` plus one calendar month). Ranking by
leverage uses the debt-to-equity at the rank end, as the ``quartiles`` command does. A measure
window that ends more than :data:`analytics.leverage.MAX_STALE_DAYS` days after the last
price gives a message instead of quartiles.

Uploads. The upload callback only validates and keeps the list (under ``upload:<file stem>``)
and adds it to the universe menu's options; choosing it is left to the user, because the state
hub owns the menu's value.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from analytics.leverage import (
    LeverageInputError, QuartileResult, QuartileSpec, UniverseProfile, compute_quartiles, universe_profile,
)
from callbacks.common import PANEL_FIELDS, PanelError, load, plain_outputs, window
from components.figures.common import empty_figure, empty_spec
from components.figures.leverage import build_leverage_figure
from components.figures.leverage import leverage_spec as leverage_figure_spec
from components.ids import Id, view_id
from loaders.base import LoaderError
from loaders.upload import MAX_BYTES, UploadError, parse_universe_upload, universe_name_from_filename
from state import ViewState

TITLE = "Leverage quartiles"
#: Names listed per extreme quartile in the table.
TABLE_ROWS = 15


def _day(value) -> dt.date:
    return pd.Timestamp(value).date()


def _pct(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:+.1%}"


def rank_window(data, universe, state: ViewState) -> tuple[dt.date, dt.date]:
    """The state's window with defaults from the small/large pair (the universe's prices if it fails)."""
    try:
        loaded = load(data, state.small, state.large)
        start, end = window(state, *(item.data for item in loaded.values()))
        return start.date(), end.date()
    except PanelError:
        provenance = universe.prices_provenance()
        return state.resolve_window(_day(provenance.first), _day(provenance.last))


def leverage_spec(state: ViewState, rank_start: dt.date, rank_end: dt.date) -> QuartileSpec:
    """The quartile request of the state for a rank window (see the module docstring).

    Raises:
        LeverageInputError: the windows are empty or reversed (the message says which).
    """
    measure_start = state.mstart or rank_end
    measure_end = state.mend or (pd.Timestamp(measure_start) + pd.DateOffset(months=1)).date()
    return QuartileSpec(rank_by=state.rank_by, rank_start=pd.Timestamp(rank_start),
                        rank_end=pd.Timestamp(rank_end), measure_start=pd.Timestamp(measure_start),
                        measure_end=pd.Timestamp(measure_end))


def describe_ranking(spec: QuartileSpec) -> str:
    """``"return 2018-09-28 to 2018-12-31"`` or ``"debt-to-equity at 2018-12-31"``."""
    if spec.rank_by == "return":
        return f"return {spec.rank_start:%Y-%m-%d} to {spec.rank_end:%Y-%m-%d}"
    return f"debt-to-equity at {spec.as_of_leverage:%Y-%m-%d}"


def left_out_text(result: QuartileResult) -> str:
    """``"45 no prices and no statements in the data source; 96 no prices ..."`` (or "none")."""
    return "; ".join(f"{n} {why}" for why, n in result.left_out.items()) or "none"


def leverage_summary(name: str, profile: UniverseProfile, result: QuartileResult) -> str:
    """Profile at the leverage date, quartile returns, what was left out and why."""
    spec = result.spec
    q1, q4 = result.quartiles[0], result.quartiles[-1]
    loss = ("share with a net loss unknown" if profile.share_net_loss is None else
            f"{profile.share_net_loss:.0%} of {profile.net_income_known} with a net loss in their latest annual "
            "statement")
    median = ("n/a" if profile.median_debt_to_equity is None else f"{profile.median_debt_to_equity:.2f}")
    negative = result.negative_equity
    return (
        f"{name}: {profile.members} members; at {profile.as_of:%Y-%m-%d} {profile.with_statement} have a "
        f"statement in force, {profile.with_prices} have prices, {profile.not_in_data} are not in the data; "
        f"{loss}; median debt-to-equity {median}. "
        f"Ranked {result.ranked} by {describe_ranking(spec)}; mean return "
        f"{spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}: Q1 {_pct(q1.mean_return)}, "
        f"Q4 {_pct(q4.mean_return)}. Left out: {left_out_text(result)}. "
        f"Negative equity: {negative.n} (own group, mean return {_pct(negative.mean_return)} over "
        f"{negative.n_return} with prices). Blank debt counted as zero: {result.debt_blank_as_zero} ranked."
    )


def extreme_rows(result: QuartileResult, members: pd.DataFrame, rank_returns: pd.Series,
                 *, rows: int = TABLE_ROWS) -> pd.DataFrame:
    """The ``rows`` most extreme names of Q1 (lowest rank values) and Q4 (highest).

    Returns:
        Frame with ``quartile, ticker, name, debt_to_equity, status, rank_return,
        measure_return`` (ratios, decimal returns).
    """
    table = result.table
    q1 = table[table["quartile"] == 1].sort_values("rank_value", kind="mergesort").head(rows)
    q4 = table[table["quartile"] == 4].sort_values("rank_value", ascending=False, kind="mergesort").head(rows)
    picked = pd.concat([q1, q4])
    names = members.drop_duplicates("ticker").set_index("ticker")["name"] if "name" in members else pd.Series()
    return pd.DataFrame({
        "quartile": picked["quartile"].to_numpy(), "ticker": picked.index.to_numpy(),
        "name": names.reindex(picked.index).fillna("").to_numpy(),
        "debt_to_equity": picked["debt_to_equity"].to_numpy(), "status": picked["status"].to_numpy(),
        "rank_return": rank_returns.reindex(picked.index).to_numpy(),
        "measure_return": picked["measure_return"].to_numpy(),
    })


def extreme_table(frame: pd.DataFrame, result: QuartileResult) -> dbc.Table:
    """The rows of :func:`extreme_rows` as a table, most extreme first in each quartile."""
    spec = result.spec
    sizes = {int(q.label): q.n for q in result.quartiles}
    header = ["Quartile", "Ticker", "Name", "Debt / equity",
              f"Return {spec.rank_start:%Y-%m-%d} to {spec.rank_end:%Y-%m-%d}",
              f"Return {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}"]
    body = []
    for row in frame.itertuples(index=False):
        de = ("neg. equity" if row.status == "negative equity" else
              "n/a" if pd.isna(row.debt_to_equity) else f"{row.debt_to_equity:.2f}")
        body.append(html.Tr([html.Td(f"Q{row.quartile}"), html.Td(row.ticker), html.Td(row.name), html.Td(de),
                             html.Td(_pct(row.rank_return)), html.Td(_pct(row.measure_return))]))
    stocks = {q: f"{n} stock{'' if n == 1 else 's'}" for q, n in sizes.items()}
    caption = (f"The most extreme names, up to {TABLE_ROWS} of each: Q1 (lowest {spec.rank_by}, {stocks[1]}) "
               f"and Q4 (highest {spec.rank_by}, {stocks[4]}).")
    return dbc.Table([html.Caption(caption, className="caption-top"),
                      html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
                     size="sm", striped=True, hover=True, responsive=True, className="small")


def source_text(universe, result: QuartileResult, prices) -> str:
    """The line under the figure: source, last price, members, ranked and left out.

    Args:
        universe: The :class:`~loaders.universe.UniverseData`.
        result: The quartiles.
        prices: Provenance of the prices.
    """
    origin = "DEMO DATA (synthetic)" if prices.demo else universe.describe()
    last = pd.Timestamp(prices.last) if prices.last is not None else None
    return (f"Source: {origin}; prices to {f'{last:%Y-%m-%d}' if last is not None else 'unknown'}. "
            f"{result.members} members, {result.ranked} ranked; left out: {left_out_text(result)}. "
            "Small-Cap Monitor.")


@dataclass(frozen=True)
class LeverageView:
    """What the leverage panel shows: figure, summary line, extremes table and the result."""

    figure: object
    summary: str
    table: object
    result: QuartileResult | None = None


def _message(text: str, *, short: str | None = None, raw: bool = False) -> LeverageView:
    figure = (empty_spec if raw else empty_figure)(short or text, title=TITLE)
    return LeverageView(figure, text, None)


def leverage_view(data, universe, state: ViewState, *, raw: bool = False) -> LeverageView:
    """The leverage panel for ``state``; a view that cannot be drawn says why (``result`` None).

    ``raw=True`` gives the figure as a plain dict spec (the page), else a ``go.Figure``.
    """
    if not state.universe:
        try:
            known = ", ".join(universe.list_universes()) or "none"
        except LoaderError:
            known = "none"
        return _message(f"Choose a universe to rank its stocks into quartiles (available: {known}).",
                        short="Choose a universe", raw=raw)
    name = state.universe
    try:
        members = universe.members(name).data
        rank_start, rank_end = rank_window(data, universe, state)
        spec = leverage_spec(state, rank_start, rank_end)
        prices = universe.prices_provenance()
        last = pd.Timestamp(prices.last)
        if spec.measure_end > last + pd.Timedelta(days=spec.max_stale_days):
            return _message(
                f"The measure window {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d} ends after "
                f"the last price in the data ({last:%Y-%m-%d}): choose an earlier window or set the "
                "measure dates.", raw=raw)
        statements, history = universe.statements(), universe.price_history()
        result = compute_quartiles(members["ticker"], statements, history, spec)
        profile = universe_profile(members["ticker"], statements, history, as_of=spec.as_of_leverage,
                                   lookback_months=spec.lookback_months, max_stale_days=spec.max_stale_days)
    except (LoaderError, LeverageInputError) as exc:
        return _message(f"Cannot rank {name}: {exc}", raw=raw)
    rank_returns = (result.table["rank_value"] if spec.rank_by == "return" else
                    history.window_returns(result.table.index, spec.rank_start, spec.rank_end,
                                           max_stale_days=spec.max_stale_days))
    figure = (leverage_figure_spec if raw else build_leverage_figure)(
        result, title=f"{name}: quartiles by {describe_ranking(spec)}",
        source_line=source_text(universe, result, prices))
    table = extreme_table(extreme_rows(result, members, rank_returns), result)
    return LeverageView(figure, leverage_summary(name, profile, result), table, result)


def make_update_leverage(data, universe, *, raw: bool = False):
    """Build the view-state callback body bound to the data and universe (plain function)."""

    def update_leverage(state_data):
        view = leverage_view(data, universe, ViewState.from_dict(state_data), raw=raw)
        return view.figure, view.summary, view.table

    return update_leverage


def decode_upload(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` value (``data:<type>;base64,<data>``).

    Raises:
        UploadError: not a base64 data URL.
    """
    header, sep, payload = (contents if isinstance(contents, str) else "").partition(",")
    if not sep or not header.endswith(";base64"):
        raise UploadError("the upload could not be read (not a base64 data URL); try the file again")
    size = len(payload) * 3 // 4 - payload[-2:].count("=")
    if size > MAX_BYTES:  # refused before decoding: a huge upload is never held twice in memory
        raise UploadError(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB)")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("the upload could not be read (broken base64 data); try the file again") from None


def universe_options(universe) -> list[dict]:
    """Options of the universe menu, as the controls build them."""
    return [{"label": u, "value": u} for u in universe.list_universes()]


def make_handle_upload(universe):
    """Build the upload callback body bound to the universe data (plain function)."""

    def rejected(text: str):
        return dbc.Alert(f"Upload rejected: {text}", color="danger", className="py-2 mb-0"), no_update

    def handle_upload(contents, filename):
        if not contents:
            raise PreventUpdate
        filename = filename or "upload.csv"
        try:
            known = universe.known_tickers()
        except LoaderError:
            known = None
        try:
            parsed = parse_universe_upload(decode_upload(contents), filename=filename, known_tickers=known)
        except UploadError as exc:
            return rejected(str(exc))
        name = universe_name_from_filename(filename)
        replaced = name in universe.list_universes()
        try:
            universe.add_upload(parsed.members, name=name, note=" ".join(parsed.messages))
        except LoaderError as exc:
            return rejected(str(exc))
        text = (f"{' '.join(parsed.messages)} Saved as {name}"
                f"{' (replacing the earlier upload of that name)' if replaced else ''}: choose it under Universe.")
        color = "success" if len(parsed.messages) == 1 else "warning"
        return dbc.Alert(text, color=color, className="py-2 mb-0"), universe_options(universe)

    return handle_upload


def leverage_callback(update, universe, memo=None):
    """The registered body: ``update`` also run when a live universe fetch finishes (its
    result is not read), outputs compacted for the page, cached per view and universe version
    (:meth:`loaders.universe.UniverseData.version`: a new upload or fetch is a new key)."""

    def update_leverage(view, _fetched):
        if memo is None or not isinstance(view, dict):
            return plain_outputs(update(view))
        state = ViewState.from_dict(view).to_dict()  # a tampered store value falls back to defaults
        fields = tuple((name, state[name]) for name in PANEL_FIELDS["leverage"])
        try:
            version = universe.version(state["universe"])
        except LoaderError:
            return plain_outputs(update(view))
        return memo.get_or_compute("panel:leverage", (*fields, ("universe_version", version)),
                                   lambda: plain_outputs(update(dict(fields))))

    return update_leverage


def register(app, data, universe, *, memo=None) -> None:
    """Wire the leverage panel (cached per view with ``memo``) and the universe upload."""
    app.callback(
        Output(Id.LEVERAGE_GRAPH, "figure"), Output(Id.LEVERAGE_SUMMARY, "children"),
        Output(Id.LEVERAGE_TABLE, "children"),
        Input(view_id("leverage"), "data"), Input(Id.REFRESH_RESULT, "data"),
    )(leverage_callback(make_update_leverage(data, universe, raw=True), universe, memo))
    app.callback(
        Output(Id.LEVERAGE_UPLOAD_MESSAGE, "children"), Output(Id.UNIVERSE, "options"),
        Input(Id.LEVERAGE_UPLOAD, "contents"), State(Id.LEVERAGE_UPLOAD, "filename"),
        prevent_initial_call=True,
    )(make_handle_upload(universe))
