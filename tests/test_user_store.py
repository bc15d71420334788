"""The user store (issue 16): uploads are stored, not cached; atomic, immutable, private, bounded."""

from __future__ import annotations

import base64
import csv
import io
import glob
import hashlib
import json
import multiprocessing
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from dash import no_update
from flask import Flask

import cli
from benchmarks.servers import free_port
from config import Config, DataSpec
from loaders.base import Loaded, Provenance, utcnow
from loaders.cache import loader_cache
from loaders.universe import UPLOAD_INDEX, UniverseData
from loaders.user_store import StoreError, UserStore, sqlite_url, upload_name


def members(*tickers: str) -> pd.DataFrame:
    return pd.DataFrame({"ticker": list(tickers), "name": [f"{t} Inc" for t in tickers],
                         "sector": ["" for _ in tickers], "weight": [1.5] + [float("nan")] * (len(tickers) - 1)})


def universe_for(config: Config) -> UniverseData:
    return UniverseData(config, loader_cache(config, Flask("t")))


def short(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:8]


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


@pytest.fixture
def config(tmp_path):
    return Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache")


# ---------------------------------------------------------------- names and durability
def test_names_are_content_addressed_and_immutable(config):
    universe = universe_for(config)
    first = universe.add_upload(members("DM001", "DM002"), name="upload:mine", content=b"one")
    assert first == f"upload:mine-{short(b'one')}" == upload_name("upload:mine", b"one")
    assert universe.add_upload(members("DM009"), name="upload:mine", content=b"one") == first  # same file: same list
    second = universe.add_upload(members("DM003"), name="upload:mine", content=b"two")
    assert second != first
    assert universe.members(first).data["ticker"].tolist() == ["DM001", "DM002"]
    assert universe.members(second).data["ticker"].tolist() == ["DM003"]
    # the store is a file in the state folder beside the cache, never inside it
    assert config.user_state_dir == config.cache_dir.parent / "cache-state"
    assert (config.user_state_dir / "user-store.sqlite3").is_file()
    assert not any(p.name.endswith(".sqlite3") for p in config.cache_dir.rglob("*"))


def test_schema_is_migrated_at_start_up_in_wal_mode(config):
    from app import create_app

    create_app(config)
    store = UserStore.for_config(config)
    assert store.revision() == "0001"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        tables = set(sa.inspect(connection).get_table_names())
    assert {"uploads", "upload_events", "store_facts", "alembic_version"} <= tables
    store.upgrade()  # again: nothing to do
    assert UserStore.for_config(config).revision() == "0001"


def _upload_batch(args):
    cache_dir, state_dir, worker = args
    config = Config(data=DataSpec("demo"), cache_dir=cache_dir, state_dir=state_dir)
    universe = universe_for(config)
    names = []
    for i in range(10):
        content = f"ticker\nDM{worker:02d}{i}\n".encode()
        names.append(universe.add_upload(members(f"DM{worker:02d}{i}"), name=f"upload:race{worker}{i:02d}",
                                         content=content, client=f"worker-{worker}"))
    return names


