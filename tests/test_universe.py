"""UniverseData: directory, demo and live/auto specs, uploads, memo by fingerprint, file errors."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from flask import Flask

from loaders import universe as universe_module
from loaders.base import LoaderError, Provenance, utcnow
from loaders.cache import LoaderCache, make_cache
from loaders.sec import FetchCancelled
from loaders.universe import UniverseData, UniverseFetchers

FUNDAMENTALS = """ticker,fiscal_year,fiscal_period,period_end,publish_date,total_debt,total_liabilities,total_equity,net_income,statement
AAA,2019,Q4,2019-12-31,2020-03-01,50,120,100,10,annual
BBB,2019,Q4,2019-12-31,2020-03-01,200,300,100,-5,annual
NA,2019,Q4,2019-12-31,2020-03-01,,40,80,3,annual
,2019,Q4,2019-12-31,2020-03-01,1,2,3,4,annual
"""


def write_universe(root: Path) -> Path:
    folder = root / "universe"
    (folder / "members").mkdir(parents=True)
    (folder / "members" / "small.csv").write_text("ticker,name,sector,weight\nAAA,A Co,Tech,1.5\nBBB,B Co,,\nNA,,,\n")
    (folder / "fundamentals.csv").write_text(FUNDAMENTALS)
    write_prices(folder / "prices.parquet", {"AAA": [10.0, 11.0], "BBB": [20.0, 18.0]})
    return root


def write_prices(path: Path, closes: dict[str, list[float]]) -> None:
    dates = pd.to_datetime(["2020-06-30", "2020-09-30"])
    rows = [(d, t, v) for t, values in closes.items() for d, v in zip(dates, values)]
    frame = pd.DataFrame(rows, columns=["date", "ticker", "adj_close"])
    frame.to_parquet(path, index=False)


def data_for(config) -> UniverseData:
    return UniverseData(config, LoaderCache(make_cache(config, Flask("test-universe"))))


class TestDirectory:
    def test_lists_members_fundamentals_prices(self, tmp_path, make_config):
        data = data_for(make_config(write_universe(tmp_path / "data")))
        assert data.list_universes() == ["small"]
        members = data.members("small")
        assert members.data.to_dict("list")["ticker"] == ["AAA", "BBB", "NA"]  # "NA" stays a ticker
        assert members.data["weight"].tolist()[0] == 1.5
        fundamentals = data.fundamentals()
        assert list(fundamentals.data["ticker"]) == ["AAA", "BBB", "NA"]
        assert fundamentals.provenance.note == "1 rows without ticker dropped"
        prices = data.prices()
        assert isinstance(prices.data["ticker"].dtype, pd.CategoricalDtype)
        assert prices.data["adj_close"].dtype == "float64"
        assert prices.provenance.last == pd.Timestamp("2020-09-30")
        assert data.known_tickers() == {"AAA", "BBB", "NA"}

    def test_prices_are_memoised_until_the_file_changes(self, tmp_path, make_config):
        root = write_universe(tmp_path / "data")
        config = make_config(root)
        arrays = config.cache_dir / "price-arrays"
        data = data_for(config)
        first = data.price_history()
        assert data.price_history() is first
        built = sorted(arrays.iterdir())
        assert [p.is_dir() for p in built].count(True) == 1  # one build, by a child process
        folder = next(p for p in built if p.is_dir())
        stamp = (folder / "meta.json").stat().st_mtime_ns
        other = data_for(config).price_history()  # another worker maps the arrays the first one wrote
        assert other.closes.tolist() == first.closes.tolist() and list(other.tickers) == list(first.tickers)
        assert (folder / "meta.json").stat().st_mtime_ns == stamp
        assert isinstance(first.closes, np.memmap) and not first.closes.flags.writeable
        path = root / "universe" / "prices.parquet"
        write_prices(path, {"AAA": [10.0, 12.0], "CCC": [1.0, 2.0], "DDD": [3.0, 3.0]})
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
        assert list(data.price_history().tickers) == ["AAA", "CCC", "DDD"]
        assert [p.is_dir() for p in arrays.iterdir()].count(True) == 2  # new file, new arrays
        assert data.prices().data is not data.prices().data  # the frame is read on demand

    def test_changing_the_served_frame_does_not_change_the_memo(self, tmp_path, make_config):
        data = data_for(make_config(write_universe(tmp_path / "data")))
        frame = data.prices().data
        frame.loc[0, "adj_close"] = -1.0
        assert data.prices().data.loc[0, "adj_close"] == 10.0

    def test_an_empty_members_file_says_so(self, tmp_path, make_config):
        root = write_universe(tmp_path / "data")
        (root / "universe" / "members" / "empty.csv").write_text("")
        with pytest.raises(LoaderError, match=r"empty\.csv\): empty file \(expected a header row"):
            data_for(make_config(root)).members("empty")

    def test_unknown_universe_lists_the_known_ones(self, tmp_path, make_config):
        data = data_for(make_config(write_universe(tmp_path / "data")))
        with pytest.raises(LoaderError, match="no universe 'big'; known: small"):
            data.members("big")

    @pytest.mark.parametrize(("name", "content", "message"), [
        ("fundamentals.csv", "ticker,period_end\nA,2020-01-01\n",
         "missing column(s) publish_date, total_debt, total_liabilities, total_equity, net_income, statement"),
        ("fundamentals.csv", FUNDAMENTALS.replace("2020-03-01,200", "2020-13-01,200"),
         "column 'publish_date', row 3: unreadable value '2020-13-01'"),
        ("fundamentals.csv", FUNDAMENTALS.replace(",50,", ",fifty,"),
         "column 'total_debt', row 2: unreadable value 'fifty'"),
        ("prices.parquet", b"not parquet", "unreadable Parquet file"),
        ("members/small.csv", "symbol,weight\nAAA,x\n", "row 2: weight 'x' is not a number"),
        ("members/small.csv", "company\nAAA\n", "no 'ticker' column (found company)"),
    ])
    def test_bad_files_are_named(self, tmp_path, make_config, name, content, message):
        root = write_universe(tmp_path / "data")
        path = root / "universe" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        data = data_for(make_config(root))
        with pytest.raises(LoaderError) as info:
            data.members("small") if name.startswith("members") else data.prices() and data.fundamentals()
        assert str(info.value).startswith(f"local directory ({path.parent.name}/{path.name}): ")
        assert message in str(info.value)

    def test_wrong_parquet_columns(self, tmp_path, make_config):
        root = write_universe(tmp_path / "data")
        path = root / "universe" / "prices.parquet"
        pd.DataFrame({"date": pd.to_datetime(["2020-01-01"]), "symbol": ["A"], "close": [1.0]}).to_parquet(path)
        with pytest.raises(LoaderError, match=r"missing column\(s\) ticker, adj_close \(found date, symbol, close"):
            data_for(make_config(root)).prices()

    def test_duplicate_price_rows(self, tmp_path, make_config):
        root = write_universe(tmp_path / "data")
        path = root / "universe" / "prices.parquet"
        pd.DataFrame({"date": pd.to_datetime(["2020-01-02"] * 2), "ticker": ["A", "A"],
                      "adj_close": [1.0, 2.0]}).to_parquet(path)
        with pytest.raises(LoaderError, match="duplicate price rows for A on 2020-01-02"):
            data_for(make_config(root)).price_history()


class TestDemo:
    def test_demo_universe(self, make_config):
        data = data_for(make_config("demo"))
        assert data.list_universes() == ["demo_smallcap"]
        members = data.members("demo_smallcap")
        assert members.provenance.demo
        assert data.prices().provenance.demo and data.fundamentals().provenance.demo
        assert set(members.data["ticker"]) <= data.known_tickers() | set(members.data["ticker"])
        assert data.price_history() is data.price_history()


class FakeFetchers:
    """Live fetchers that record calls and answer from small frames."""

    def __init__(self):
        self.calls = []

    def ishares(self, fund):
        self.calls.append(("ishares", fund))
        members = pd.DataFrame({"ticker": ["AAA", "BBB"], "name": ["A", "B"], "sector": ["x", "y"],
                                "weight": [60.0, 40.0]})
        return members, Provenance("iShares", f"https://example.org/{fund}", utcnow(), None, None)

    def sec(self, start, end, progress, should_cancel):
        self.calls.append(("sec", f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"))
        if should_cancel and should_cancel():
            raise FetchCancelled("SEC EDGAR", "cancelled after 0 of 9 requests")
        if progress:
            progress(1, 1)
        frame = pd.read_csv(io.StringIO(FUNDAMENTALS), keep_default_na=False, na_values=[""])
        frame = frame.dropna(subset=["ticker"])
        frame["period_end"] = pd.to_datetime(frame["period_end"])
        frame["publish_date"] = pd.to_datetime(frame["publish_date"])
        return frame, {"ShortTermBorrowings CY2020Q2I": "HTTP 404: no data"}

    def yahoo(self, tickers, start, end, progress, should_cancel):
        self.calls.append(("yahoo", tuple(tickers), start, end))
        if progress:
            progress(len(tickers), len(tickers))
        frame = pd.DataFrame({"date": pd.to_datetime(["2020-06-30", "2020-09-30"] * 2),
                              "ticker": ["AAA", "AAA", "BBB", "BBB"], "adj_close": [10.0, 11.0, 20.0, 18.0]})
        return frame[frame["ticker"].isin(tickers)], {}

    def bundle(self) -> UniverseFetchers:
        return UniverseFetchers(ishares=self.ishares, sec=self.sec, yahoo=self.yahoo)


class TestLive:
    def test_fetch_then_serve_from_the_cache(self, make_config):
        fake = FakeFetchers()
        config = make_config("live")
        data = UniverseData(config, LoaderCache(make_cache(config, Flask("a"))), fetchers=fake.bundle())
        assert data.list_universes() == ["ishares:IWM", "ishares:IJR", "ishares:IWV"]
        with pytest.raises(LoaderError, match="no live universe statements fetched yet"):
            data.prices()
        assert data.known_tickers() is None
        progress = []
        report = data.fetch_live("ishares:IWM", start="2020-06-30", end="2020-09-30",
                                 progress=lambda *args: progress.append(args))
        assert (report.tickers, report.statements, report.priced, report.cancelled) == (2, 3, 2, False)
        assert report.failures == {"ShortTermBorrowings CY2020Q2I": "HTTP 404: no data"}
        assert ("sec", "2019-03-30", "2020-09-30") in fake.calls  # 15 months before the start
        assert ("yahoo", ("AAA", "BBB"), "2020-06-20", "2020-10-01") in fake.calls
        assert progress == [("SEC EDGAR", 1, 1), ("Yahoo Finance", 2, 2)]
        # A second worker (new instance, same cache) sees the data without fetching.
        other = UniverseData(config, LoaderCache(make_cache(config, Flask("b"))), fetchers=fake.bundle())
        assert list(other.price_history().tickers) == ["AAA", "BBB"]
        assert other.fundamentals().provenance.source == "SEC EDGAR"
        assert other.members("ishares:IWM").data["ticker"].tolist() == ["AAA", "BBB"]
        assert fake.calls.count(("ishares", "IWM")) == 1  # cached within the TTL

    def test_memo_follows_the_version_entry(self, make_config):
        fake = FakeFetchers()
        config = make_config("live")
        data = UniverseData(config, LoaderCache(make_cache(config, Flask("a"))), fetchers=fake.bundle())
        data.fetch_live("ishares:IWM", start="2020-06-30", end="2020-09-30")
        first = data.price_history()
        assert data.price_history() is first
        data.fetch_live("ishares:IWM", start="2020-06-30", end="2020-09-30")
        assert data.price_history() is not first

    def test_cancelled_sec_fetch_stores_nothing(self, make_config):
        config = make_config("live")
        data = UniverseData(config, LoaderCache(make_cache(config, Flask("a"))), fetchers=FakeFetchers().bundle())
        report = data.fetch_live("ishares:IWM", start="2020-06-30", end="2020-09-30", should_cancel=lambda: True)
        assert report.cancelled and report.statements == 0
        with pytest.raises(LoaderError, match="fetched yet"):
            data.fundamentals()

    def test_ishares_failure_serves_last_good_copy(self, make_config):
        fake = FakeFetchers()
        config = make_config("live", ttl_seconds={"ishares": 0})
        data = UniverseData(config, LoaderCache(make_cache(config, Flask("a"))), fetchers=fake.bundle())
        data.members("ishares:IJR")

        def down(fund):
            raise LoaderError("iShares", "could not reach iShares (ConnectionError)")

        data._fetchers = UniverseFetchers(ishares=down, sec=fake.sec, yahoo=fake.yahoo)
        stale = data.members("ishares:IJR")
        assert stale.provenance.stale and "could not reach" in stale.provenance.note
        with pytest.raises(LoaderError, match="could not reach"):
            data.members("ishares:IWV")

    def test_auto_falls_back_to_demo_with_a_note(self, make_config):
        data = data_for(make_config("auto"))
        assert "demo_smallcap" in data.list_universes()
        prices = data.prices()
        assert prices.provenance.demo
        assert prices.provenance.note == ("no live universe statements fetched yet (fetch a universe first); "
                                          "showing demo data")

    def test_fetch_needs_a_live_spec(self, make_config):
        with pytest.raises(LoaderError, match="live fetch needs --data live or auto, not demo"):
            data_for(make_config("demo")).fetch_live("demo_smallcap", start="2020-01-01")


class TestUploads:
    def test_upload_is_seen_by_every_worker(self, tmp_path, make_config):
        config = make_config(write_universe(tmp_path / "data"))
        first, second = data_for(config), data_for(config)
        members = pd.DataFrame({"ticker": ["AAA"], "name": [""], "sector": [""], "weight": [float("nan")]})
        name = first.add_upload(members, name="upload:mine", note="Accepted 1 tickers", content=b"ticker\nAAA\n")
        assert name == "upload:mine-" + hashlib.sha256(b"ticker\nAAA\n").hexdigest()[:8]
        assert second.list_universes() == ["small"]  # uploads are private: never listed
        assert second.known_universes(name, "upload:other-00000000") == ["small", name]
        loaded = second.members(name)
        assert loaded.data["ticker"].tolist() == ["AAA"] and loaded.provenance.note == "Accepted 1 tickers"
        assert loaded.data["weight"].isna().all() and loaded.data["name"].tolist() == [""]

    def test_unknown_upload(self, make_config):
        with pytest.raises(LoaderError, match="no uploaded universe 'upload:x'"):
            data_for(make_config("demo")).members("upload:x")

    def test_upload_names_are_prefixed(self, make_config):
        with pytest.raises(ValueError, match="upload names start with 'upload:'"):
            data_for(make_config("demo")).add_upload(pd.DataFrame({"ticker": ["A"]}), name="mine")


class TestKnownNames:
    """Names for members listed without one: the newest of the source's lists that names the ticker."""

    def write_lists(self, root: Path) -> Path:
        members = root / "universe" / "members"
        members.mkdir(parents=True)
        (members / "old_2015-09_list.csv").write_text("ticker,name\nACET,Aceto Corp\nAVGO,Avago Technologies\n"
                                                      "OLD,Old Only Inc\n")
        (members / "new_2021-10-28.csv").write_text("ticker,name,sector\nACET,Adicet Bio,Health\nAVGO,  ,Tech\n"
                                                    "NEW,New Co,Tech\n")
        (members / "mid_2019-09-10.csv").write_text("ticker,name\nAVGO,Broadcom Inc\nACET,Aceto (2019)\n")
        (members / "a_undated.csv").write_text("ticker,name\nACET,Undated Name\nUND,Undated Only\n")
        (members / "tickers_2022-08_list.csv").write_text("ticker\nACET\nBARE\n")  # no name column
        return root

    def test_the_newest_list_that_names_a_ticker_wins(self, tmp_path, make_config):
        data = data_for(make_config(self.write_lists(tmp_path / "data")))
        assert data.known_names() == {
            "ACET": "Adicet Bio",  # 2021-10-28 over 2019-09-10, 2015-09 and the undated list
            "AVGO": "Broadcom Inc",  # blank in the 2021 list: the next newest (2019) names it
            "NEW": "New Co", "OLD": "Old Only Inc", "UND": "Undated Only",  # BARE: named nowhere
        }

    def test_a_changed_list_is_read_again(self, tmp_path, make_config):
        root = self.write_lists(tmp_path / "data")
        data = data_for(make_config(root))
        assert data.known_names()["NEW"] == "New Co"
        path = root / "universe" / "members" / "new_2021-10-28.csv"
        path.write_text("ticker,name\nNEW,Renamed Co\n")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        assert data.known_names()["NEW"] == "Renamed Co" and data.known_names()["ACET"] == "Aceto (2019)"

    @pytest.mark.parametrize("name, expected", [
        ("russell2000_iwm_2025-05-13", pd.Timestamp("2025-05-13")),
        ("russell2000_2021-10_list", pd.Timestamp("2021-10-01")),
        ("demo_smallcap", None), ("ishares:IWM", None), ("list_2021-13", None), ("x_12021-10", None),
    ])
    def test_list_date(self, name, expected):
        assert universe_module.list_date(name) == expected

    def test_shared_data_names_the_company_the_statements_hold(self, shared_data, make_config):
        """ACET's statements from 2018 on are CIK 1720580 (resTORbio, now Adicet Bio), not Aceto
        (the 2015 list's ACET); AVGO is Broadcom (2020 and 2024 lists), not Avago (2015)."""
        data = data_for(make_config(shared_data))
        statements = data.fundamentals().data
        assert set(statements.loc[statements["ticker"] == "ACET", "cik"]) == {1720580.0}
        names = data.known_names()
        assert names["ACET"] == "ADICET BIO INC" and names["AVGO"] == "BROADCOM INC"
        assert names["AMC"] == "AMC ENTERTAINMENT HOLDINGS INC CLA"  # 2026 list, not "AMC ENTERTAINMENT" (2015)
        assert all(isinstance(v, str) and v.strip() == v and v for v in names.values())


