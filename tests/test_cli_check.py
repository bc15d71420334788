"""``smallcap-monitor check`` on the real snapshot, and its usage errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli

TEXT = "The Russell 2000 has fallen 8% so far this year, while the S&P 500 is up 2%."


def run(*args: str, cache_dir) -> object:
    return CliRunner().invoke(cli.main, ["check", *args, "--cache-dir", str(cache_dir)])


@pytest.mark.shared_data
def test_json_records(shared_data, tmp_path):
    result = run("--as-of", "2020-09-18", "--text", TEXT, "--data", str(shared_data), cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["as_of"] == "2020-09-18"
    assert [(c["series"], c["verdict"]) for c in out["claims"]] == [("RUT", "consistent"), ("GSPC", "differs")]
    assert list(out["claims"][0])[:6] == ["text", "start", "end", "series", "measure", "period"]


@pytest.mark.shared_data
def test_text_file_and_text_format(shared_data, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Markets were calm.\n\n" + TEXT, encoding="utf-8")
    result = run("--as-of", "2020-09-18", "--text-file", str(path), "--format", "text",
                 "--data", str(shared_data), cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2 claims found as of 2020-09-18: 1 consistent, 1 differs, 0 not checkable."
    assert 'CONSISTENT: "The Russell 2000 has fallen 8% so far this year"' in result.stdout
    assert "view: /?start=2019-12-31&end=2020-09-18&asof=2020-09-18#panel-relative" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2020-13-01", "--text", "x"], "not a date in YYYY-MM-DD form"),
    (["--as-of", "2020-09-18"], "give the paragraph with --text or --text-file"),
    (["--as-of", "2020-09-18", "--text", "x", "--text-file", "f"], "one of them"),
    (["--as-of", "2020-09-18", "--text-file", "/nonexistent/article.txt"], "cannot read"),
    (["--as-of", "2020-09-18", "--text", "x" * 20_001], "at most 20,000 can be checked"),
])
def test_usage_errors(args, message, tmp_path):
    result = run(*args, "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.shared_data
def test_the_readme_example_is_what_the_command_prints(shared_data, tmp_path):
    from pathlib import Path
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Checking a paragraph", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    command, printed = block.split('."\n', 1)
    text = re.sub(r"\s*\\\n\s*", " ", command.split('--text "', 1)[1]) + "."
    as_of = re.search(r"--as-of (\S+)", command).group(1)
    result = run("--as-of", as_of, "--format", "text", "--text", text, "--data", str(shared_data), cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == printed.strip()


def test_nothing_checkable_is_an_empty_list_that_says_so(tmp_path):
    result = run("--as-of", "2024-03-28", "--text", "Markets were quiet.", "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["claims"] == [] and out["message"].startswith("Nothing checkable found")


def test_a_binary_file_is_text_with_replacement_characters(tmp_path):
    path = tmp_path / "article.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff The S&P 500 rose 2% so far this year.")
    result = run("--as-of", "2024-03-28", "--text-file", str(path), "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert [c["series"] for c in json.loads(result.stdout)["claims"]] == ["GSPC"]