def test_forty_concurrent_uploads_from_four_processes_are_all_listed_and_readable(tmp_path):
    args = [(tmp_path / "cache", tmp_path / "state", w) for w in range(4)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        returned = [n for names in pool.map(_upload_batch, args) for n in names]
    assert len(set(returned)) == 40
    universe = universe_for(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", state_dir=tmp_path / "state"))
    assert sorted(row["name"] for row in universe.store.names()) == sorted(returned)
    for name in returned:
        worker, i = int(name[len("upload:race")]), int(name[len("upload:race") + 1:len("upload:race") + 3])
        assert universe.members(name).data["ticker"].tolist() == [f"DM{worker:02d}{i}"]


def test_three_thousand_cache_writes_leave_every_upload_intact(config):
    universe = universe_for(config)
    names = [universe.add_upload(members(f"DM00{i}"), name=f"upload:keep{i}", content=bytes([i])) for i in range(5)]
    cache = loader_cache(config, Flask("writes"))
    provenance = Provenance("test", "x", utcnow(), None, None)
    for i in range(3000):  # past flask-caching's 2,000-file threshold: its clean-up runs
        cache.put(f"view:{i}", Loaded(list(range(20)), provenance))
    assert len(list(config.entries_dir.iterdir())) < 3000  # the clean-up did run
    fresh = universe_for(config)
    for i, name in enumerate(names):
        assert fresh.members(name).data["ticker"].tolist() == [f"DM00{i}"]


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (Debian package redis-server)")
def test_uploads_with_redis_paused_are_saved_and_kept(tmp_path):
    from benchmarks.servers import RedisServer

    server = RedisServer().start()
    try:
        config = Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", redis_url=server.url)
        universe = universe_for(config)
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            names = [universe.add_upload(members(f"DM00{i}"), name=f"upload:paused{i}", content=bytes([i]))
                     for i in range(3)]
            assert time.monotonic() - started < 10  # the store never waits on Redis
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        server.stop()
        server.start()  # Redis restarted empty: the uploads are elsewhere
        fresh = universe_for(config)
        assert [fresh.members(n).data["ticker"].tolist() for n in names] == [["DM000"], ["DM001"], ["DM002"]]
    finally:
        server.stop()


# ---------------------------------------------------------------- "Saved" means saved
def test_an_unavailable_store_refuses_the_upload_with_a_message(tmp_path):
    from callbacks.leverage import make_handle_upload

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    config = Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", store_url=f"sqlite:///{blocker}/x.db")
    message, mine, chosen, _ = make_handle_upload(universe_for(config))(data_url(b"ticker\nDM001\n"), "mine.csv", [])
    assert message.color == "danger"
    assert message.children.startswith("Upload rejected: store: the user store is unavailable (")
    assert message.children.endswith("nothing was saved, try again later")
    assert "Saved" not in message.children and mine is no_update and chosen is no_update


def test_a_failure_inside_the_transaction_leaves_nothing_written(config):
    universe = universe_for(config)
    store = universe.store
    store.upgrade()
    with store.engine.begin() as connection:  # the second write of the transaction will fail
        connection.exec_driver_sql("DROP TABLE upload_events")
    with pytest.raises(StoreError, match="the user store is unavailable .*nothing was saved"):
        universe.add_upload(members("DM001"), name="upload:half", content=b"x")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM uploads").scalar() == 0


# ---------------------------------------------------------------- bounds
def test_total_size_bound_refuses_and_never_evicts(tmp_path):
    now = [1_000_000.0]
    store = UserStore(sqlite_url(tmp_path), max_bytes=2000, clock=lambda: now[0])
    big = members(*[f"T{i:03d}" for i in range(40)])
    kept, _ = store.add(big, name="upload:a", content=b"a")
    assert 1000 < store.used_bytes() <= 2000  # a second copy would not fit
    with pytest.raises(StoreError, match=r"the upload store is full .*nothing was saved.*universe prune"):
        store.add(big, name="upload:b", content=b"b")
    assert [r["name"] for r in store.names()] == [kept] and store.get(kept) is not None


def test_rate_limit_per_client(tmp_path):
    now = [1_000_000.0]
    store = UserStore(sqlite_url(tmp_path), per_minute=10, clock=lambda: now[0])
    for i in range(10):
        store.add(members("DM001"), name=f"upload:n{i}", content=bytes([i]), client="10.0.0.1")
    with pytest.raises(StoreError, match="too many uploads: at most 10 a minute from one client"):
        store.add(members("DM001"), name="upload:n10", content=b"late", client="10.0.0.1")
    store.add(members("DM001"), name="upload:other", content=b"other", client="10.0.0.2")  # another client
    now[0] += 61
    store.add(members("DM001"), name="upload:n10", content=b"late", client="10.0.0.1")
    assert len(store.names()) == 12


def test_prune_removes_only_lists_unused_for_the_period(tmp_path):
    now = [1_000_000.0]
    store = UserStore(sqlite_url(tmp_path), clock=lambda: now[0])
    old, _ = store.add(members("DM001"), name="upload:old", content=b"old")
    used, _ = store.add(members("DM002"), name="upload:used", content=b"used")
    now[0] += 100 * 86_400
    assert store.get(used) is not None  # reading marks it used
    now[0] += 81 * 86_400  # old: unused 181 days; used: 81 days
    assert store.prune(days=180, dry_run=True) == [old]
    assert store.prune(days=180) == [old]
    assert [r["name"] for r in store.names()] == [used] and store.get(old) is None


# ---------------------------------------------------------------- private unless shared
def test_another_browser_session_cannot_list_or_replace_a_list(tmp_path):
    from app import create_app
    from callbacks.leverage import make_handle_upload
    from components.controls import universe_options

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    universe = app.server.extensions["smallcap_universe"]
    alice = make_handle_upload(universe, client=lambda: "alice")
    bob = make_handle_upload(universe, client=lambda: "bob")
    alice_file = b"ticker\n" + b"".join(f"DM00{i}\n".encode() for i in range(1, 9))
    _, alice_mine, _, _ = alice(data_url(alice_file), "list.csv", None)
    _, bob_mine, _, bob_options = bob(data_url(b"ticker\nDM003\n"), "list.csv", None)  # the same file name
    [alice_name], [bob_name] = alice_mine, bob_mine
    assert alice_name != bob_name
    assert [o["value"] for o in universe_options(universe, bob_mine)] == ["demo_smallcap", bob_name]
    assert [o["value"] for o in bob_options] == ["demo_smallcap", bob_name]  # the menu his upload set
    # Bob's page with Alice's link shows her list (the link shares it), nothing else of hers
    assert [o["value"] for o in universe_options(universe, bob_mine, alice_name)] == [
        "demo_smallcap", bob_name, alice_name]
    assert [o["value"] for o in universe_options(universe, ["upload:guess-00000000"])] == ["demo_smallcap"]
    alice_tickers = [f"DM00{i}" for i in range(1, 9)]
    assert universe.members(alice_name).data["ticker"].tolist() == alice_tickers
    client = app.server.test_client()
    for page in ("/_dash-layout", "/", "/_dash-dependencies"):
        text = client.get(page).get_data(as_text=True)
        assert "upload:" not in text.replace('"upload:"', "")  # no stored name anywhere
        assert alice_name not in text and bob_name not in text
    # a link carrying the name reopens the same members, in the page and the exports
    # over HTTP: the menu callback offers what the browser's local storage names, nothing more
    from tests.dash_post import answer, by_first_output, post

    menu = by_first_output(client)["control-universe"]
    offered = answer(post(client, menu, {"my-uploads.data": bob_mine, "control-universe.value": None}))
    assert [o["value"] for o in offered["control-universe"]["options"]] == ["demo_smallcap", bob_name]
    offered = answer(post(client, menu, {"my-uploads.data": None, "control-universe.value": alice_name}))
    assert [o["value"] for o in offered["control-universe"]["options"]] == ["demo_smallcap", alice_name]
    response = client.get(f"/export/leverage.csv?universe={alice_name}&start=2018-10-01&end=2018-12-31")
    assert response.status_code == 200
    ranked = [line.split(",")[0] for line in response.get_data(as_text=True).splitlines()[1:]]
    assert ranked and set(ranked) <= set(alice_tickers)
    assert client.get("/export/leverage.csv?universe=upload:list-00000000&start=2018-10-01&end=2018-12-31"
                      ).status_code == 400


# ---------------------------------------------------------------- migration from the cache
def test_uploads_in_the_cache_are_migrated_once(config):
    cache = loader_cache(config, Flask("old"))
    provenance = Provenance("upload", "upload:mine", utcnow(), None, None, note="Accepted 2 tickers")
    cache.put("universe:upload:upload:mine", Loaded(members("DM001", "DM002"), provenance))
    cache.put(UPLOAD_INDEX, Loaded(["upload:gone", "upload:mine"], provenance))
    universe = universe_for(config)
    moved = universe.migrate_cached_uploads()
    assert moved["upload:gone"] is None and moved["upload:mine"].startswith("upload:mine-")
    assert universe.members("upload:mine").data["ticker"].tolist() == ["DM001", "DM002"]  # old links work
    assert universe.members(moved["upload:mine"]).provenance.note == "Accepted 2 tickers"
    assert json.loads(universe.store.fact("migrated:cache-uploads")) == moved
    assert universe_for(config).migrate_cached_uploads() == {}  # once
    assert len(universe.store.names()) == 1


# ---------------------------------------------------------------- CLI
def test_cli_add_list_show_prune(tmp_path):
    path = tmp_path / "My List.csv"
    path.write_bytes(b"ticker,name,weight\nDM001,One,2.5\ndm002,Two,\n")
    env = {"SMALLCAP_STATE_DIR": str(tmp_path / "state"), "SMALLCAP_CACHE_DIR": str(tmp_path / "cache")}
    runner = CliRunner()
    base = ["--data", "demo"]
    added = runner.invoke(cli.main, ["universe", "add", str(path), *base], env=env)
    name = f"upload:My_List-{short(path.read_bytes())}"
    assert added.exit_code == 0 and added.stdout.strip() == name
    renamed = runner.invoke(cli.main, ["universe", "add", str(path), "--name", "small caps", *base], env=env)
    assert renamed.stdout.strip() == f"upload:small_caps-{short(path.read_bytes())}"
    listed = runner.invoke(cli.main, ["universe", "list", *base], env=env)
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        [name, "2 members"], [renamed.stdout.strip(), "2 members"]]
    shown = runner.invoke(cli.main, ["universe", "show", name, "--format", "csv", *base], env=env)
    assert shown.stdout == "ticker,name,sector,weight\nDM001,One,,2.5\nDM002,Two,,\n"
    shown = runner.invoke(cli.main, ["universe", "show", name, "--format", "json", *base], env=env)
    assert json.loads(shown.stdout)["members"] == [
        {"ticker": "DM001", "name": "One", "sector": "", "weight": 2.5},
        {"ticker": "DM002", "name": "Two", "sector": "", "weight": None}]
    missing = runner.invoke(cli.main, ["universe", "show", "upload:nope-00000000", *base], env=env)
    assert missing.exit_code == 1 and "no uploaded universe 'upload:nope-00000000'" in missing.stderr
    pruned = runner.invoke(cli.main, ["universe", "prune", "--days", "180", *base], env=env)
    assert pruned.exit_code == 0 and pruned.stdout == "" and "removed 0 uploads" in pruned.stderr


# ---------------------------------------------------------------- PostgreSQL
@pytest.fixture
def postgres_url(tmp_path):
    """SMALLCAP_TEST_POSTGRES_URL, else a throwaway cluster from Debian's postgresql package."""
    if os.environ.get("SMALLCAP_TEST_POSTGRES_URL"):
        yield os.environ["SMALLCAP_TEST_POSTGRES_URL"]
        return
    pytest.importorskip("psycopg", reason="needs psycopg: pip install -e '.[postgres]'")
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip("no PostgreSQL: install Debian's postgresql or set SMALLCAP_TEST_POSTGRES_URL")
    folder = Path(tempfile.mkdtemp(prefix="smallcap-pg-"))
    run_as = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the package's postgres user
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user for initdb")
        shutil.chown(folder, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    bindir, port = Path(bins[-1]).parent, free_port()
    subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-w", "-l", str(folder / "log"),
                    "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_store_on_postgresql(postgres_url):
    store = UserStore(postgres_url)
    name, created = store.add(members("DM001"), name="upload:pg", content=os.urandom(16))
    assert created and store.get(name).members["ticker"].tolist() == ["DM001"]
    assert store.revision() == "0001"
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM uploads WHERE name = :n"), {"n": name})


def test_the_rate_limit_counts_the_client_behind_a_proxy():
    from server.clients import request_client

    app = Flask("t")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "93.184.216.34"},
                                  headers={"X-Forwarded-For": "10.0.0.1"}):
        assert request_client() == "93.184.216.34"  # a public peer: its own address, the header is ignored
    with app.test_request_context(environ_base={"REMOTE_ADDR": "172.18.0.5"},
                                  headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}):
        assert request_client() == "203.0.113.7"  # nginx in front: the address it appended
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        assert request_client() == "127.0.0.1"
    assert request_client() == "local"


