"""Uploaded universes: what is accepted, what is rejected, and the exact messages."""

from __future__ import annotations

import math

import pytest

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
            "sector": ["Financials", "Financials", "Tech"], "weight": [15.0, 0.6, pytest.approx(math.nan, nan_ok=True)],
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
