"""Alembic environment of the user store (:mod:`loaders.user_store`).

The store runs migrations itself (:func:`loaders.user_store.upgrade`), handing over an open
connection inside a transaction in ``config.attributes["connection"]``; there is no
``alembic.ini``. To write a new revision from a checkout::

    python -c "from loaders.user_store import revision; revision('what changed')"
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs migrations
    raise RuntimeError("run migrations through loaders.user_store.upgrade (it passes a connection)")
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
