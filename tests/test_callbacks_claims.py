"""The "Check a claim" box: the page gives the records of the CLI; the text travels in the body."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli
from app import create_app
from components.ids import Id
from config import Config, DataSpec
from tests.dash_post import answer, by_first_output, post

ARTICLE = ("Small caps had a rough start. The Russell 2000 has fallen 8% so far this year, while the S&P 500 "
           "is up 2%. The 10-year Treasury yield is about 0.7%. The Dow rose 1% on Friday.")


@pytest.fixture(scope="module")
def client(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))
    return app.server.test_client()


def check(client, text, as_of="2020-09-18", clicks=1):
    dep = by_first_output(client)[Id.CLAIMS_RESULTS]
    return post(client, dep, {f"{Id.CLAIMS_CHECK}.n_clicks": clicks},
                state={f"{Id.CLAIMS_TEXT}.value": text, f"{Id.CLAIMS_ASOF}.date": as_of})


@pytest.mark.shared_data
def test_page_and_cli_give_the_same_records(client, shared_data, tmp_path):
    page = answer(check(client, ARTICLE))[Id.CLAIMS_RECORDS]["data"]
    result = CliRunner().invoke(cli.main, ["check", "--as-of", "2020-09-18", "--text", ARTICLE,
                                           "--data", str(shared_data), "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert page == json.loads(result.stdout)
    verdicts = [(c["series"], c["measure"], c["verdict"]) for c in page["claims"]]
    assert verdicts == [("RUT", "return", "consistent"), ("GSPC", "return", "differs"),
                        ("DGS10", "level", "consistent"), (None, "level", "not_checkable")]
    assert page["claims"][2]["computed"] == 0.7  # DGS10 on 2020-09-18


@pytest.mark.shared_data
def test_results_are_text_with_links(client):
    response = check(client, "<img src=x onerror=alert(1)> The S&P 500 rose 2% so far this year.")
    body = json.dumps(answer(response)[Id.CLAIMS_RESULTS]["children"])
    assert "<img src=x onerror=alert(1)> The S&P 500 rose 2% so far this year" in body  # a string child, escaped by React
    assert '"type": "A"' in body and "/?start=2019-12-31&end=2020-09-18&asof=2020-09-18#panel-relative" in body
    assert '"dangerously_allow_html"' not in body and "Markdown" not in body


@pytest.mark.shared_data
@pytest.mark.parametrize("text, as_of, message", [
    ("", "2020-09-18", "Paste a paragraph to check."),
    ("x" * 20_001, "2020-09-18", "at most 20,000 can be checked at once"),
    ("The S&P 500 rose 2% this year.", "not a date", "Choose the publication date"),
    (["not", "text"], "2020-09-18", "Paste a paragraph to check."),
    ("Nothing to see here.", "2020-09-18", "Nothing checkable found"),
])
def test_messages(client, text, as_of, message):
    response = check(client, text, as_of)
    assert message in json.dumps(answer(response)[Id.CLAIMS_RESULTS]["children"])


def test_the_text_is_never_in_the_url(tmp_path):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))
    for key, callback in app.callback_map.items():
        inputs = [i["id"] for i in callback["inputs"]]
        if Id.CLAIMS_TEXT in inputs or Id.CLAIMS_TEXT in [s["id"] for s in callback["state"]]:
            assert Id.URL not in key
    layout = app.layout()
    assert Id.CLAIMS_TEXT in json.dumps(layout.to_plotly_json(), default=str)


def test_an_unexpected_failure_is_a_message(monkeypatch):
    import callbacks.claims as module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "check_claims", broken)

    class Data:
        def for_request(self):
            return self

    children, records = module.make_check_claims(Data())(1, "The S&P 500 rose 2% this year.", "2020-09-18")
    assert records is None
    assert children.children == "The check failed on this text; the error was logged."
