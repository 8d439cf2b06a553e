"""The coding surface's engine side without a browser: the session validates
every action and leaves the project unchanged when it refuses one; undo;
the file changed on disk is reported, never overwritten; the server refuses
other origins, hosts and token-less calls; the notebook widget's message
handler round-trips a change into the Project; `thematica serve` usage errors."""
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

import thematica as tm
from thematica.surface import Session
from thematica.surface.session import undo_last

TEXT = "I: How was it?\nP1: Hello 👋🏽 world, cafe\u0301 is مرحبا بك fine.\n"


def study():
    p = tm.Project(title="Surface")
    p.set_id_seed(13)
    doc = p.add_document("P1", TEXT, speaker_turns=[tm.SpeakerTurn(0, 14, speaker="I"),
                                                    tm.SpeakerTurn(15, len(TEXT) - 1, speaker="P1")])
    p.codebook.add_code("Greeting")
    p.add_coder("Ann")
    p.add_coder("Bob")
    return p, doc


def span(text, phrase):
    start = text.index(phrase)  # Python indices are code points: the oracle.
    return start, start + len(phrase)


def test_apply_code_by_code_points_and_the_state_shows_it():
    p, doc = study()
    s = Session(p)
    ann = p.coder("Ann").id
    code = p.codebook["Greeting"].id
    start, end = span(doc.text, "Hello 👋🏽")
    state = s.handle({"action": "apply-code", "document": doc.id, "start": start, "end": end,
                      "code": code, "view": {"coder": ann}})
    assert state["error"] is None
    [e] = p.excerpts()
    assert e.text == "Hello 👋🏽" and e.coder_id == ann and e.code_ids == [code]
    assert state["document"]["excerpts"] == [{"id": e.id, "start": start, "end": end, "codes": [code], "coder": ann}]
    assert state["revision"] == 1 and state["view"]["coder"] == ann


@pytest.mark.parametrize("bad", [
    {"action": "apply-code", "start": 0, "end": 3, "code": "nope"},
    {"action": "apply-code", "start": 5, "end": 5},
    {"action": "apply-code", "start": 0, "end": 10_000},
    {"action": "apply-code", "start": "0", "end": 3},
    {"action": "apply-code", "start": True, "end": 3},
    {"action": "remove-coding", "excerpt": "missing"},
    {"action": "new-code", "name": "  "},
    {"action": "new-code", "name": "Greeting"},
    {"action": "new-code", "name": "X", "apply": {"start": 0, "end": 99999}},
    {"action": "memo", "target": "nothing", "text": "x"},
    {"action": "blind", "on": True},
    {"action": "undo"},
    {"action": "explode"},
    {"action": "save"},
])
def test_a_refused_action_names_the_problem_and_changes_nothing(bad):
    p, doc = study()
    before = tm.dumps(p)
    s = Session(p)
    message = {"document": doc.id, "code": p.codebook["Greeting"].id, **bad}
    if "apply" in message:
        message["apply"] = {"document": doc.id, **message["apply"]}
    state = s.handle(message)
    assert state["error"], bad
    assert tm.dumps(p) == before
    assert state["revision"] == 0


def test_new_code_as_a_sub_code_applied_to_the_selection_and_undo_removes_both():
    p, doc = study()
    s = Session(p)
    start, end = span(doc.text, "مرحبا بك")
    parent = p.codebook["Greeting"].id
    state = s.handle({"action": "new-code", "name": "Arabic greeting", "parent": parent,
                      "apply": {"document": doc.id, "start": start, "end": end}, "view": {}})
    assert state["error"] is None
    child = p.codebook.find("Greeting/Arabic greeting")
    assert child.parent_id == parent and [e.text for e in p.excerpts(code=child)] == ["مرحبا بك"]
    s.handle({"action": "undo"})
    assert "Arabic greeting" not in [c.name for c in p.codebook.codes] and not p.excerpts()


