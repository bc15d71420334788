"""Malformed callback requests answer 400 with a reason, for every registered callback; a well-formed
one still answers; rejections are logged at most once a minute per kind."""

from __future__ import annotations

import json
import logging

import pytest

from callbacks.guards import RejectLog

URL = "/_dash-update-component"


def good_body(dependency: dict) -> dict:
    """The body the page sends for a callback (every input/state with no value)."""

    def entries(specs):
        return [[] if spec["id"].startswith("{") else {"id": spec["id"], "property": spec["property"], "value": None}
                for spec in specs]

    outputs = dependency["output"]
    parts = outputs[2:-2].split("...") if outputs.startswith("..") else [outputs]
    listed = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    return {"output": outputs, "outputs": listed if outputs.startswith("..") else listed[0],
            "inputs": entries(dependency["inputs"]), "state": entries(dependency["state"]), "changedPropIds": []}


MALFORMED = {
    "inputs []": lambda b: {**b, "inputs": []} if b["inputs"] else None,
    "inputs {}": lambda b: {**b, "inputs": {}},
    "inputs [1]": lambda b: {**b, "inputs": [1] * len(b["inputs"])} if b["inputs"] else None,
    "state x": lambda b: {**b, "state": "x"},
    "no outputs": lambda b: {k: v for k, v in b.items() if k != "outputs"},
    "changedPropIds 5": lambda b: {**b, "changedPropIds": 5},
    "unknown output": lambda b: {**b, "output": "nope.children"},
    "a list": lambda b: [b],
}


@pytest.fixture(scope="module")
def dependencies(demo_client):
    return [d for d in demo_client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_every_callback_refuses_each_malformed_body_with_400(demo_client, dependencies, caplog):
    checked = 0
    for dependency in dependencies:
        base = good_body(dependency)
        for name, make in MALFORMED.items():
            body = make(base)
            if body is None:
                continue
            response = post(demo_client, body)
            assert response.status_code == 400, (dependency["output"], name, response.status_code)
            assert response.get_data(as_text=True).startswith("Bad callback request: ")
            checked += 1
    assert checked > 8 * len(dependencies) - 2 * len(dependencies)
    assert "Traceback" not in caplog.text


def test_a_well_formed_request_still_answers(demo_client, dependencies):
    hub = next(d for d in dependencies if d["output"].startswith("..view-state.data"))
    body = good_body(hub)
    body["inputs"][0]["value"] = ""
    body["changedPropIds"] = ["url.search"]
    assert post(demo_client, body).status_code == 200


def test_deep_json_is_refused_without_a_recursion_error(demo_client):
    deep = "[" * 100_000 + "]" * 100_000
    response = demo_client.post(URL, data=deep, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_data(as_text=True)
    shallow_but_too_deep = "[" * 70 + "]" * 70
    assert demo_client.post(URL, data=shallow_but_too_deep, content_type="application/json").status_code == 400


def test_rejections_are_logged_once_a_minute_per_kind_with_a_count():
    now = [0.0]
    lines = []

    class Log:
        def warning(self, text, *args):
            lines.append(text % args)

    log = RejectLog(clock=lambda: now[0], log=Log())
    for _ in range(500):
        log.note("state must be a list")
    log.note("no such callback output")
    assert lines == ["rejected 1 callback request(s): state must be a list",
                     "rejected 1 callback request(s): no such callback output"]
    now[0] = 61.0
    log.note("state must be a list")
    assert lines[-1] == "rejected 500 callback request(s): state must be a list"


def test_a_callback_declared_with_a_list_of_outputs_needs_a_list(demo_client, dependencies):
    listed = [d for d in dependencies if d["output"].startswith("..")]
    assert listed
    for dependency in listed:
        body = good_body(dependency)
        body["outputs"] = body["outputs"][0]  # a dict: Dash would fail with a 500
        response = post(demo_client, body)
        assert response.status_code == 400
        assert "outputs must be a list" in response.get_data(as_text=True)


def test_a_callback_declared_with_one_output_needs_an_object(demo_client, dependencies):
    """The opposite case: a list for a single output passed the guard and Dash answered 500."""
    single = [d for d in dependencies if not d["output"].startswith("..")]
    assert single
    for dependency in single:
        body = good_body(dependency)
        body["outputs"] = [body["outputs"]]
        response = post(demo_client, body)
        assert response.status_code == 400
        assert "outputs must be an object" in response.get_data(as_text=True)


def test_tampered_stores_and_click_counts_change_nothing(demo_client, dependencies):
    """A counts store of another shape (the facts card's opening) and a click count that is no
    number (the live fetch's Cancel) answered 500 with a traceback."""
    by_output = {d["output"]: d for d in dependencies}
    top = next(o for o in by_output if o.startswith("..facts-top.children"))
    body = good_body(by_output[top])
    for tampered in ({"as_of": "2026-02-20", "n": 1, "top": [{"bogus": 1}], "error": None}, {"n": "x"}, "x", [1]):
        body["inputs"][0]["value"] = tampered
        assert post(demo_client, body).status_code in (200, 204)
    cancel = next(o for o, d in by_output.items() if o.startswith("universe-refresh-status.children")
                  and [i["id"] for i in d["inputs"]] == ["universe-refresh-cancel"])
    body = good_body(by_output[cancel])
    body["inputs"][0]["value"] = 1
    for count in ("x", [1], 2.5):
        body["state"][0]["value"] = count
        assert post(demo_client, body).status_code == 200
