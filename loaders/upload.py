"""An uploaded CSV of tickers becomes a membership list, or is rejected with a precise reason.

Accepted: UTF-8 text (a byte-order mark is fine) of at most 1 MB and 50,000 data rows,
comma-, semicolon- or tab-separated, with a header row naming a ``ticker`` or ``symbol``
column (any case) and optionally ``name``, ``sector`` and ``weight`` (percent; a ``%`` sign
and thousands separators are fine). Tickers are stripped, upper-cased and written Yahoo style
(``BRK.B`` -> ``BRK-B``).

Rejected (:class:`UploadError`): empty or too large file, not UTF-8, no header or no ticker
column, too many rows, a weight that is not a number, no valid ticker, or (when the data
source's tickers are known) not one ticker with prices or statements. Rows with a blank or
malformed ticker and repeated tickers are skipped and reported; tickers the data source has no
prices and no statements for are kept (they count as "not in data" in the analysis) and
reported. Nothing is stored here: the caller keeps :attr:`UploadResult.members` only when no
error was raised.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

import pandas as pd

MAX_BYTES = 1_000_000
MAX_ROWS = 50_000
TICKER_COLUMNS = ("ticker", "symbol")
OPTIONAL_COLUMNS = ("name", "sector", "weight")
_TICKER = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,11}$")
_SHOWN = 10  # how many examples a message lists


class UploadError(ValueError):
    """The upload was rejected; the message says exactly why (and where, for a bad row)."""


@dataclass(frozen=True, eq=False)
class UploadResult:
    """An accepted upload.

    Attributes:
        members: Columns ``ticker, name, sector, weight`` (weight in percent, NaN when not
            given), one row per ticker in file order.
        accepted: Number of tickers accepted (``len(members)``).
        messages: What was accepted, skipped and not found, one sentence each.
    """

    members: pd.DataFrame
    accepted: int
    messages: list[str]


def _examples(items: list) -> str:
    shown = ", ".join(str(i) for i in items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def universe_name_from_filename(filename: str) -> str:
    """Universe name for an upload: ``upload:`` + the file stem reduced to ``[A-Za-z0-9_.-]``."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", PurePath(_basename(filename) or "universe").stem).strip("_.")
    stem = stem or "universe"
    return f"upload:{stem[:60]}"


def _basename(filename) -> str:
    """The file name without any folder (``/`` or ``\\``), control characters as ``?``, at most 100."""
    name = PureWindowsPath(str(filename or "")).name
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= 100 else name[:97] + "..."


def _decode(content: bytes, filename: str) -> str:
    if not content or not content.strip():
        raise UploadError(f"{filename}: the file is empty")
    if len(content) > MAX_BYTES:
        raise UploadError(f"{filename}: the file is {len(content):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB)")
    content = content.removeprefix(codecs.BOM_UTF8)  # so that exc.start below indexes ``content``
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise UploadError(f"{filename}: not UTF-8 text (byte 0x{content[exc.start]:02x} on line {line}); "
                          "save it as CSV UTF-8") from None


#: The start of a web page or other markup saved under a CSV's name (a download that returned a
#: sign-in or error page): it was reported as "a header row but no data rows".
_MARKUP = re.compile(r"^\s*<(?:!doctype|html|\?xml|head|body|table)\b", re.IGNORECASE)