def test_undo_restores_a_removed_coding_with_its_memo_and_a_resize():
    p, doc = study()
    s = Session(p)
    start, end = span(doc.text, "cafe\u0301")
    e = p.add_excerpt(doc, start, end, codes=["Greeting"], coder="Ann")
    p.add_memo("accent", target=e)
    s.handle({"action": "resize-coding", "excerpt": e.id, "start": start, "end": end + 3})
    assert p.excerpt(e.id).text == "cafe\u0301 is"
    s.handle({"action": "remove-coding", "excerpt": e.id})
    assert not p.excerpts()
    s.handle({"action": "undo"})
    [again] = p.excerpts()
    assert again.text == "cafe\u0301 is" and [m.text for m in p.memos_for(again)] == ["accent"]
    s.handle({"action": "undo"})
    assert p.excerpt(again.id).text == "cafe\u0301"


def test_undo_uses_the_projects_change_log_when_it_has_one():
    calls = []

    class Logged:
        def undo(self):
            calls.append("undo")

    stack = [("local", lambda: calls.append("local"))]
    undo_last(Logged(), stack)
    assert calls == ["undo"] and stack == []


def test_blind_mode_and_filters_hide_codings():
    p, doc = study()
    a = p.add_excerpt(doc, 0, 2, codes=["Greeting"], coder="Ann")
    b = p.add_excerpt(doc, 4, 7, codes=["Greeting"], coder="Bob")
    s = Session(p)
    ann = p.coder("Ann").id
    shown = lambda st: [e["id"] for e in st["document"]["excerpts"]]  # noqa: E731
    assert shown(s.state({})) == [a.id, b.id]
    state = s.handle({"action": "blind", "on": True, "view": {"coder": ann}})
    assert shown(state) == [a.id] and state["codes"][0]["count"] == 1
    state = s.handle({"action": "filter", "coders": [p.coder("Bob").id], "view": {}})
    assert shown(state) == [b.id]


def test_disk_change_is_reported_and_not_overwritten(tmp_path):
    p, doc = study()
    path = str(tmp_path / "s.thematica")
    p.save(path)
    s = Session.open(path)
    other = tm.load(path)
    other.codebook.add_code("Added elsewhere")
    other.save(path)
    state = s.handle({"action": "apply-code", "document": doc.id, "start": 0, "end": 2,
                      "code": p.codebook["Greeting"].id})
    assert state["disk_changed"] and "changed on disk" in state["error"]
    assert "Added elsewhere" in [c.name for c in tm.load(path).codebook.codes]
    state = s.handle({"action": "reload-from-disk"})
    assert not state["disk_changed"] and "Added elsewhere" in [c["name"] for c in state["codes"]]
    state = s.handle({"action": "apply-code", "document": doc.id, "start": 0, "end": 2,
                      "code": p.codebook["Greeting"].id})
    assert state["saved"] and len(tm.load(path).excerpts()) == 1


def test_touching_the_file_is_not_a_change(tmp_path):
    p, _ = study()
    path = str(tmp_path / "s.json")
    p.save(path)
    s = Session.open(path)
    os.utime(path, (1, 1))
    assert not s.disk_changed()


def test_the_widget_round_trips_a_change_into_the_project():
    pytest.importorskip("anywidget", reason="the widget needs anywidget (pip install 'thematica[widget]')")
    p, doc = study()
    view = p.coder_view(doc, coder="Ann")
    assert isinstance(view, tm.CodingView)
    sent = []
    view.send = sent.append  # What would go to the page.
    start, end = span(doc.text, "👋🏽 world")
    view._on_page_message(view, {"action": "apply-code", "document": doc.id, "start": start, "end": end,
                                 "code": p.codebook["Greeting"].id, "view": view.view, "request_id": 7}, [])
    [e] = p.excerpts()
    assert e.text == "👋🏽 world" and e.coder_id == p.coder("Ann").id
    assert sent[-1]["request_id"] == 7 and sent[-1]["state"]["document"]["excerpts"][0]["id"] == e.id
    p.remove_excerpt(e)  # A change in another notebook cell…
    view.refresh()       # …shows after refresh().
    assert sent[-1]["state"]["document"]["excerpts"] == []


