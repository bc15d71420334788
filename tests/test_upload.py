"""Uploaded universes: what is accepted, what is rejected, and the exact messages."""

from __future__ import annotations

import base64
import math
from hashlib import sha256

import pytest
from dash import no_update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.upload import MAX_ROWS, UploadError, parse_universe_upload, universe_name_from_filename

KNOWN = {"AAPL", "BRK-B", "SIGI", "MRCY", "FCN"}


def upload(text: str | bytes, known=KNOWN, filename="mine.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return parse_universe_upload(content, filename=filename, known_tickers=known)


class TestAccepted:
    def test_plain_list(self):
        result = upload("ticker\nSIGI\nMRCY\n")
        assert result.accepted == 2 and list(result.members["ticker"]) == ["SIGI", "MRCY"]
        assert result.messages == ["Accepted 2 tickers from mine.csv."]

    def test_symbol_column_any_case_optional_columns_and_cleanup(self):
        text = ("Name;Symbol;Sector;Weight\n"
                "Berkshire;brk.b;Financials;1,5%\n"
                "Selective; SIGI ;Financials;0.6\n"
                "Again;SIGI;Financials;0.1\n"
                "Nothing;;;\n"
                "Bad;=CMD|calc;;\n"
                "Unknown Co;ZZZZ;Tech;\n")
        result = upload(text)
        assert result.members.to_dict("list") == {
            "ticker": ["BRK-B", "SIGI", "ZZZZ"], "name": ["Berkshire", "Selective", "Unknown Co"],
            "sector": ["Financials", "Financials", "Tech"], "weight": [1.5, 0.6, pytest.approx(math.nan, nan_ok=True)],  # (a decimal comma)
        }
        assert result.messages == [
            "Accepted 3 tickers from mine.csv with name, sector, weight.",
            "Skipped 1 repeated tickers: SIGI.",
            "Skipped 1 rows with a blank ticker (rows 5).",
            "Skipped 1 malformed tickers: '=CMD|calc' (row 6).",
            "1 of the accepted tickers have no prices and no statements in the data source and will be left "
            "out of the analysis: ZZZZ.",
        ]

    def test_row_numbers_are_file_lines(self):
        result = upload("ticker\nAAPL\n\n\nAAPL\n\"\"\n")
        assert result.messages[1:] == ["Skipped 1 repeated tickers: AAPL."]
        result = upload("ticker,name\nAAPL,a\n\n,b\n")
        assert result.messages[1] == "Skipped 1 rows with a blank ticker (rows 4)."

    def test_bom_and_tabs(self):
        result = upload("\ufeffTICKER\tweight\nAAPL\t2\n")
        assert list(result.members["ticker"]) == ["AAPL"] and result.members["weight"].tolist() == [2.0]

    def test_unchecked_when_nothing_is_known(self):
        result = upload("ticker\nNEWCO\n", known=None)
        assert result.accepted == 1
        assert result.messages[-1] == "Tickers were not checked against the data source (no data loaded yet)."

    def test_name_from_filename(self):
        assert universe_name_from_filename("My List (v2).CSV") == "upload:My_List_v2"
        assert universe_name_from_filename("") == "upload:universe"


class TestRejected:
    @pytest.mark.parametrize(("content", "message"), [
        (b"", "mine.csv: the file is empty"),
        (b"  \n\n", "mine.csv: the file is empty"),
        (b"ticker\n" + b"A\n" * 600_000, "mine.csv: the file is 1,200,007 bytes; the limit is 1,000,000 bytes"),
        ("ticker\nSOCI\u00c9T\u00c9\n".encode("latin-1"), "mine.csv: not UTF-8 text (byte 0xc9 on line 2)"),
        (b"company,isin\nApple,US0378331005\n", "mine.csv: no 'ticker' or 'symbol' column in the header row "
                                                "(found 'company', 'isin')"),
        (b"AAPL\nMSFT\n", "no 'ticker' or 'symbol' column in the header row (found 'aapl')"),
        (b"ticker\n\n ,\n", "mine.csv: a header row but no data rows"),
        # a sign-in or error page saved as .csv (it was "a header row but no data rows")
        (b"<!DOCTYPE html>\n<html><body>Sign in</body></html>", "mine.csv: a web page (HTML or XML), not a CSV"),
        (b"  <html lang='en'>\n<table><tr><td>AAPL</td></tr></table>", "mine.csv: a web page (HTML or XML)"),
        (b"ticker\n\n=BAD()\n", "mine.csv: no valid ticker in 1 data rows"),
        (b"ticker,weight\nAAPL,lots\n", "mine.csv: row 2: weight 'lots' is not a number"),
        (b"ticker\nNOPE\nNADA\n", "mine.csv: none of the 2 tickers has prices or statements in the data source "
                                  "(e.g. NOPE, NADA)"),
    ])
    def test_precise_reasons(self, content, message):
        with pytest.raises(UploadError) as info:
            upload(content)
        assert message in str(info.value)

    def test_too_many_rows(self):
        content = ("ticker\n" + "A\n" * (MAX_ROWS + 1)).encode()
        with pytest.raises(UploadError, match="mine.csv: 50,001 data rows; the limit is 50,000"):
            upload(content)

    def test_path_in_filename_is_not_echoed(self):
        with pytest.raises(UploadError, match=r"^list.csv: the file is empty$"):
            parse_universe_upload(b"", filename="C:/Users/me/list.csv", known_tickers=None)


class TestHostileFiles:
    def test_exactly_the_row_limit_is_accepted(self):
        content = ("ticker\n" + "".join(f"T{i}\n" for i in range(MAX_ROWS))).encode()
        result = upload(content, known=None)
        assert result.accepted == MAX_ROWS and result.members["ticker"].iloc[-1] == f"T{MAX_ROWS - 1}"

    def test_the_row_limit_counts_rows_not_distinct_tickers(self):
        content = ("ticker\n" + "AAPL\n" * MAX_ROWS).encode()
        result = upload(content)
        assert result.accepted == 1
        assert result.messages[1] == (f"Skipped {MAX_ROWS - 1} repeated tickers: " + ", ".join(["AAPL"] * 10)
                                      + f" and {MAX_ROWS - 11} more.")

    def test_duplicates_after_normalising_are_one_ticker(self):
        result = upload("symbol\nbrk.b\nBRK-B\n brk/b \nSIGI\n")
        assert result.members["ticker"].tolist() == ["BRK-B", "SIGI"]
        assert result.messages[1] == "Skipped 2 repeated tickers: BRK-B, BRK-B."

    def test_bad_byte_is_located_after_a_byte_order_mark(self):
        with pytest.raises(UploadError, match=r"^mine.csv: not UTF-8 text \(byte 0xc9 on line 2\); save it as CSV "
                                              r"UTF-8$"):
            upload(b"\xef\xbb\xbfticker\nSOCI\xc9T\n")

    @pytest.mark.parametrize(("filename", "shown"), [
        ("C:\\Users\\me\\Desktop\\list.csv", "list.csv"), ("../../etc/passwd", "passwd"),
        ("evil\x00name\r\n.csv", "evil?name??.csv"), ("x" * 300 + ".csv", "x" * 97 + "..."),
    ])
    def test_filename_is_shown_without_folders_or_control_characters(self, filename, shown):
        with pytest.raises(UploadError) as info:
            parse_universe_upload(b"", filename=filename, known_tickers=None)
        assert str(info.value) == f"{shown}: the file is empty"

    def test_universe_name_from_a_windows_path(self):
        assert universe_name_from_filename("C:\\Users\\me\\My List.csv") == "upload:My_List"

    @settings(max_examples=150, deadline=None)
    @given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
    def test_any_bytes_are_a_list_or_a_precise_rejection(self, content):
        try:
            result = upload(content, known=None)
        except UploadError as exc:
            assert str(exc).startswith("mine.csv: ")
        else:
            tickers = result.members["ticker"]
            assert tickers.is_unique and tickers.str.fullmatch(r"[A-Z0-9][A-Z0-9\-]{0,11}").all()
            assert result.accepted == len(tickers) > 0


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    from app import create_app
    from config import Config, DataSpec

    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("uploads")))


