"""The ``smallcap-monitor`` command line: serve (default), refresh; other commands in submodules."""

from __future__ import annotations

import logging
import sys

import click

from config import Config, ConfigError

DATA_HELP = "auto (default), live, demo, or a data directory. Env: SMALLCAP_DATA."


def build_config(data: str | None, cache_dir: str | None = None, redis_url: str | None = None) -> Config:
    """Configuration from the environment, overridden by CLI flags; bad values become usage errors."""
    try:
        config = Config.from_env(data=data, cache_dir=cache_dir, redis_url=redis_url)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--data / SMALLCAP_DATA") from None
    _check_cache(config)
    return config


def date_option(ctx: click.Context, param: click.Parameter, value: str | None):
    """A click callback: a real ``YYYY-MM-DD`` date (1900-2100) as a ``datetime.date`` (no value
    stays ``None``); anything else is a usage error that says what to write."""
    from state import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        if "range" in str(exc):
            raise click.BadParameter(f"{value!r} is out of range (1900-01-01 to 2100-12-31)") from None
        raise click.BadParameter(
            f"{value!r} is not a date in YYYY-MM-DD form (for example 2025-01-13)"
        ) from None


def _check_cache(config: Config) -> None:
    """A cache the commands can use, or a usage error that names it (never the Redis password)."""
    if config.redis_url:
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(config.redis_url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
            shown = repr(config.redacted_redis_url())
        except ValueError as exc:
            raise click.BadParameter(f"the Redis URL cannot be read ({exc})",
                                     param_hint="--redis-url / SMALLCAP_REDIS_URL") from None
        if parts.scheme not in ("redis", "rediss", "unix"):
            raise click.BadParameter(f"{shown}: the scheme must be redis://, rediss:// or unix://",
                                     param_hint="--redis-url / SMALLCAP_REDIS_URL")
        return
    try:
        config.cache_dir.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise click.BadParameter(f"cannot use {str(config.cache_dir)!r} as the cache folder: {reason}",
                                 param_hint="--cache-dir / SMALLCAP_CACHE_DIR") from None


def cache_options(func):
    """Options shared by every command that touches data."""
    func = click.option("--redis-url", default=None, help="Use Redis as the cache. Env: SMALLCAP_REDIS_URL.")(func)
    func = click.option("--cache-dir", default=None, help="File cache folder. Env: SMALLCAP_CACHE_DIR.")(func)
    func = click.option("--data", "data", default=None, help=DATA_HELP)(func)
    return func


@click.group(invoke_without_command=True)
@click.option("--verbose", "-v", is_flag=True, help="Log progress (the server always does).")
@click.pass_context
def main(ctx: click.Context, verbose: bool = False) -> None:
    """Small-Cap Monitor: small caps vs large caps, rates and credit."""
    # a command prints its result and warnings only; the server logs what it does
    quiet = ctx.invoked_subcommand not in (None, "serve") and not verbose
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command()
@cache_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
def serve(data=None, cache_dir=None, redis_url=None, host="127.0.0.1", port=8050) -> None:
    """Start the dashboard (development server; use gunicorn app:server in production)."""
    from app import create_app

    config = build_config(data, cache_dir, redis_url)
    app = create_app(config)
    click.echo(f"Small-Cap Monitor on http://{host}:{port}/  (data: {config.data})")
    app.run(host=host, port=port, debug=config.debug)


@main.command()
@cache_options
def refresh(data=None, cache_dir=None, redis_url=None) -> None:
    """Fetch every live source into the cache and summarise what was fetched or failed."""
    from flask import Flask

    from loaders.cache import loader_cache
    from loaders.catalog import ALL_SERIES, FAMAFRENCH_DATASETS
    from loaders.source import DataSource

    config = build_config(data, cache_dir, redis_url).with_overrides(data="live")
    source = DataSource(config, loader_cache(config, Flask("smallcap-refresh")))
    # size portfolios (source "famafrench") are derived from their dataset, refreshed below
    items = ([("series", k) for k, meta in ALL_SERIES.items() if meta.source != "famafrench"]
             + [("famafrench", n) for n in FAMAFRENCH_DATASETS])
    with click.progressbar(length=len(items), label="Refreshing", file=sys.stderr,
                           item_show_func=lambda name: name or "") as bar:
        results = source.refresh(items, progress=lambda name: bar.update(1, name))
    failed = [r for r in results if not r[2]]
    for kind, name, ok, message in results:
        click.echo(f"{'ok    ' if ok else 'FAILED'} {kind:<10} {name:<32} {message}")
    click.echo(f"{len(results) - len(failed)} fetched, {len(failed)} failed.")
    if failed:
        sys.exit(1)

# Commands in their own modules; imported last because they use the helpers above.
from cli.check import check as check_command  # noqa: E402
from cli.export import export as export_command  # noqa: E402
from cli.facts import facts as facts_command  # noqa: E402
from cli.quartiles import quartiles as quartiles_command  # noqa: E402
from cli.universe import universe as universe_command  # noqa: E402
from cli.universe_stats import breadth as breadth_command, sectors as sectors_command  # noqa: E402
from cli.users import add_user as add_user_command  # noqa: E402

main.add_command(facts_command)
main.add_command(quartiles_command)
main.add_command(sectors_command)
main.add_command(breadth_command)
main.add_command(export_command)
main.add_command(check_command)
main.add_command(add_user_command)
main.add_command(universe_command)

if __name__ == "__main__":  # pragma: no cover
    main()