def _read_rows(text: str, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (lower case) and ``(line number, cells)`` of each non-blank data row."""
    if _MARKUP.match(text):
        raise UploadError(f"{filename}: a web page (HTML or XML), not a CSV; save the list as CSV with a "
                          "ticker column")
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max([",", ";", "\t"], key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows, last = [], 0
        for row in reader:
            if any("\n" in cell or "\r" in cell for cell in row):
                # ('FCFS,"Firstcash Inc,Financials': the open quote swallowed the 197 rows after it)
                raise UploadError(f"{filename}: line {last + 1}: a quote opens a field that runs over "
                                  f"{reader.line_num - last} lines (to line {reader.line_num}); close or remove "
                                  "the quote and upload again")
            last = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise UploadError(f"{filename}: unreadable CSV ({exc})") from None
    if not rows:
        raise UploadError(f"{filename}: the file has no rows")
    header = [cell.strip().lower() for cell in rows[0][1]]
    if len(rows) == 1:
        raise UploadError(f"{filename}: a header row but no data rows")
    if len(rows) - 1 > MAX_ROWS:
        raise UploadError(f"{filename}: {len(rows) - 1:,} data rows; the limit is {MAX_ROWS:,}")
    return header, rows[1:]


def _weight(text: str, row_number: int, filename: str) -> float:
    cleaned = text.replace("%", "").strip()
    # a decimal comma ("1,5%", "0,25" in a semicolon CSV) is a decimal point; "1,500" a thousands comma
    cleaned = cleaned.replace(",", ".") if re.fullmatch(r"-?\d+,\d{1,2}", cleaned) else cleaned.replace(",", "")
    if not cleaned:
        return float("nan")
    try:
        value = float(cleaned)
    except ValueError:
        raise UploadError(f"{filename}: row {row_number}: weight {text!r} is not a number") from None
    if not math.isfinite(value):
        raise UploadError(f"{filename}: row {row_number}: weight {text!r} is not a finite number")
    return value


def parse_universe_upload(
    content: bytes, *, filename: str, known_tickers: Collection[str] | None
) -> UploadResult:
    """Validate an uploaded CSV of tickers and turn it into a membership list.

    Args:
        content: The raw bytes of the upload.
        filename: The uploaded file's name (used in messages).
        known_tickers: Tickers with prices or statements in the data source; ``None`` skips
            that check (say, before any live data was fetched).

    Returns:
        An :class:`UploadResult`.

    Raises:
        UploadError: the upload is rejected; see the module docstring for the rules.
    """
    filename = _basename(filename) or "upload.csv"
    header, rows = _read_rows(_decode(content, filename), filename)
    column = next((header.index(c) for c in TICKER_COLUMNS if c in header), None)
    if column is None:
        found = ", ".join(repr(h) for h in header[:8]) or "nothing"
        raise UploadError(f"{filename}: no 'ticker' or 'symbol' column in the header row (found {found})")
    optional = {name: header.index(name) for name in OPTIONAL_COLUMNS if name in header}
    records, blank, malformed, duplicates, seen = [], [], [], [], set()
    for number, row in rows:
        cell = row[column].strip() if column < len(row) else ""
        ticker = cell.upper().replace(".", "-").replace("/", "-")
        if not ticker:
            blank.append(number)
            continue
        if not _TICKER.match(ticker):
            malformed.append(f"{cell!r} (row {number})")
            continue
        if ticker in seen:
            duplicates.append(ticker)
            continue
        seen.add(ticker)
        value = {name: (row[i].strip() if i < len(row) else "") for name, i in optional.items()}
        records.append({
            "ticker": ticker, "name": value.get("name", ""), "sector": value.get("sector", ""),
            "weight": _weight(value.get("weight", ""), number, filename),
        })
    if not records:
        raise UploadError(f"{filename}: no valid ticker in {len(rows)} data rows")
    members = pd.DataFrame(records, columns=["ticker", "name", "sector", "weight"])
    messages = []
    unknown = []
    if known_tickers is not None:
        known = set(known_tickers)
        unknown = [t for t in members["ticker"] if t not in known]
        if len(unknown) == len(members):
            raise UploadError(f"{filename}: none of the {len(members)} tickers has prices or statements in the "
                              f"data source (e.g. {_examples(unknown)})")
    extra = f" with {', '.join(optional)}" if optional else ""
    messages.append(f"Accepted {len(members)} tickers from {filename}{extra}.")
    if duplicates:
        messages.append(f"Skipped {len(duplicates)} repeated tickers: {_examples(duplicates)}.")
    if blank:
        messages.append(f"Skipped {len(blank)} rows with a blank ticker (rows {_examples(blank)}).")
    if malformed:
        messages.append(f"Skipped {len(malformed)} malformed tickers: {_examples(malformed)}.")
    if unknown:
        messages.append(f"{len(unknown)} of the accepted tickers have no prices and no statements in the data "
                        f"source and will be left out of the analysis: {_examples(unknown)}.")
    elif known_tickers is None:
        messages.append("Tickers were not checked against the data source (no data loaded yet).")
    return UploadResult(members=members, accepted=len(members), messages=messages)