class TestNothingFromARejectedUploadIsKept:
    @pytest.fixture
    def universe(self, demo_app):
        return demo_app.server.extensions["smallcap_universe"]

    @pytest.fixture
    def handle(self, universe):
        from callbacks.leverage import make_handle_upload

        return make_handle_upload(universe)

    def test_a_rejected_file_does_not_replace_an_accepted_one_of_the_same_name(self, universe, handle):
        message, mine, _, _ = handle(data_url(b"ticker\nDM001\nDM002\n"), "keep.csv")
        assert message.color == "success" and mine == ["upload:keep-" + sha256(b"ticker\nDM001\nDM002\n").hexdigest()[:8]]
        before = universe.store.names()
        message, options, _, _ = handle(data_url(b"company\nAcme\n"), "keep.csv", mine)
        assert message.children == ("Upload rejected: keep.csv: no 'ticker' or 'symbol' column in the header row "
                                    "(found 'company')")
        assert options is no_update and universe.store.names() == before
        assert universe.members(mine[0]).data["ticker"].tolist() == ["DM001", "DM002"]

    def test_an_oversized_upload_is_refused_before_it_is_decoded(self, universe, handle):
        before = universe.store.names()
        message, options, _, _ = handle(data_url(b"ticker\n" + b"DM001\n" * 200_000), "big.csv")
        assert message.children == "Upload rejected: the file is 1,200,007 bytes; the limit is 1,000,000 bytes (1 MB)"
        assert options is no_update and universe.store.names() == before
        assert not any(row["name"].startswith("upload:big") for row in before)

    @pytest.mark.parametrize("contents", [5, ["data:text/csv;base64,eA=="], {"a": 1}, "data:;base64,\x00"])
    def test_contents_that_are_not_a_data_url(self, universe, handle, contents):
        before = universe.store.names()
        message, options, _, _ = handle(contents, "x.csv")
        assert message.children.startswith("Upload rejected: the upload could not be read")
        assert options is no_update and universe.store.names() == before

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(contents=st.text(max_size=60) | st.binary(max_size=200).map(data_url), name=st.text(max_size=20))
    def test_any_upload_request_over_http_answers_and_keeps_only_accepted_lists(self, demo_app, universe,
                                                                                contents, name):
        from tests.dash_post import answer, by_first_output, post

        client = demo_app.server.test_client()
        dep = by_first_output(client)["leverage-upload-message"]
        before = {row["name"] for row in universe.store.names()}
        response = post(client, dep, {"leverage-upload.contents": contents},
                        state={"leverage-upload.filename": name})
        assert response.status_code in (200, 204) and "Traceback" not in response.get_data(as_text=True)
        if response.status_code == 204:
            assert not contents
            return
        alert = answer(response)["leverage-upload-message"]["children"]["props"]
        if alert["color"] == "danger":
            assert alert["children"].startswith("Upload rejected: ")
            assert {row["name"] for row in universe.store.names()} == before
        else:
            added = {row["name"] for row in universe.store.names()} - before
            assert all(n.startswith(universe_name_from_filename(name or "upload.csv") + "-") for n in added)
            assert answer(response)["my-uploads"]["data"][-1].startswith(universe_name_from_filename(name or "upload.csv"))