@pytest.fixture
def server(tmp_path):
    from thematica.serve import make_server
    p, _ = study()
    path = str(tmp_path / "s.thematica")
    p.save(path)
    srv = make_server(path, port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def call(srv, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=10)
    conn.request("POST", "/api/action", body=json.dumps(body), headers=headers)
    r = conn.getresponse()
    return r.status, json.loads(r.read())


def test_server_refuses_other_origins_hosts_and_missing_tokens(server):
    port = server.server_address[1]
    good = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "X-Thematica-Token": server.token}
    assert call(server, {"action": "refresh"}, good)[0] == 200
    assert call(server, {"action": "refresh"}, {**good, "X-Thematica-Token": "x"})[0] == 403
    assert call(server, {"action": "refresh"}, {**good, "Origin": "http://evil.example"})[0] == 403
    assert call(server, {"action": "refresh"}, {**good, "Host": f"evil.example:{port}"})[0] == 421
    assert call(server, {"action": "refresh"}, {**good, "Sec-Fetch-Site": "cross-site"})[0] == 403
    assert call(server, {"action": "refresh"}, {**good, "Content-Type": "text/plain"})[0] == 415
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Host": f"localhost:{port}"})
    page = conn.getresponse()
    assert page.status == 200 and server.token in page.read().decode()
    assert "frame-ancestors 'none'" in page.getheader("Content-Security-Policy")


def test_server_poll_is_cheap_until_something_changes(server):
    port = server.server_address[1]
    h = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "X-Thematica-Token": server.token}
    assert call(server, {"action": "poll", "revision": 0}, h)[1] == {"unchanged": True}
    state = call(server, {"action": "poll", "revision": -1}, h)[1]
    assert state["revision"] == 0 and state["document"]["text"] == TEXT


def test_python_m_thematica_serve_refuses_a_remote_host_without_the_flag(tmp_path):
    result = subprocess.run([sys.executable, "-m", "thematica.serve", "x.thematica", "--host", "0.0.0.0"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and "--allow-remote" in result.stderr


@pytest.mark.skipif(shutil.which("thematica") is None, reason="the thematica CLI is not on PATH")
def test_cli_serve_usage_and_missing_python(tmp_path):
    result = subprocess.run(["thematica", "serve", "x.thematica", "--host", "0.0.0.0"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "--allow-remote" in result.stderr
    result = subprocess.run(["thematica", "serve", "x.thematica"], capture_output=True, text=True,
                            env={**os.environ, "THEMATICA_PYTHON": str(tmp_path / "no-python")})
    assert result.returncode == 1 and "THEMATICA_PYTHON" in result.stderr
    result = subprocess.run(["thematica", "serve", str(tmp_path / "missing.thematica")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "missing.thematica" in result.stderr


def test_remote_mode_needs_the_token_in_the_address(tmp_path):
    from thematica.serve import make_server
    p, _ = study()
    path = str(tmp_path / "s.thematica")
    p.save(path)
    srv = make_server(path, port=0, allow_remote=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        assert srv.url.endswith("?token=" + srv.token)
        port = srv.server_address[1]
        for target, status in [("/", 403), ("/?token=wrong", 403), ("/?token=" + srv.token, 200)]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", target, headers={"Host": f"study-laptop.local:{port}"})
            assert conn.getresponse().status == status, target
        h = {"Host": f"study-laptop.local:{port}", "Content-Type": "application/json", "X-Thematica-Token": srv.token}
        assert call(srv, {"action": "refresh"}, {**h, "Origin": f"http://study-laptop.local:{port}"})[0] == 200
        assert call(srv, {"action": "refresh"}, {**h, "Origin": "http://evil.example"})[0] == 403
    finally:
        srv.shutdown()
        srv.server_close()
