"""Removal calls return a thematica.RemovalReport (issue 11: typed results, not
dicts): read-only attributes, and still the read-only mapping the calls
returned before, so that report["excerpts"] and dict(report) keep working."""
import collections.abc

import pytest

import thematica as tm

KEYS = ["codes", "excerpts", "recoded_excerpts", "themes", "relations", "memos",
        "unlinked_documents", "unlinked_speaker_turns", "suggestion_runs", "suggestions", "summary"]


def project():
    p = tm.Project("Removals")
    p.set_id_seed(11)
    case = p.add_case("P1")
    doc = p.add_document("Interview", "We trust the nurse. Money was short.", case=case,
                         speaker_turns=[tm.SpeakerTurn(0, 19, "P1", "A")])
    trust = p.codebook.add_code("Trust")
    money = p.codebook.add_code("Money")
    child = p.codebook.add_code("Nurse", parent=trust)
    both = p.add_excerpt(doc, 0, 19, codes=[trust, money])
    only = p.add_excerpt(doc, 20, 36, codes=[child], memo="short")
    theme = p.add_theme("Care", codes=[trust])
    relation = p.add_relation(theme, money, "against")
    return p, dict(case=case, doc=doc, trust=trust, money=money, child=child, both=both,
                   only=only, theme=theme, relation=relation)


def ids(items):
    return {x.id for x in items}


def test_every_removal_call_returns_a_removal_report():
    p, o = project()
    reports = [p.remove_relation(o["relation"]), p.remove_theme(o["theme"]),
               p.remove_excerpt(o["only"]), p.codebook.remove("Money", cascade=True),
               p.remove_case(o["case"]), p.remove_document(o["doc"])]
    q = tm.Project()
    q.codebook.add_code("Trust")
    q.add_excerpt(q.add_document("a", "I trust them. The bus was late."), 0, 13, codes=["Trust"])
    q.add_document("b", "We trust the nurse. Money was short.")
    run = q.suggest(codes=["Trust"], method="learned", threshold=0.0)
    reports.append(q.remove_run(run))
    assert reports[-1].suggestion_runs == [run.id]
    for report in reports:
        assert type(report) is tm.RemovalReport
        assert isinstance(report, collections.abc.Mapping)


def test_reports_name_what_went_against_the_project_before_and_after():
    p, o = project()
    excerpts, memos = ids(p.excerpts()), ids(p.memos)
    report = p.codebook.remove("Trust", cascade=True)
    # The oracle: what the project no longer holds, and what it still holds changed.
    assert set(report.codes) == {o["trust"].id, o["child"].id} == ids([o["trust"], o["child"]])
    assert set(report.excerpts) == excerpts - ids(p.excerpts()) == {o["only"].id}
    assert set(report.memos) == memos - ids(p.memos)
    assert report.recoded_excerpts == [o["both"].id]
    assert p.excerpt(o["both"]).code_ids == [o["money"].id]
    assert report.themes == [] and report.relations == [] and report.suggestions == 0
    report = p.remove_case(o["case"])
    assert report.unlinked_documents == [o["doc"].id] and report.unlinked_speaker_turns == 1
    assert report.summary == "1 document unlinked, 1 speaker turn unlinked"


def test_attributes_and_mapping_agree():
    p, o = project()
    report = p.remove_document(o["doc"])
    assert list(report) == list(report.keys()) == KEYS and len(report) == len(KEYS)
    for key in KEYS:
        assert key in report
        assert report[key] == getattr(report, key) == report.get(key)
    assert list(report.values()) == [getattr(report, k) for k in KEYS]
    assert list(report.items()) == [(k, getattr(report, k)) for k in KEYS]
    assert sorted(report.excerpts) == sorted([o["both"].id, o["only"].id])
    assert report["summary"] == report.summary == "2 excerpts, 1 memo"
    assert dict(report) == {k: getattr(report, k) for k in KEYS}
    assert report == dict(report) and dict(report) == report
    assert report != dict(report, summary="else") and report != {}
    assert (report == 5) is False and report != "codes"
    for missing in ("nope", 3, None):
        assert missing not in report
        assert report.get(missing) is None and report.get(missing, "x") == "x"
        with pytest.raises(KeyError) as raised:
            report[missing]
        assert raised.value.args == (missing,)


def test_equal_reports_and_read_only():
    p, o = project()
    q = p.copy()
    a, b = p.remove_excerpt(o["only"]), q.remove_excerpt(o["only"].id)
    assert a == b and a is not b
    assert a != p.remove_excerpt(o["both"])
    with pytest.raises(AttributeError):
        a.excerpts = []
    a.excerpts.append("x")  # A copy: the report does not change.
    assert a.excerpts == [o["only"].id]


def test_repr_says_what_went():
    p, o = project()
    report = p.remove_excerpt(o["only"])
    assert repr(report) == "<RemovalReport: 1 excerpt, 1 memo>"
    assert repr(p.remove_relation(o["relation"])).startswith("<RemovalReport: ")


def test_copy_deepcopy_and_pickle_keep_every_field():
    import copy
    import pickle
    p, o = project()
    report = p.codebook.remove("Trust", cascade=True)
    for twin in (copy.copy(report), copy.deepcopy(report), pickle.loads(pickle.dumps(report))):
        assert type(twin) is tm.RemovalReport and twin is not report
        assert dict(twin) == dict(report) and twin == report