def test_statements_given_twice_are_one_or_none(tmp_path):
    """A repeated row is one statement; the same statement given twice with different amounts
    (a net income with both signs made 75% of a universe loss-making instead of 24%) is left out,
    both said in the file's note; a later publish date for the same period (a restatement) stays."""
    from loaders.universe import read_fundamentals

    path = tmp_path / "fundamentals.csv"
    path.write_text(FUNDAMENTALS + "AAA,2019,Q4,2019-12-31,2020-03-01,50,120,100,10,annual\n"
                    "BBB,2019,Q4,2019-12-31,2020-03-01,200,300,100,5,annual\n"
                    "AAA,2019,Q4,2019-12-31,2020-05-01,60,130,100,8,annual\n")
    loaded = read_fundamentals(path)
    frame = loaded.data
    assert sorted(zip(frame["ticker"], frame["publish_date"].dt.strftime("%Y-%m-%d"))) == [
        ("AAA", "2020-03-01"), ("AAA", "2020-05-01"), ("NA", "2020-03-01")]
    assert loaded.provenance.note == (
        "1 rows without ticker dropped; 1 repeated row dropped; 1 statement given more than once with different "
        "amounts left out (first: BBB 2019-12-31, published 2020-03-01)")


class TestPriceRows:
    def test_a_close_at_or_below_zero_is_left_out_and_said(self, tmp_path, make_config):
        """A vendor's failed day wrote 0 for every ticker: every sector read -100.0% and the
        median P/E 0.0, while leverage said "no prices"; the rows are left out and counted."""
        root = write_universe(tmp_path / "data")
        write_prices(root / "universe" / "prices.parquet", {"AAA": [10.0, 0.0], "BBB": [20.0, 18.0]})
        prices = data_for(make_config(root)).prices()
        assert len(prices.data) == 3 and (prices.data["adj_close"] > 0).all()
        assert prices.provenance.left_out == "left out 1 price row at or below zero (AAA 1)"

    def test_time_zone_dates_are_calendar_dates(self, tmp_path, make_config):
        """Dates written with a time zone (a TypeError in the program, 2.2 GB a request): UTC
        midnights shown in New York are their UTC dates; New York midnights their wall dates."""
        root = write_universe(tmp_path / "data")
        path = root / "universe" / "prices.parquet"
        for stamps in (pd.to_datetime(["2020-06-30", "2020-09-30"]).tz_localize("UTC").tz_convert("America/New_York"),
                       pd.to_datetime(["2020-06-30", "2020-09-30"]).tz_localize("America/New_York")):
            pd.DataFrame({"date": stamps, "ticker": ["AAA", "AAA"], "adj_close": [10.0, 11.0]}).to_parquet(path)
            prices = data_for(make_config(root)).prices()
            assert list(prices.data["date"].dt.strftime("%Y-%m-%d")) == ["2020-06-30", "2020-09-30"]
            assert prices.data["date"].dt.tz is None
        hours = pd.to_datetime(["2020-06-30 15:30", "2020-09-30 16:00"]).tz_localize("America/New_York")
        pd.DataFrame({"date": hours, "ticker": ["AAA", "AAA"], "adj_close": [10.0, 11.0]}).to_parquet(path)
        with pytest.raises(LoaderError, match="column 'date' holds times of day"):
            data_for(make_config(root)).prices()
