"""``smallcap-monitor quartiles``: output formats and usage errors (demo data, no network)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import cli

FIELDS = ["quartile", "n", "median_debt_to_equity", "mean_return", "median_return", "share_net_loss",
          "debt_blank_as_zero"]
ARGS = ["quartiles", "--universe", "demo_smallcap", "--rank-by", "leverage", "--rank-end", "2019-09-30",
        "--measure-start", "2019-09-30", "--measure-end", "2019-12-31", "--data", "demo"]


def run(args, tmp_path):
    return CliRunner().invoke(cli.main, [*args, "--cache-dir", str(tmp_path)])


def test_json_records(tmp_path):
    result = run(ARGS, tmp_path)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [list(r) for r in records] == [FIELDS] * 4
    assert [r["quartile"] for r in records] == [1, 2, 3, 4]
    assert max(r["n"] for r in records) - min(r["n"] for r in records) <= 1
    d_e = [r["median_debt_to_equity"] for r in records]
    assert d_e == sorted(d_e)  # ranked by leverage: quartile 1 is the least leveraged
    assert "Data: Demo universe (synthetic, not market data) (DEMO DATA)" in result.stderr
    assert "leverage as of 2019-09-30" in result.stderr
    assert "Negative or zero equity:" in result.stderr and "Blank debt counted as zero" in result.stderr


def test_csv(tmp_path):
    result = run([*ARGS, "--format", "csv"], tmp_path)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == FIELDS and len(rows) == 4


@pytest.mark.parametrize(("change", "message"), [
    ({"--universe": "nope"}, "unknown universe 'nope'; available: demo_smallcap"),
    ({"--rank-end": "2019-02-30"}, "'2019-02-30' is not a date in YYYY-MM-DD form (for example 2025-01-13)"),
    ({"--measure-end": "2019-09-01"}, "measure start 2019-09-30 must be before measure end 2019-09-01"),
    ({"--rank-by": "return"}, "ranking by return needs a rank start date"),
    ({"--rank-by": "size"}, "'size' is not one of 'leverage', 'return'"),
    ({"--measure-start": "2031-01-01", "--measure-end": "2031-02-01"}, "stocks can be ranked; at least 4"),
])
def test_usage_errors_exit_2_without_traceback(tmp_path, change, message):
    args = list(ARGS)
    for option, value in change.items():
        args[args.index(option) + 1] = value
    result = run(args, tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
