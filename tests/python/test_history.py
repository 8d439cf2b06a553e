"""The change log from Python: p.history() as a DataFrame (since= a seq or a
time), the current coder, undo/redo, the switch and compaction; the log is
saved in the file and loading records nothing."""
import datetime
import json

import pytest

import thematica as tm

WHEN = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)


@pytest.fixture
def p():
    p = tm.Project(title="Log ✓")
    p.set_id_seed(5)
    p.set_fixed_clock(WHEN)
    p.add_coder("Ana")
    p.add_coder("Bea")
    p.current_coder = "Ana"
    doc = p.add_document("P4", "“be my voice” 😀 café\r\nline")
    adv = p.codebook.add_code("Advocacy")
    p.add_excerpt(doc, 1, 12, codes=[adv])
    return p


def test_history_frame_columns_and_rows(p):
    h = p.history()
    for column in ["seq", "time", "coder", "op", "kind", "id", "name", "field", "summary", "before", "after"]:
        assert column in h.columns
    assert list(h["op"]) == ["add"] * 5
    assert list(h["kind"]) == ["coder", "coder", "document", "code", "excerpt"]
    assert list(h["seq"]) == [1, 2, 3, 4, 5]
    assert h["coder"].isna().tolist() == [True, True, False, False, False]
    assert h["coder"].tolist()[2:] == ["Ana", "Ana", "Ana"]
    assert (h["time"] == WHEN).all()
    assert h["before"].isna().all()
    after = json.loads(h["after"].iloc[4])
    assert after["span"] == {"start": "1", "end": "12"} or after["span"] == {"start": 1, "end": 12}


def test_update_row_names_the_changed_field_and_both_versions(p):
    adv = p.codebook.find("Advocacy")
    p.codebook.rename(adv, "Speaking up ✓")
    row = p.history().iloc[-1]
    assert (row["op"], row["kind"], row["id"], row["field"]) == ("update", "code", adv.id, "name")
    assert json.loads(row["before"])["name"] == "Advocacy"
    assert json.loads(row["after"])["name"] == "Speaking up ✓"
    # The earlier add now shows the code as it was when added.
    add_row = p.history().query("kind == 'code' and op == 'add'").iloc[0]
    assert json.loads(add_row["after"])["name"] == "Advocacy"


def test_history_since_seq_and_time(p):
    assert list(p.history(since=3)["seq"]) == [4, 5]
    later = WHEN + datetime.timedelta(days=1)
    p.set_fixed_clock(later)
    p.codebook.add_code("New")
    assert list(p.history(since=later)["kind"]) == ["code"]
    assert len(p.history(since=later - datetime.timedelta(seconds=1))) == 1
    with pytest.raises(ValueError):
        p.history(since="yesterday")


def test_current_coder_by_name_id_or_object_and_unknown_refused(p):
    bea = p.coder("Bea")
    p.current_coder = bea.id
    assert p.current_coder.name == "Bea"
    p.current_coder = bea
    assert p.current_coder.name == "Bea"
    with pytest.raises(KeyError):
        p.current_coder = "Nobody"
    assert p.current_coder.name == "Bea"
    p.current_coder = None
    assert p.current_coder is None


def test_undo_redo_of_a_cascade_restores_everything(p):
    before = tm.dumps(p)
    adv = p.codebook.find("Advocacy")
    p.add_memo("on it", target=p.excerpts()[0])
    with_memo = tm.dumps(p)
    p.codebook.remove(adv, cascade=True)
    assert p.excerpts() == [] and p.memos == []
    assert p.undo() == "RemoveCode (cascade)"
    assert len(p.excerpts()) == 1 and len(p.memos) == 1
    assert p.redo() == "RemoveCode (cascade)"
    assert p.excerpts() == []
    p.undo()
    p.undo()  # The memo.
    assert p.can_redo
    # A new edit clears the redo stack.
    p.codebook.add_code("Other")
    assert not p.can_redo and p.redo() is None
    p.undo()
    assert _content(p) == _content_of(before)
    assert with_memo != before


def _content_of(dumped):
    data = json.loads(dumped)
    for key in ("history", "history_settings", "modified"):
        data.pop(key, None)
    return data


def _content(p):
    return _content_of(tm.dumps(p))


def test_undo_all_then_nothing(p):
    while p.can_undo:
        p.undo()
    assert p.undo() is None
    assert p.documents == [] and p.coders == []


def test_switch_off_and_compact(p):
    p.history_enabled = False
    n = len(p.history())
    p.codebook.add_code("Bulk")
    assert len(p.history()) == n
    assert not p.can_undo
    with pytest.raises(tm.ConflictError):
        p.undo()
    p.history_enabled = True
    p.codebook.add_code("Logged")
    assert p.undo() == "AddCode"
    assert p.compact_history(keep=2) == n - 2
    assert list(p.history()["seq"]) == [4, 5]
    assert p.compact_history(before=WHEN + datetime.timedelta(days=1)) == 2
    assert p.history().empty
    with pytest.raises(ValueError):
        p.compact_history(keep=-1)


def test_log_is_saved_and_loading_records_nothing(p, tmp_path):
    p.codebook.rename("Advocacy", "Voice")
    for ext in ("thematica", "json"):
        path = tmp_path / f"s.{ext}"
        p.save(str(path))
        q = tm.load(str(path))
        assert q.history().drop(columns=["time"]).equals(p.history().drop(columns=["time"]))
        assert q.undo() == "RenameCode"
        assert q.codebook.find("Advocacy") is not None
    data = json.loads(tm.dumps(p))
    assert data["history"][-1]["op"] == "CHANGE_OP_UPDATE"
    assert data["history"][-1]["before"]["code"]["name"] == "Advocacy"


def test_import_is_one_step(tmp_path):
    p = tm.Project()
    (tmp_path / "a.txt").write_text("first text\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("second text\n", encoding="utf-8")
    p.import_file(str(tmp_path / "a.txt"))
    steps = p.history()["step"].nunique()
    assert steps == 1
    assert p.history()["summary"].iloc[0].startswith("import ")
    p.undo()
    assert p.documents == []
