"""Optional login for a team deployment (``SMALLCAP_AUTH``), through flask-login.

Off by default (local use). ``SMALLCAP_AUTH=users:/path/to/users.txt`` turns it on: every
route then needs a signed-in user (the page, ``/_dash-*``, ``/export/*``, ``/assets/*``), apart
from the login page itself and the one stylesheet it uses. A page request while signed out
is redirected to ``/login?next=<the page and its query>``, so a share link opened while
signed out shows the same view after signing in; every other request answers ``401``.

The users file has one ``name:password-hash`` line per user (werkzeug's
``generate_password_hash`` format, e.g. ``scrypt:32768:8:1$salt$hash``); ``#`` starts a
comment. ``smallcap-monitor add-user FILE NAME`` writes such a line. The file is read again
when it changes, so adding or removing a user needs no restart; a removed user, or one whose
password changed, is signed out on the next request.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax); its key is
``SMALLCAP_SECRET_KEY`` when set, else a random key kept in ``<cache_dir>/session.key``
(mode 0600) that every worker of the host shares. The cookie is ``Secure`` when the request
came over HTTPS (directly, or through a proxy on a private address that says so in
``X-Forwarded-Proto``), and always with ``SMALLCAP_SECURE_COOKIES=1``.

The sign-in and sign-out forms carry a CSRF token (flask-wtf's ``CSRFProtect``, checked on
these two forms only: Dash's own POSTs are JSON callbacks that SameSite=Lax already keeps
same-site); a form without a valid token answers ``400`` with the form again. Sign-out is a
POST (``GET /logout`` shows a button), so another site cannot sign a user out.

Failed sign-ins are limited to :data:`MAX_FAILURES` in :data:`FAILURE_WINDOW` seconds per
client address (the address nginx forwarded, as for uploads) and per user name, counted in the
user store's rate-limit events (:meth:`loaders.user_store.UserStore.take`), which every worker
shares; beyond it ``429`` with ``Retry-After``. A successful sign-in is not counted.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import logging
import math
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, has_request_context, redirect, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import check_password_hash, generate_password_hash

from config import ConfigError
from loaders.base import LoaderError
from server.keyfile import read_or_create_key

log = logging.getLogger(__name__)

LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
#: What the login page itself loads (only these are served while signed out).
LOGIN_ASSETS = ("/assets/00-bootstrap-5.3.9.min.css",)
#: A hash checked for unknown names, so a wrong name costs the time a wrong password does.
_NO_USER_HASH = generate_password_hash("no such user; never matches")
MAX_FIELD = 200
#: Failed sign-ins allowed per client address and per user name in FAILURE_WINDOW seconds.
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60


def users_file(spec: str | None) -> Path | None:
    """The users file of a ``SMALLCAP_AUTH`` value (None: authentication off).

    Raises:
        ConfigError: not ``users:<path>``, or the file is missing, unreadable or has no user.
    """
    if not spec or not spec.strip() or spec.strip().lower() in {"0", "off", "none"}:
        return None
    kind, _, rest = spec.strip().partition(":")
    if kind != "users" or not rest:
        raise ConfigError(f"SMALLCAP_AUTH={spec[:60]!r}: expected 'users:/path/to/users.txt' "
                          "(one 'name:password-hash' line per user; see 'smallcap-monitor add-user')")
    path = Path(rest).expanduser()
    try:
        users = parse_users(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"SMALLCAP_AUTH: cannot read the users file {path.name!r}: "
                          f"{exc.strerror or type(exc).__name__}") from None
    except ValueError as exc:
        raise ConfigError(f"SMALLCAP_AUTH: users file {path.name!r}: {exc}") from None
    if not users:
        raise ConfigError(f"SMALLCAP_AUTH: the users file {path.name!r} names no user "
                          "(add one with 'smallcap-monitor add-user')")
    return path.resolve()


def parse_users(text: str) -> dict[str, str]:
    """``{name: password hash}`` from a users file's text.

    Raises:
        ValueError: a line that is not ``name:hash`` (its number is in the message).
    """
    users: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not name.strip() or "$" not in hashed:
            raise ValueError(f"line {number} is not 'name:password-hash'")
        users[name.strip()] = hashed.strip()
    return users


def user_line(name: str, password: str) -> str:
    """A users-file line for ``name`` with ``password`` hashed (werkzeug's default, scrypt).

    Raises:
        ValueError: a name that is empty or holds ``:``, ``#`` or whitespace.
    """
    if not name or any(ch in name for ch in ":#") or any(ch.isspace() for ch in name):
        raise ValueError("a user name must be non-empty, without ':', '#' or spaces")
    return f"{name}:{generate_password_hash(password)}"


@dataclass(frozen=True)
class User:
    """A signed-in user for flask-login; the id changes with the password hash."""

    name: str
    fingerprint: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.name}|{self.fingerprint}"


class UserFile:
    """The users file, read again when its modification time or size changes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._users: dict[str, str] = {}

    def users(self) -> dict[str, str]:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return {}  # a users file gone: nobody signs in (never everybody)
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._users = parse_users(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    log.warning("users file unreadable (%s): nobody can sign in", exc)
                    self._users = {}
                self._stamp = stamp
            return self._users

    def user(self, user_id: str) -> User | None:
        """The user of a session id, if the name still exists with the same password."""
        name, _, fingerprint = str(user_id).partition("|")
        hashed = self.users().get(name)
        if hashed is None or not secrets.compare_digest(_fingerprint(hashed), fingerprint):
            return None
        return User(name, fingerprint)

    def check(self, name: str, password: str) -> User | None:
        """The user when ``password`` is ``name``'s, else None (as slow either way)."""
        hashed = self.users().get(name)
        ok = check_password_hash(hashed or _NO_USER_HASH, password)
        return User(name, _fingerprint(hashed)) if ok and hashed is not None else None


def _fingerprint(hashed: str) -> str:
    return hashlib.sha256(hashed.encode()).hexdigest()[:16]


def secret_key(cache_dir: Path) -> bytes:
    """``SMALLCAP_SECRET_KEY``, else the host's key in ``cache_dir/session.key`` (made once)."""
    if os.environ.get("SMALLCAP_SECRET_KEY"):
        return os.environ["SMALLCAP_SECRET_KEY"].encode()
    return read_or_create_key(Path(cache_dir) / "session.key")


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site (``/...``), else ``/``: never another host."""
    if not target or len(target) > 4000:
        return "/"
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(ch) < 32 for ch in target)):
        return "/"
    return target


def is_page_request() -> bool:
    """A browser asking for a page (redirected to the login page rather than given 401)."""
    return (request.method == "GET" and not request.path.startswith(("/_dash-", "/export/", "/assets/", "/_"))
            and "text/html" in request.headers.get("Accept", "text/html"))


def over_https() -> bool:
    """Whether this request came over HTTPS: directly, or through a proxy on a private or
    loopback address (nginx in docker-compose) that says so in ``X-Forwarded-Proto``."""
    if request.is_secure:
        return True
    try:
        behind_proxy = ipaddress.ip_address(request.remote_addr or "").is_private
    except ValueError:
        return False
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
    return behind_proxy and proto == "https"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, ``Secure`` also whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(super().get_cookie_secure(app) or (has_request_context() and over_https()))


def _page(title: str, content: str, status: int) -> Response:
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Small-Cap Monitor</title><link rel="icon" href="data:,"><link rel="stylesheet" href="{LOGIN_ASSETS[0]}"></head>
<body class="bg-light"><main class="container" style="max-width: 24rem; margin-top: 12vh">
<h1 class="h4 mb-3">Small-Cap Monitor</h1>{content}</main></body></html>
"""
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _alert(message: str) -> str:
    return (f'<div class="alert alert-danger py-2" role="alert" id="login-error">{html.escape(message)}</div>'
            if message else "")


def _csrf_field() -> str:
    from flask_wtf.csrf import generate_csrf

    return f'<input type="hidden" name="csrf_token" value="{html.escape(generate_csrf())}">'


def login_page(next_url: str, *, message: str = "", name: str = "", status: int = 200) -> Response:
    """The sign-in form (plain HTML, the bundled Bootstrap stylesheet, no script)."""
    return _page("Sign in", f"""{_alert(message)}
<form method="post" action="{LOGIN_PATH}" id="login-form">
{_csrf_field()}
<input type="hidden" name="next" value="{html.escape(next_url)}">
<div class="mb-3"><label class="form-label" for="login-name">User name</label>
<input class="form-control" id="login-name" name="name" autocomplete="username" required autofocus
 value="{html.escape(name)}"></div>
<div class="mb-3"><label class="form-label" for="login-password">Password</label>
<input class="form-control" id="login-password" name="password" type="password" autocomplete="current-password"
 required></div>
<button class="btn btn-primary w-100" type="submit" id="login-submit">Sign in</button>
</form>""", status)


def logout_page(*, message: str = "", status: int = 200) -> Response:
    """A sign-out button (sign-out is a POST with the CSRF token, never a plain link)."""
    return _page("Sign out", f"""{_alert(message)}
<form method="post" action="{LOGOUT_PATH}" id="logout-form">
{_csrf_field()}
<button class="btn btn-secondary w-100" type="submit" id="logout-submit">Sign out</button>
</form>""", status)


def name_key(name: str) -> str:
    """The rate-limit key of a user name (hashed: people type passwords into the name field)."""
    return "sign-in-user:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def secure_cookies_asked(env=os.environ) -> bool:
    """``SMALLCAP_SECURE_COOKIES=1`` (or its other spelling ``SMALLCAP_COOKIE_SECURE``)."""
    value = env.get("SMALLCAP_SECURE_COOKIES") or env.get("SMALLCAP_COOKIE_SECURE") or "0"
    return value.strip().lower() in {"1", "true", "yes", "on"}


def register(server, path: Path, cache_dir: Path, store=None) -> UserFile:
    """Require a signed-in user on every route of ``server`` (see the module docstring).

    Args:
        store: Zero-argument callable giving the user store whose events count failed
            sign-ins (None: no limit, e.g. a test of something else).
    """
    from flask_login import LoginManager, current_user, login_user, logout_user
    from flask_wtf.csrf import CSRFError, CSRFProtect

    from server.clients import request_client

    users = UserFile(path)
    server.config["SECRET_KEY"] = secret_key(cache_dir)
    server.config["SESSION_COOKIE_HTTPONLY"] = True
    server.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    server.config["SESSION_COOKIE_SECURE"] = secure_cookies_asked()
    server.config["SESSION_COOKIE_NAME"] = "smallcap_session"
    server.session_interface = SessionCookies()
    server.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked by the two forms below, not Dash's POSTs
    csrf = CSRFProtect(server)
    manager = LoginManager()
    manager.session_protection = "basic"
    manager.init_app(server)
    manager.user_loader(users.user)

    @server.before_request
    def require_login():
        if request.path in (LOGIN_PATH, LOGOUT_PATH) or request.path in LOGIN_ASSETS:
            return None
        if current_user.is_authenticated:
            return None
        if is_page_request():
            query = request.query_string.decode("utf-8", "replace")
            target = request.path + (f"?{query}" if query else "")
            from urllib.parse import urlencode

            return redirect(f"{LOGIN_PATH}?{urlencode({'next': target})}", code=302)
        response = Response("Sign in first: this dashboard needs a user name and password.\n",
                            status=401, mimetype="text/plain")
        return response

    @server.errorhandler(CSRFError)
    def refused_form(error):
        log.info("%s refused: %s", request.path, error.description)
        if request.path == LOGOUT_PATH:
            return logout_page(message="That sign-out did not come from the button below: "
                                       "press it to sign out.", status=400)
        return login_page(safe_next(request.form.get("next")), name=request.form.get("name", "")[:MAX_FIELD],
                          message="The sign-in form had expired or did not come from this site; "
                                  "please sign in again.", status=400)

    def take_attempt(name: str) -> tuple[float, list[int]]:
        if store is None:
            return 0.0, []
        limits = {f"sign-in:{request_client()}": MAX_FAILURES, name_key(name): MAX_FAILURES}
        try:
            return store().take(limits, window=FAILURE_WINDOW)
        except (LoaderError, OSError) as exc:  # the store down: sign-in still works, unlimited (logged)
            log.warning("sign-in attempts are not limited: %s", exc)
            return 0.0, []

    def forget_attempt(ids: list[int]) -> None:
        if ids:
            try:
                store().forget(ids)
            except (LoaderError, OSError) as exc:
                log.warning("a successful sign-in stays counted: %s", exc)

    @server.route(LOGIN_PATH, methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            target = safe_next(request.args.get("next"))
            if current_user.is_authenticated:
                return redirect(target, code=302)
            return login_page(target)
        csrf.protect()
        form = request.form
        target = safe_next(form.get("next"))
        name, password = form.get("name", "")[:MAX_FIELD], form.get("password", "")[:MAX_FIELD]
        user, ids = None, []
        if name and password:
            wait, ids = take_attempt(name)
            if wait > 0:
                minutes = math.ceil(wait / 60)
                log.info("sign-in limited for %r from %s", name[:40], request_client())
                response = login_page(target, name=name, status=429, message=(
                    f"Too many failed sign-ins from this address or for this user name: try again in "
                    f"{minutes} minute{'s' if minutes != 1 else ''}."))
                response.headers["Retry-After"] = str(math.ceil(wait))
                return response
            user = users.check(name, password)
        if user is None:
            log.info("sign-in refused for %r from %s", name[:40], request_client())
            return login_page(target, message="Wrong user name or password.", name=name, status=401)
        forget_attempt(ids)
        login_user(user)
        return redirect(target, code=303)

    @server.route(LOGOUT_PATH, methods=["GET", "POST"])
    def logout():
        if not current_user.is_authenticated:
            return redirect(LOGIN_PATH, code=303)
        if request.method == "GET":
            return logout_page()
        csrf.protect()
        logout_user()
        return redirect(LOGIN_PATH, code=303)

    return users
