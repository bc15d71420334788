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
from server.auth import parse_users, safe_next, user_line, users_file
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


def sign_in(client, name="alice", password=PASSWORD, next_url="/"):
    return client.post("/login", data={"name": name, "password": password, "next": next_url})


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

    def test_logout_ends_the_session(self, signed_in):
        assert signed_in.get("/_dash-layout").status_code == 200
        assert signed_in.get("/logout").status_code == 303
        assert signed_in.get("/_dash-layout").status_code == 401


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