def test_take_counts_events_per_key_in_one_table_with_the_upload_limit(tmp_path):
    """Other limits (failed sign-ins) count in the upload limit's events, keys kept apart."""
    now = [1_000_000.0]
    store = UserStore(sqlite_url(tmp_path), per_minute=2, clock=lambda: now[0])
    assert store.take({"sign-in:10.0.0.1": 2, "sign-in-user:ab": 3}, window=900)[0] == 0
    now[0] += 100
    wait, ids = store.take({"sign-in:10.0.0.1": 2, "sign-in-user:ab": 3}, window=900)
    assert wait == 0 and len(ids) == 2
    now[0] += 100
    # the address has its 2 (the first, 200 s ago, leaves the window in 700 s): nothing counted
    assert store.take({"sign-in:10.0.0.1": 2, "sign-in-user:ab": 3}, window=900) == (700.0, [])
    assert store.take({"sign-in:10.0.0.2": 2, "sign-in-user:ab": 3}, window=900)[0] == 0  # the name's 3rd
    assert store.take({"sign-in:10.0.0.3": 2, "sign-in-user:ab": 3}, window=900) == (700.0, [])
    store.forget(ids)  # the second attempt did not count after all
    assert store.take({"sign-in:10.0.0.1": 2}, window=900)[0] == 0
    # uploads from that address are counted apart from its sign-ins
    store.add(members("DM001"), name="upload:a", content=b"a", client="10.0.0.1")
    store.add(members("DM001"), name="upload:b", content=b"b", client="10.0.0.1")
    with pytest.raises(StoreError, match="too many uploads"):
        store.add(members("DM001"), name="upload:c", content=b"c", client="10.0.0.1")
    assert store.take({"sign-in:10.0.0.1": 2}, window=900) == (700.0, [])  # sign-ins at +0 and +200
    now[0] += 701
    assert store.take({"sign-in:10.0.0.1": 2}, window=900)[0] == 0  # the first left the window


