"""Reading and driving the dashboard page from browser tests (a small page object).

Everything here reads what the browser shows (control values, the figures Plotly drew, the
URL); nothing peeks at server state. Waits use ``dash.testing.wait.until`` with generous
timeouts: the panels take a few seconds to compute on a small machine.
"""

from __future__ import annotations

import json
import struct
from urllib.parse import parse_qsl, urlsplit

from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from components.ids import TIME_PANELS

#: Generous: a view change recomputes every panel (1-3 s each on two cores, more on first load).
TIMEOUT = 40

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_GRAPH_JS = "document.querySelector('#' + arguments[0] + ' .js-plotly-plot')"


def png_size(body: bytes) -> tuple[int, int]:
    """Pixel width and height from a PNG's IHDR chunk (asserts the PNG signature and chunk)."""
    assert body[:8] == PNG_SIGNATURE, f"not a PNG: starts {body[:8]!r}"
    assert body[12:16] == b"IHDR", "PNG without an IHDR chunk first"
    return struct.unpack(">II", body[16:24])


def query_of(url: str) -> dict[str, str]:
    """The query parameters of ``url`` as a dict (a share link repeats no parameter)."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def wait_time_panels_on(page: "DashPage", start: str, end: str) -> None:
    """Wait until every time panel is drawn on exactly ``[start, end]``, data included.

    Checks both the x range and the first data trace's first and last x, so a panel that was
    only zoomed (not recomputed for the window) does not pass. ``start`` and ``end`` must be
    weekdays for daily data (the demo data has every weekday).
    """
    until(lambda: all(page.x_range(p) == [start, end] for p in TIME_PANELS), timeout=TIMEOUT,
          msg=f"time panels not all on {start}..{end}: "
              + str({p: page.x_range(p) for p in TIME_PANELS}))
    for panel in TIME_PANELS:
        assert page.x_data(panel) == [start, end], (panel, page.x_data(panel))


class DashPage:
    """The dashboard in one browser (a dash.testing ``Browser``/``DashComposite``)."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url.rstrip("/")

    @property
    def driver(self):
        return self.browser.driver

    # ------------------------------------------------------------------ navigation
    def open(self, query: str = "", *, wait: bool = True) -> None:
        """Load ``/<query>`` from scratch and wait until every time panel has drawn."""
        self.driver.get(self.base_url + "/" + query)
        if wait:
            self.wait_loaded()

    def wait_loaded(self) -> None:
        """Every time panel drew a figure with data, the window picker has dates, facts are listed."""
        until(lambda: all(self.has_data(p) for p in TIME_PANELS) and all(self.window())
              and self.fact_items(), timeout=TIMEOUT,
              msg="the page did not finish loading its panels")

    def idle(self) -> bool:
        """No Dash callback is pending or running in the page."""
        return self.driver.execute_script(
            "const s = window.store && window.store.getState();"
            "if (!s || !s.callbacks) return false;"
            "const c = Object.assign({}, s.callbacks); delete c.stored; delete c.completed;"
            "return Object.values(c).every(list => !list || !list.length);")

    def settled(self, read):
        """``read()`` once no callback is pending and two reads in a row agree (the page is still)."""
        seen = []

        def still():
            if not self.idle():
                seen.clear()
                return False
            seen.append(read())
            return len(seen) >= 2 and seen[-1] == seen[-2]

        until(still, timeout=TIMEOUT, poll=0.3, msg="the page did not settle")
        return seen[-1]

    def url(self) -> str:
        return self.driver.current_url

    def query(self) -> dict[str, str]:
        return query_of(self.driver.current_url)

    def mark_document(self) -> None:
        """Tag the current document; :meth:`same_document` is False after any page (re)load."""
        self.driver.execute_script("window.__smallcapMarker = 'kept';")

    def same_document(self) -> bool:
        return self.driver.execute_script("return window.__smallcapMarker === 'kept';")

    # ------------------------------------------------------------------ figures
    def has_data(self, panel: str) -> bool:
        return bool(self.driver.execute_script(
            f"const g = {_GRAPH_JS}; return !!(g && g.data && g.data.length && g.data[0].x && g.data[0].x.length);",
            f"{panel}-graph"))

    def x_range(self, panel: str) -> list[str] | None:
        """The x-axis range the figure of ``panel`` is drawn on (dates, ``YYYY-MM-DD``)."""
        return self.driver.execute_script(
            f"const g = {_GRAPH_JS};"
            "if (!g || !g._fullLayout || !g._fullLayout.xaxis || !g.data || !g.data.length) return null;"
            "return g._fullLayout.xaxis.range.map(v => String(v).slice(0, 10));", f"{panel}-graph")

    def x_data(self, panel: str, trace: int = 0) -> list[str] | None:
        """First and last x of one trace of ``panel`` (dates, ``YYYY-MM-DD``)."""
        return self.driver.execute_script(
            f"const g = {_GRAPH_JS};"
            "if (!g || !g.data || g.data.length <= arguments[1]) return null;"
            "const x = g.data[arguments[1]].x; if (!x || !x.length) return null;"
            "return [String(x[0]).slice(0, 10), String(x[x.length - 1]).slice(0, 10)];",
            f"{panel}-graph", trace)

    def traces(self, panel: str) -> list[dict]:
        """Every trace of ``panel``: name, first point's customdata, first/last x and x extent (span)."""
        return self.driver.execute_script(
            f"const g = {_GRAPH_JS}; if (!g || !g.data) return [];"
            "return g.data.map(t => ({name: t.name || null,"
            " custom: t.customdata && t.customdata.length ? t.customdata[0] : null,"
            " x: t.x && t.x.length ? [String(t.x[0]).slice(0, 10), String(t.x[t.x.length - 1]).slice(0, 10)] : null,"
            " span: t.x && t.x.length ? [t.x.map(String).reduce((a, b) => a < b ? a : b).slice(0, 10),"
            "                            t.x.map(String).reduce((a, b) => a > b ? a : b).slice(0, 10)] : null}));",
            f"{panel}-graph") or []

    def title(self, panel: str) -> str:
        return self.driver.execute_script(
            f"const g = {_GRAPH_JS}; return g && g._fullLayout ? String(g._fullLayout.title.text) : '';",
            f"{panel}-graph")

    def zoom(self, panel: str, update: dict) -> None:
        """A user zoom, as Plotly reports it: ``Plotly.relayout`` on the panel's graph."""
        self.driver.execute_script(
            f"Plotly.relayout({_GRAPH_JS}, arguments[1]);", f"{panel}-graph", update)

    def scroll_to(self, element) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)

    def graph_point(self, panel: str, date: str, *, y_fraction: float = 0.5) -> tuple[float, float]:
        """Viewport pixel of ``date`` on the panel's x axis, at ``y_fraction`` of the first y axis' height."""
        return tuple(self.driver.execute_script(
            f"const g = {_GRAPH_JS}; const fl = g._fullLayout; const xa = fl.xaxis, ya = fl.yaxis;"
            "const box = g.getBoundingClientRect();"
            "return [box.left + xa._offset + xa.d2p(arguments[1]),"
            "        box.top + ya._offset + ya._length * arguments[2]];",
            f"{panel}-graph", date, y_fraction))

    def click_at(self, x: float, y: float) -> None:
        """A real mouse move, short hover and click at viewport pixel ``(x, y)``."""
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(int(x), int(y))
        actions.pointer_action.pause(0.3)
        actions.pointer_action.click()
        actions.perform()

    def modebar_button(self, panel: str, title: str):
        """Hover the graph (the modebar shows on hover) and return its button titled ``title``."""
        graph = self.driver.find_element(By.CSS_SELECTOR, f"#{panel}-graph")
        self.scroll_to(graph)
        ActionChains(self.driver).move_to_element(graph).perform()
        return self.browser.wait_for_element(
            f"#{panel}-graph .modebar-btn[data-title='{title}']", timeout=TIMEOUT)

    def png_click(self, panel: str) -> dict:
        """Click the chart's modebar PNG button with ``Plotly.downloadImage`` recording what it is
        given (no file is written): ``{"seen": [{"layout", "options"}], "page": the chart's own
        layout, "height": its drawn height}``."""
        return self.driver.execute_script("""
            const gd = document.querySelector('#' + arguments[0] + '-graph .js-plotly-plot');
            const copy = value => JSON.parse(JSON.stringify(value));
            const seen = [], own = Plotly.downloadImage;
            Plotly.downloadImage = (figure, options) => { seen.push({layout: copy(figure.layout), options: options});
                                                          return Promise.resolve('x'); };
            try {
              gd.querySelector(".modebar-btn[data-title^='Download plot']")
                .dispatchEvent(new MouseEvent('click', {bubbles: true}));
            } finally { Plotly.downloadImage = own; }
            return {seen: seen, page: copy(gd.layout), height: gd._fullLayout.height};""", panel)

    # ------------------------------------------------------------------ controls
    def window(self) -> tuple[str, str]:
        """The window date-picker's two dates as shown."""
        return tuple(self.driver.execute_script(
            "const s = document.querySelector('#control-window'),"
            " e = document.querySelector('#control-window-end-date');"
            "return [s ? s.value : '', e ? e.value : ''];"))

    def controls(self) -> dict[str, str]:
        """Every shared control's value as the page shows it."""
        return self.driver.execute_script("""
            const q = s => document.querySelector(s);
            const text = s => q(s) ? q(s).innerText.trim() : null;
            const checked = s => q(s + ' input:checked') ? q(s + ' input:checked').value : null;
            return {
              small: text('#control-small-value'), large: text('#control-large-value'),
              start: q('#control-window') ? q('#control-window').value : null,
              end: q('#control-window-end-date') ? q('#control-window-end-date').value : null,
              freq: checked('#control-freq'), window: q('#control-corr-window').value,
              asof: q('#control-asof') ? q('#control-asof').value : null,
              event: text('#control-event-value'), universe: text('#control-universe'),
              rank_by: checked('#control-rank-by'),
            };""")

    def choose(self, dropdown_id: str, value: str) -> None:
        """Pick ``value`` in a ``dcc.Dropdown`` the way a user does: open it, click the option."""
        button = self.driver.find_element(By.CSS_SELECTOR, f"#{dropdown_id}")
        self.scroll_to(button)
        button.click()
        option = self.browser.wait_for_element(
            f"[role=listbox] input[value='{value}']", timeout=TIMEOUT)
        option.find_element(By.XPATH, "./ancestor::label[@role='option']").click()
        until(lambda: not self.driver.find_elements(By.CSS_SELECTOR, "[role=listbox]"), timeout=10,
              msg=f"the {dropdown_id} dropdown did not close")

    def click_radio(self, radio_id: str, label: str) -> None:
        element = self.driver.find_element(
            By.XPATH, f"//*[@id='{radio_id}']//label[normalize-space()='{label}']")
        self.scroll_to(element)
        element.click()

    def click_preset(self, text: str) -> None:
        element = self.driver.find_element(
            By.XPATH, f"//*[@id='controls']//button[normalize-space()='{text}']")
        self.scroll_to(element)
        element.click()

    def set_corr_window(self, periods: int) -> None:
        field = self.driver.find_element(By.CSS_SELECTOR, "#control-corr-window")
        self.scroll_to(field)
        field.click()
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(str(periods), Keys.ENTER)

    # ------------------------------------------------------------------ facts and panels
    def fact_items(self) -> list[dict]:
        """Every fact item: its pattern-matching id (parsed) and text."""
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#facts-list li')).map("
            " li => ({id: li.id, text: li.innerText}));") or []

    def fact_element(self, fact_id: str):
        """A fact item, made visible: facts beyond the most notable are behind "all N facts"."""
        self.driver.execute_script("document.querySelectorAll('#facts-list details').forEach(d => d.open = true);")
        return self.driver.find_element(By.CSS_SELECTOR, f"#facts-list li[id='{css_escape(fact_id)}']")

    def panel_classes(self) -> dict[str, list[str]]:
        return self.driver.execute_script(
            "const out = {}; document.querySelectorAll('[id^=panel-]').forEach("
            " c => { out[c.id.slice(6)] = Array.from(c.classList); }); return out;")

    def notices(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, "#notices").text

    def export_href(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, "#export-all").get_attribute("href")


def parse_fact_id(raw: str) -> dict:
    """A fact item's DOM id (JSON of ``{"type": "fact-item", "index": "start|end|panel"}``, plus
    ``"|<freq><window>"`` for a correlation: ``setting``, else ``""``)."""
    parsed = json.loads(raw)
    start, end, panel, *setting = parsed["index"].split("|")
    return {"type": parsed["type"], "start": start, "end": end, "panel": panel, "setting": "".join(setting)}


def css_escape(text: str) -> str:
    """Escape a value for a CSS attribute selector in single quotes."""
    return text.replace("\\", "\\\\").replace("'", "\\'")
