"""``smallcap-monitor add-user``: add or replace a user in the users file of ``SMALLCAP_AUTH``."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command("add-user")
@click.argument("users_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name")
@click.password_option(help="The user's password (asked twice when not given).")
def add_user(users_file: Path, name: str, password: str) -> None:
    """Add NAME (or change its password) in USERS_FILE, creating it (mode 0600) if needed.

    Turn the login on with SMALLCAP_AUTH=users:USERS_FILE.
    """
    from server.auth import parse_users, user_line

    try:
        line = user_line(name, password)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None
    if len(password) < 8:
        raise click.BadParameter("use at least 8 characters", param_hint="--password")
    try:
        text = users_file.read_text(encoding="utf-8") if users_file.exists() else ""
        parse_users(text)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot use {users_file}: {getattr(exc, 'strerror', None) or exc}") from None
    kept = [raw for raw in text.splitlines() if raw.partition(":")[0].strip() != name]
    replaced = len(kept) != len(text.splitlines())
    try:
        descriptor = os.open(users_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(kept + [line]) + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {users_file}: {exc.strerror or type(exc).__name__}") from None
    click.echo(f"{'changed the password of' if replaced else 'added'} {name} in {users_file}")