def test_cli_show_quotes_formula_like_text(tmp_path):
    """A name that a spreadsheet would run ("=HYPERLINK(...)", "+1", "@SUM") is quoted in the CSV the
    CLI prints, as in the page's exports; the JSON keeps it as stored."""
    path = tmp_path / "list.csv"
    path.write_bytes(b'ticker,name,sector,weight\nDM001,"=HYPERLINK(""http://x"",""y"")",@SUM(A1),1\nDM002,+1,Tech,2\n')
    env = {"SMALLCAP_STATE_DIR": str(tmp_path / "state"), "SMALLCAP_CACHE_DIR": str(tmp_path / "cache")}
    runner = CliRunner()
    base = ["--data", "demo"]
    name = runner.invoke(cli.main, ["universe", "add", str(path), *base], env=env).stdout.strip()
    shown = runner.invoke(cli.main, ["universe", "show", name, "--format", "csv", *base], env=env)
    assert shown.exit_code == 0, shown.stderr
    rows = list(csv.reader(io.StringIO(shown.stdout)))
    assert rows[1:] == [["DM001", "'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "1.0"], ["DM002", "'+1", "Tech", "2.0"]]
    listed = json.loads(runner.invoke(cli.main, ["universe", "show", name, "--format", "json", *base], env=env).stdout)
    assert listed["members"][0]["name"] == '=HYPERLINK("http://x","y")'