def test_an_unclosed_quote_is_refused_not_a_short_list():
    """One stray quote in row 3 of 200 swallowed the 197 rows after it into one name and the upload
    said "Accepted 3 tickers": refused now, naming the line."""
    rows = ["ticker,name,sector", "AAA,Alpha,Energy", 'FCFS,"Firstcash Inc,Financials'] + [
        f"T{i:03d},Name {i},Energy" for i in range(198)]
    content = "\n".join(rows).encode()
    with pytest.raises(UploadError, match=r"list\.csv: line 3: a quote opens a field that runs over 199 lines"):
        parse_universe_upload(content, filename="list.csv", known_tickers=None)
    quoted = b'ticker,name\nAAA,"Alpha, Inc."\nBBB,"Beta ""B"" Co"\n'  # closed quotes stay fine
    assert parse_universe_upload(quoted, filename="q.csv", known_tickers=None).members["name"].tolist() == [
        "Alpha, Inc.", 'Beta "B" Co']


def test_weights_with_a_decimal_comma_and_no_infinity():
    """A semicolon CSV's "1,5%" was stored as 15; an infinite weight was kept (and printed as
    Infinity, which is no JSON)."""
    content = "ticker;weight\nAAA;1,5%\nBBB;0,25\nCCC;1,500\n".encode()
    members = parse_universe_upload(content, filename="w.csv", known_tickers=None).members
    assert members["weight"].tolist() == [1.5, 0.25, 1500.0]
    with pytest.raises(UploadError, match="weight 'inf' is not a finite number"):
        parse_universe_upload(b"ticker,weight\nAAA,inf\n", filename="w.csv", known_tickers=None)
