"""Optional login (SMALLCAP_AUTH): every route family needs a signed-in user when it is on."""

from __future__ import annotations

import os
import re
import stat
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from werkzeug.security import check_password_hash

import cli
from app import create_app
from config import Config, ConfigError, DataSpec
from server.auth import (FAILURE_WINDOW, MAX_FAILURES, parse_users, safe_next, secure_cookies_asked, user_line,
                         users_file)
from tests.dash_post import by_first_output, post

PASSWORD = "correct horse battery"
SHARE = "/?start=2024-01-02&end=2024-03-28&small=IWM&large=SPY"


@pytest.fixture(scope="module")
def users(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "users.txt"
    path.write_text("# team\n" + user_line("alice", PASSWORD) + "\n" + user_line("bob", "another one!") + "\n")
    return path


@pytest.fixture(scope="module")
def auth_app(users, tmp_path_factory):
    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("cache"),
                             auth=f"users:{users}"))


def form_token(client, path="/login") -> str:
    """The CSRF token of the form ``path`` shows this client (its session holds the secret)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, name="alice", password=PASSWORD, next_url="/", token=None, **kwargs):
    token = form_token(client) if token is None else token
    return client.post("/login", data={"name": name, "password": password, "next": next_url, "csrf_token": token},
                       **kwargs)


@pytest.fixture
def signed_in(auth_app):
    client = auth_app.server.test_client()
    assert sign_in(client).status_code == 303
    return client


# every route family, and what a signed-out request gets
ROUTES = [
    ("/", 302),
    ("/_dash-layout", 401),
    ("/_dash-dependencies", 401),
    ("/_dash-component-suites/dash/deps/polyfill@7.v3_0_0m1700000000.12.1.min.js", 401),
    ("/_reload-hash", 401),
    ("/_favicon.ico", 401),
    ("/export/rates.csv?start=2024-01-02&end=2024-03-28", 401),
    ("/assets/app.css", 401),
]


class TestSignedOut:
    @pytest.mark.parametrize(("path", "status"), ROUTES)
    def test_every_route_family_needs_a_user(self, auth_app, path, status):
        response = auth_app.server.test_client().get(path)
        assert response.status_code == status
        if status == 401:
            assert response.get_data(as_text=True) == "Sign in first: this dashboard needs a user name and password.\n"
            assert "X-Content-Type-Options" in response.headers  # the app's security headers still apply

    def test_callbacks_need_a_user(self, auth_app, signed_in):
        hub = next(d for d in by_first_output(signed_in).values() if "view-state.data" in d["output"])
        anonymous = auth_app.server.test_client()
        assert post(anonymous, hub, {"url.search": ""}).status_code == 401
        assert post(signed_in, hub, {"url.search": ""}).status_code == 200

    def test_a_share_link_goes_to_the_login_page_and_keeps_the_view(self, auth_app):
        response = auth_app.server.test_client().get(SHARE)
        assert response.status_code == 302
        target = urlsplit(response.headers["Location"])
        assert target.path == "/login" and parse_qs(target.query) == {"next": [SHARE]}

    def test_the_login_page_and_its_stylesheet_are_served(self, auth_app):
        client = auth_app.server.test_client()
        page = client.get("/login?next=" + "%2F%3Fstart%3D2024-01-02")
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        text = page.get_data(as_text=True)
        assert 'name="next" value="/?start=2024-01-02"' in text and 'type="password"' in text
        assert client.get("/assets/00-bootstrap-5.3.9.min.css").status_code == 200


class TestSignIn:
    @pytest.mark.parametrize("path", [p for p, _ in ROUTES if not p.startswith(("/_reload", "/_dash-component"))])
    def test_every_route_family_answers_a_signed_in_user(self, signed_in, path):
        assert signed_in.get(path).status_code == 200

    def test_the_page_scripts_are_served_to_a_signed_in_user_only(self, auth_app, signed_in):
        page = signed_in.get(SHARE).get_data(as_text=True)
        scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
        assert scripts, "the page loads no Dash scripts?"
        assert signed_in.get(scripts[0]).status_code == 200
        assert auth_app.server.test_client().get(scripts[0]).status_code == 401

    def test_sign_in_returns_to_the_share_link(self, auth_app):
        client = auth_app.server.test_client()
        response = sign_in(client, next_url=SHARE)
        assert response.status_code == 303 and response.headers["Location"] == SHARE
        assert client.get(SHARE).status_code == 200
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    def test_a_wrong_password_or_unknown_name_is_refused(self, auth_app):
        client = auth_app.server.test_client()
        for name, password in (("alice", "wrong"), ("mallory", PASSWORD), ("alice", ""), ("bob", PASSWORD)):
            response = sign_in(client, name, password, next_url=SHARE)
            assert response.status_code == 401
            text = response.get_data(as_text=True)
            assert "Wrong user name or password." in text and f'value="{SHARE.replace("&", "&amp;")}"' in text
            assert client.get("/_dash-layout").status_code == 401
        assert sign_in(client, "bob", "another one!").status_code == 303

    @pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                        "javascript:alert(1)", "evil", "/\nSet-Cookie: x=1"])
    def test_sign_in_never_sends_the_user_to_another_site(self, auth_app, target):
        response = sign_in(auth_app.server.test_client(), next_url=target)
        assert response.status_code == 303 and response.headers["Location"] == "/"
        assert safe_next(target) == "/"

    def test_logout_is_a_post_with_the_forms_token(self, signed_in):
        assert signed_in.get("/_dash-layout").status_code == 200
        page = signed_in.get("/logout")  # a link or <img src=/logout> from anywhere: a button, not a sign-out
        assert page.status_code == 200 and 'id="logout-form"' in page.get_data(as_text=True)
        assert signed_in.get("/_dash-layout").status_code == 200
        forged = signed_in.post("/logout")  # another site's form: no token
        assert forged.status_code == 400
        assert "That sign-out did not come from the button below: press it to sign out." in forged.get_data(as_text=True)
        assert signed_in.post("/logout", data={"csrf_token": form_token(signed_in, "/logout") + "x"}).status_code == 400
        assert signed_in.get("/_dash-layout").status_code == 200
        response = signed_in.post("/logout", data={"csrf_token": form_token(signed_in, "/logout")})
        assert response.status_code == 303 and response.headers["Location"] == "/login"
        assert signed_in.get("/_dash-layout").status_code == 401
        assert signed_in.get("/logout").status_code == 303  # signed out already: to the sign-in page


class TestUsersFile:
    def test_a_removed_user_or_changed_password_signs_out(self, tmp_path):
        path = tmp_path / "users.txt"
        path.write_text(user_line("carol", PASSWORD) + "\n" + user_line("dave", PASSWORD) + "\n")
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", auth=f"users:{path}"))
        carol, dave = app.server.test_client(), app.server.test_client()
        assert sign_in(carol, "carol").status_code == 303 and sign_in(dave, "dave").status_code == 303
        path.write_text(user_line("dave", "a new password") + "\n")
        os.utime(path, ns=(1, 1))  # a change within the file system's time resolution
        assert carol.get("/_dash-layout").status_code == 401  # removed
        assert dave.get("/_dash-layout").status_code == 401  # password changed
        assert sign_in(dave, "dave", "a new password").status_code == 303

    def test_parse_users_names_the_bad_line(self):
        assert list(parse_users("# c\n\nann:scrypt:1$a$b\n")) == ["ann"]
        with pytest.raises(ValueError, match="line 2 is not 'name:password-hash'"):
            parse_users("ann:scrypt:1$a$b\nann plain-password\n")

    def test_bad_settings_stop_the_start_with_the_reason(self, tmp_path):
        assert users_file(None) is None and users_file("") is None and users_file("off") is None
        with pytest.raises(ConfigError, match="expected 'users:/path/to/users.txt'"):
            users_file("basic:alice:secret")
        with pytest.raises(ConfigError, match="cannot read the users file 'missing.txt'"):
            users_file(f"users:{tmp_path / 'missing.txt'}")
        empty = tmp_path / "empty.txt"
        empty.write_text("# nobody yet\n")
        with pytest.raises(ConfigError, match="names no user"):
            create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "c", auth=f"users:{empty}"))
        assert Config.from_env({"SMALLCAP_AUTH": "users:/x"}).auth == "users:/x"
        assert Config.from_env({}).auth is None

    def test_off_by_default(self, demo_client):
        assert demo_client.get("/_dash-layout").status_code == 200
        assert 'id="login-form"' not in demo_client.get("/login").get_data(as_text=True)  # Dash's page


class TestAddUser:
    def test_add_user_writes_a_private_file_with_a_hash(self, tmp_path):
        path = tmp_path / "users.txt"
        result = CliRunner().invoke(cli.main, ["add-user", str(path), "erin", "--password", PASSWORD])
        assert result.exit_code == 0, result.output
        assert "added erin" in result.output
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        hashed = parse_users(path.read_text())["erin"]
        assert PASSWORD not in path.read_text() and check_password_hash(hashed, PASSWORD)
        again = CliRunner().invoke(cli.main, ["add-user", str(path), "erin", "--password", "another password"])
        assert "changed the password of erin" in again.output
        users = parse_users(path.read_text())
        assert list(users) == ["erin"] and check_password_hash(users["erin"], "another password")
        assert users_file(f"users:{path}") == path.resolve()

    def test_add_user_refuses_bad_names_and_short_passwords(self, tmp_path):
        path = tmp_path / "users.txt"
        bad = CliRunner().invoke(cli.main, ["add-user", str(path), "a:b", "--password", PASSWORD])
        assert bad.exit_code == 2 and "without ':', '#' or spaces" in bad.output
        short = CliRunner().invoke(cli.main, ["add-user", str(path), "ann", "--password", "short"])
        assert short.exit_code == 2 and "at least 8 characters" in short.output
        assert not path.exists()


class TestLoginCsrf:
    def test_a_sign_in_without_the_forms_token_is_refused_with_the_form_again(self, auth_app):
        client = auth_app.server.test_client()
        other = auth_app.server.test_client()
        for token in ("", "not-a-token", form_token(other)):  # none, made up, another browser's
            response = sign_in(client, token=token, next_url=SHARE)
            assert response.status_code == 400
            text = response.get_data(as_text=True)
            assert ("The sign-in form had expired or did not come from this site; please sign in again."
                    in text), text
            assert 'id="login-form"' in text and 'name="csrf_token"' in text  # a fresh form, not a traceback
            assert f'value="{SHARE.replace("&", "&amp;")}"' in text and 'value="alice"' in text
            assert client.get("/_dash-layout").status_code == 401
        posted = client.post("/login", data={"name": "alice", "password": PASSWORD})
        assert posted.status_code == 400
        retried = sign_in(client, token=re.search(r'name="csrf_token" value="([^"]+)"',
                                                  posted.get_data(as_text=True)).group(1))
        assert retried.status_code == 303  # the refused page's own form works
        assert client.get("/_dash-layout").status_code == 200

    def test_dash_callbacks_need_no_token(self, signed_in):
        hub = next(d for d in by_first_output(signed_in).values() if "view-state.data" in d["output"])
        response = post(signed_in, hub, {"url.search": "?start=2024-01-02&end=2024-03-28"})
        assert response.status_code == 200 and "2024-03-28" in response.get_data(as_text=True)


class TestCookieFlags:
    def test_http_only_same_site_lax_and_secure_only_over_https(self, auth_app):
        plain = sign_in(auth_app.server.test_client()).headers["Set-Cookie"]
        assert "smallcap_session=" in plain and "HttpOnly" in plain and "SameSite=Lax" in plain
        assert "Secure" not in plain
        direct = auth_app.server.test_client()
        no_referrer = sign_in(direct, base_url="https://localhost")  # flask-wtf's check over https
        assert no_referrer.status_code == 400 and "Set-Cookie" not in no_referrer.headers
        tls = sign_in(direct, base_url="https://localhost",
                      headers={"Referer": "https://localhost/login"}).headers["Set-Cookie"]
        assert "Secure" in tls and "HttpOnly" in tls
        # nginx in front (a private peer) says the client came over https
        proxied = auth_app.server.test_client()
        environ = {"REMOTE_ADDR": "172.18.0.5"}
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
        token = re.search(r'name="csrf_token" value="([^"]+)"', proxied.get(
            "/login", environ_base=environ, headers=headers).get_data(as_text=True)).group(1)
        cookie = sign_in(proxied, token=token, environ_base=environ, headers=headers).headers["Set-Cookie"]
        assert "Secure" in cookie
        # a client on a public address cannot claim https for itself
        public = auth_app.server.test_client()
        environ = {"REMOTE_ADDR": "93.184.216.8"}
        token = re.search(r'name="csrf_token" value="([^"]+)"', public.get(
            "/login", environ_base=environ).get_data(as_text=True)).group(1)
        cookie = sign_in(public, token=token, environ_base=environ,
                         headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
        assert "Secure" not in cookie

    def test_secure_cookies_asked_by_setting(self):
        assert secure_cookies_asked({"SMALLCAP_SECURE_COOKIES": "1"})
        assert secure_cookies_asked({"SMALLCAP_COOKIE_SECURE": "true"})
        assert not secure_cookies_asked({}) and not secure_cookies_asked({"SMALLCAP_SECURE_COOKIES": "0"})

    def test_the_setting_makes_every_session_cookie_secure(self, users, tmp_path, monkeypatch):
        monkeypatch.setenv("SMALLCAP_SECURE_COOKIES", "1")
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", auth=f"users:{users}"))
        cookie = sign_in(app.server.test_client()).headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def at(address):
    """Test-client keyword arguments for a request from ``address`` (a public peer)."""
    return {"environ_base": {"REMOTE_ADDR": address}}


def via_proxy(client_address):
    """... for a request that nginx (a private peer) forwards for ``client_address``."""
    return {"environ_base": {"REMOTE_ADDR": "172.18.0.5"}, "headers": {"X-Forwarded-For": client_address}}


class TestSignInLimit:
    @pytest.fixture
    def limited(self, users, tmp_path):
        """A fresh app (its own user store) whose store runs on a clock the test moves."""
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", auth=f"users:{users}"))
        now = [1_000_000.0]
        app.server.extensions["smallcap_universe"].store.clock = lambda: now[0]
        return app, now

    @staticmethod
    def attempt(app, name, password, **where):
        client = app.server.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(
            "/login", **where).get_data(as_text=True)).group(1)
        return sign_in(client, name, password, token=token, **where)

    def test_five_failures_from_one_address_in_15_minutes_then_429(self, limited):
        app, now = limited
        for i in range(MAX_FAILURES):
            assert self.attempt(app, f"guess{i}", "wrong password", **at("93.184.216.5")).status_code == 401
            now[0] += 10
        now[0] += 50  # the first failure was 100 s ago: it leaves the window in 800 s
        refused = self.attempt(app, "alice", PASSWORD, **at("93.184.216.5"))  # even the right password
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "800"
        text = refused.get_data(as_text=True)
        assert ("Too many failed sign-ins from this address or for this user name: try again in 14 minutes."
                in text) and 'id="login-form"' in text
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.6")).status_code == 303  # another address
        now[0] += 799
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.5")).headers["Retry-After"] == "1"
        now[0] += 1
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.5")).status_code == 303

    def test_behind_the_proxy_each_forwarded_client_counts_apart(self, limited):
        app, _ = limited
        for i in range(MAX_FAILURES):
            assert self.attempt(app, f"guess{i}", "wrong password", **via_proxy("198.51.100.1")).status_code == 401
        assert self.attempt(app, "alice", PASSWORD, **via_proxy("198.51.100.1")).status_code == 429
        assert self.attempt(app, "alice", PASSWORD, **via_proxy("198.51.100.2")).status_code == 303

    def test_five_failures_for_one_name_from_anywhere_then_429(self, limited):
        app, _ = limited
        for i in range(MAX_FAILURES):
            assert self.attempt(app, "bob", f"wrong {i}", **at(f"93.184.216.{20 + i}")).status_code == 401
        refused = self.attempt(app, "bob", "another one!", **at("93.184.216.40"))
        assert refused.status_code == 429 and refused.headers["Retry-After"] == str(FAILURE_WINDOW)
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.40")).status_code == 303  # other names

    def test_a_successful_sign_in_is_not_counted(self, limited):
        app, _ = limited
        for _ in range(2 * MAX_FAILURES):
            assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.9")).status_code == 303
        for i in range(MAX_FAILURES - 1):
            assert self.attempt(app, "alice", f"wrong {i}", **at("93.184.216.9")).status_code == 401
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.9")).status_code == 303
        assert self.attempt(app, "alice", "wrong 5", **at("93.184.216.9")).status_code == 401  # the 5th failure
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.9")).status_code == 429

    def test_workers_share_the_count(self, users, tmp_path):
        """Two apps on one cache folder, as two gunicorn workers: failures in one limit the other."""
        config = Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", auth=f"users:{users}")
        one, two = create_app(config), create_app(config)
        for i in range(MAX_FAILURES):
            worker = (one, two)[i % 2]
            assert self.attempt(worker, "alice", f"wrong {i}", **at("93.184.216.50")).status_code == 401
        assert self.attempt(one, "alice", PASSWORD, **at("93.184.216.51")).status_code == 429
        assert self.attempt(two, "alice", PASSWORD, **at("93.184.216.51")).status_code == 429

    def test_an_unavailable_store_does_not_stop_sign_in(self, users, tmp_path, caplog):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", auth=f"users:{users}",
                                store_url="postgresql+psycopg://nobody@127.0.0.1:9/none"))
        assert self.attempt(app, "alice", "wrong", **at("93.184.216.60")).status_code == 401
        assert self.attempt(app, "alice", PASSWORD, **at("93.184.216.60")).status_code == 303
        limited = [r.getMessage() for r in caplog.records if r.name == "server.auth"]
        assert limited and all(m.startswith("sign-in attempts are not limited: ") and "the user store is unavailable"
                               in m for m in limited)
