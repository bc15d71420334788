"""iShares holdings loader: payloads in the real download formats, HTTP mocked with responses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import requests
import responses

from loaders.base import LoaderError
from loaders.ishares import fetch_ishares_holdings, holdings_url, parse_ishares_holdings, to_yahoo_symbol

PAYLOADS = Path(__file__).parent / "payloads"
IWM = (PAYLOADS / "ishares_IWM_holdings.csv").read_bytes()


class TestParse:
    def test_current_download_with_header_lines(self):
        members, as_of = parse_ishares_holdings(IWM.decode("utf-8"))
        assert as_of == pd.Timestamp("2025-05-13")
        # Equity rows only (no money market, cash or futures), no "-" ticker, HIMS once,
        # LGF.A in Yahoo style, MOGA kept as iShares writes it; largest weight first.
        assert members.to_dict("list") == {
            "ticker": ["SFM", "HIMS", "MOGA", "LGF-A"],
            "name": ["SPROUTS FARMERS MARKET INC", "HIMS HERS HEALTH INC CLASS A", "MOOG INC CLASS A",
                     "LIONS GATE ENTERTAINMENT CORP CLAS"],
            "sector": ["Consumer Staples", "Health Care", "Industrials", "Communication"],
            "weight": [0.64, 0.50, 0.21, 0.06],
        }

    def test_older_saved_copy_without_header_lines(self):
        members, as_of = parse_ishares_holdings((PAYLOADS / "ishares_IJR_holdings_2019.csv").read_text())
        assert as_of is None
        assert list(members["ticker"]) == ["SIGI", "MRCY", "BRC", "B"]
        assert members.set_index("ticker").loc["B", "sector"] == "Industrials"

    def test_no_table(self):
        with pytest.raises(LoaderError, match="iShares: no holdings table"):
            parse_ishares_holdings("iShares Russell 2000 ETF\nFund Holdings as of,\"May 13, 2025\"\n")

    def test_no_equity_rows(self):
        text = 'Ticker,Name,Sector,Asset Class,Weight (%)\n"USD","USD CASH","Cash","Cash","0.10"\n'
        with pytest.raises(LoaderError, match="no equity holdings"):
            parse_ishares_holdings(text)


class TestFetch:
    @responses.activate
    def test_download(self):
        responses.get(holdings_url("IWM"), body=IWM, content_type="text/csv")
        members, provenance = fetch_ishares_holdings("iwm", session=requests.Session())
        assert len(members) == 4
        assert provenance.last == pd.Timestamp("2025-05-13") and provenance.source == "iShares"
        assert "IWM_holdings" in provenance.location and "as of 2025-05-13" in provenance.note

    @responses.activate
    def test_html_page(self):
        responses.get(holdings_url("IJR"), body=(PAYLOADS / "ishares_error_page.html").read_text(),
                      content_type="text/html")
        with pytest.raises(LoaderError, match="HTML page instead of the holdings CSV"):
            fetch_ishares_holdings("IJR", session=requests.Session())

    @responses.activate
    @pytest.mark.parametrize("status", [403, 404, 500])
    def test_http_error(self, status):
        responses.get(holdings_url("IWV"), status=status)
        with pytest.raises(LoaderError, match=f"iShares .*: HTTP {status} for the IWV holdings"):
            fetch_ishares_holdings("IWV", session=requests.Session())

    @responses.activate
    def test_unreachable(self):
        responses.get(holdings_url("IWM"), body=requests.ConnectionError("down"))
        with pytest.raises(LoaderError, match="could not reach iShares"):
            fetch_ishares_holdings("IWM", session=requests.Session())

    def test_unknown_fund(self):
        with pytest.raises(LoaderError, match="unknown fund 'SPY'; known: IWM, IJR, IWV"):
            holdings_url("SPY")


def test_to_yahoo_symbol():
    assert [to_yahoo_symbol(t) for t in ["brk.b", "BF/B", " AAPL "]] == ["BRK-B", "BF-B", "AAPL"]
