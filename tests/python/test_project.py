"""The Python API of the core model: every binding, error types and messages,
code-point offsets."""
import datetime

import pytest

import thematica as tm


@pytest.fixture
def p():
    p = tm.Project(title="Study", description="d")
    p.set_id_seed(3)
    return p


@pytest.fixture
def study(p):
    ana = p.add_coder("Ana")
    p4 = p.add_case("P4", attributes={"role": "patient", "age": 41, "consent": True,
                                      "interviewed": datetime.date(2019, 3, 18)})
    doc = p.add_document("P4", "“be my voice” 😀 café e\u0301 漢字", case=p4)
    functions = p.codebook.add_code("Functions", codable=False)
    advocacy = p.codebook.add_code("Advocacy", parent=functions, description="speaking up",
                                   color="#A0B")
    trust = p.codebook.add_code("Trust")
    return dict(p=p, ana=ana, p4=p4, doc=doc, functions=functions, advocacy=advocacy, trust=trust)


def test_offsets_are_python_string_indices(study):
    p, doc = study["p"], study["doc"]
    text = doc.text
    assert len(doc) == len(text)
    for word in ["be my voice", "😀", "café", "e\u0301", "漢字"]:
        i = text.index(word)
        e = p.add_excerpt(doc, i, i + len(word), codes=[study["trust"]])
        assert e.text == word
        assert (e.start, e.end) == (i, i + len(word))


def test_objects_ids_and_names_are_accepted_alike(study):
    p = study["p"]
    a = p.add_excerpt(study["doc"], 1, 12, codes=[study["advocacy"]], coder=study["ana"])
    b = p.add_excerpt(study["doc"].id, 1, 12, codes=[study["advocacy"].id], coder=study["ana"].id)
    c = p.add_excerpt("P4", 1, 12, codes=["Advocacy"], coder="Ana")
    d = p.add_excerpt("P4", 1, 12, codes="Functions/Advocacy")
    assert a.text == b.text == c.text == d.text == "be my voice"
    assert a.code_ids == b.code_ids == c.code_ids == d.code_ids
    assert len(p.excerpts(code="Advocacy", coder="Ana")) == 3


def test_snapshots_are_read_only(study):
    code = study["advocacy"]
    with pytest.raises(AttributeError):
        code.name = "x"
    with pytest.raises(AttributeError):
        study["doc"].text = "y"
    renamed = study["p"].codebook.rename(code, "Voice")
    assert renamed.name == "Voice" and code.name == "Advocacy"  # The old snapshot stays as it was.


def test_case_attributes_are_typed_and_inferred(study):
    p, p4 = study["p"], study["p4"]
    assert p4.attributes == {"role": "patient", "age": 41.0, "consent": True,
                             "interviewed": datetime.date(2019, 3, 18)}
    assert {a.name: a.type for a in p.attributes} == {"role": "text", "age": "number",
                                                      "consent": "boolean", "interviewed": "date"}
    with pytest.raises(ValueError, match='attribute "age" of case "P5" is number, not text'):
        p.add_case("P5", attributes={"age": "forty", "hobby": "chess"})
    # The failed call declared nothing and added nothing.
    assert [a.name for a in p.attributes] == ["role", "age", "consent", "interviewed"]
    assert [c.name for c in p.cases] == ["P4"]
    p.set_case_attribute(p4, "age", None)
    assert "age" not in p.case("P4").attributes
    with pytest.raises(ValueError, match="unsupported value type list"):
        p.add_case("P6", attributes={"x": [1]})


def test_errors_are_typed_and_say_what(study):
    p, doc = study["p"], study["doc"]
    with pytest.raises(tm.InvalidArgumentError, match=r"excerpt range \[5, 99\) is not a non-empty range"):
        p.add_excerpt(doc, 5, 99, codes=[study["trust"]])
    with pytest.raises(ValueError, match=r"\[3, 3\)"):
        p.add_excerpt(doc, 3, 3, codes=[study["trust"]])
    with pytest.raises(tm.ConflictError, match='"Functions" is not codable'):
        p.add_excerpt(doc, 0, 3, codes=[study["functions"]])
    with pytest.raises(tm.NotFoundError, match='no code with id or name "Nope"'):
        p.add_excerpt(doc, 0, 3, codes=["Nope"])
    with pytest.raises(KeyError):
        p.document("missing")
    with pytest.raises(tm.ConflictError, match='a code named "Advocacy" already exists under "Functions"'):
        p.codebook.add_code("Advocacy", parent="Functions")
    with pytest.raises(tm.ConflictError, match='a case named "P4" already exists'):
        p.add_case("P4")
    with pytest.raises(ValueError, match="lone surrogate at index 2"):
        p.add_document("bad", "ab\ud800cd")
    with pytest.raises(ValueError, match="invalid colour"):
        p.codebook.add_code("Red", color="red")
    with pytest.raises(TypeError, match="expected an id"):
        p.add_excerpt(doc, 0, 3, codes=[42])
    assert isinstance(tm.NotFoundError("x"), tm.Error)
    assert len(p.excerpts()) == 0 and len(p.documents) == 1


def test_moves_that_make_a_cycle_are_refused(study):
    p = study["p"]
    deep = p.codebook.add_code("Deep", parent="Functions/Advocacy")
    with pytest.raises(tm.ConflictError, match="would make a cycle"):
        p.codebook.move("Functions", deep)
    p.codebook.move(deep, None)
    assert p.codebook.path(deep) == "Deep"
    assert [c.name for c in p.codebook.children()] == ["Functions", "Trust", "Deep"]
    assert [c.name for c in p.codebook.descendants("Functions")] == ["Advocacy"]


def test_merge_and_cascading_delete(study):
    p, doc = study["p"], study["doc"]
    e = p.add_excerpt(doc, 1, 12, codes=["Trust"], memo="why")
    both = p.add_excerpt(doc, 0, 5, codes=["Trust", "Advocacy"])
    theme = p.add_theme("T", codes=["Trust"])
    p.codebook.merge("Trust", "Advocacy")
    assert "Trust" not in p.codebook
    assert p.excerpt(e).code_ids == [study["advocacy"].id]
    assert p.excerpt(both).code_ids == [study["advocacy"].id]
    assert p.theme(theme).code_ids == [study["advocacy"].id]
    with pytest.raises(tm.ConflictError, match='is used by 2 excerpts'):
        p.codebook.remove("Advocacy")
    report = p.codebook.remove("Functions", cascade=True)
    assert report["summary"] == "2 codes, 2 excerpts, 1 memo"
    assert p.excerpts() == []


def test_removing_a_document_or_case_says_what_it_takes(study):
    p, doc = study["p"], study["doc"]
    p.add_excerpt(doc, 1, 12, codes=["Trust"])
    report = p.remove_case("P4")
    assert report["unlinked_documents"] == [doc.id]
    assert p.document("P4").case_id == ""
    report = p.remove_document(doc)
    assert len(report["excerpts"]) == 1 and report["summary"] == "1 excerpt"
    assert p.documents == []


def test_speaker_turns_attribute_excerpts(p):
    a = p.add_case("A")
    b = p.add_case("B")
    doc = p.add_document("Focus group", "A: hello\nB: hi there", case=a,
                         speaker_turns=[tm.SpeakerTurn(9, 20, "B", "B")])
    code = p.codebook.add_code("Greeting")
    e = p.add_excerpt(doc, 12, 14, codes=[code])
    assert [c.name for c in p.excerpt_cases(e)] == ["B"]
    assert len(p.excerpts(case=b)) == 1 and len(p.excerpts(case=a)) == 0
    assert p.document("Focus group").speaker_turns[0].case_id == b.id


def test_themes_relations_memos(study):
    p = study["p"]
    core = p.add_theme("The bridge", codes=["Trust"], color="#123456")
    sub = p.add_theme("Advocacy", codes=["Advocacy", "Trust"], parent=core)
    r = p.add_relation(sub, core, "function of")
    assert (r.source_id, r.target_id, r.direction) == (sub.id, core.id, "one-way")
    assert [t.name for t in p.subthemes()] == ["The bridge"]
    assert [c.name for c in p.theme_codes(core)] == ["Trust", "Advocacy"]
    assert p.theme_depth(sub) == 1
    with pytest.raises(tm.ConflictError, match="it is the theme itself or one of its sub-themes"):
        p.update_theme(core, parent=sub)
    with pytest.raises(ValueError, match="a relation connects themes or codes"):
        p.add_relation(study["doc"].id, core, "x")
    m = p.add_memo("because…", title="Why", target=core, author="Ana")
    assert p.memos_for(core) == [m]
    report = p.remove_theme(core, cascade=True)
    assert len(report["themes"]) == 2 and report["relations"] == [r.id] and report["memos"] == [m.id]


def test_counts_and_frames(study):
    p, doc = study["p"], study["doc"]
    p.add_excerpt(doc, 1, 12, codes=["Advocacy"], coder="Ana")
    p.add_excerpt(doc, 3, 6, codes=["Advocacy", "Trust"])
    counts = {c.code_id: c for c in p.code_counts(include_descendants=True)}
    assert counts[study["functions"].id].excerpts == 2
    assert counts[study["trust"].id].cases == 1
    frame = p.excerpts_frame()
    assert list(frame["text"]) == ["be my voice", " my"]
    assert list(frame["case"]) == ["P4", "P4"]
    codes = p.codes_frame()
    assert list(codes.index) == ["Functions", "Functions/Advocacy", "Trust"]  # indexed by path
    assert codes.columns[-1] == "id" and codes.loc["Functions/Advocacy", "name"] == "Advocacy"
    assert list(codes["color"]) == ["", "#aa00bb", ""]
    cases = p.cases_frame()
    assert cases.index.name == "name" and "P4" in cases.index
    assert list(cases.columns) == ["role", "age", "consent", "interviewed", "description", "id"]
    assert p.documents_frame()["excerpts"].tolist() == [2]
    assert p.excerpts_frame().columns[-1] == "id"


def test_project_properties_and_reproducibility():
    def build():
        p = tm.Project(title="Same")
        p.set_id_seed(9)
        p.set_fixed_clock(datetime.datetime(2021, 6, 1, tzinfo=datetime.timezone.utc))
        p.add_coder("Ana")
        p.codebook.add_code("A")
        return p
    a, b = build(), build()
    assert tm.dumps(a) == tm.dumps(b)
    assert a.created == datetime.datetime(2021, 6, 1, tzinfo=datetime.timezone.utc)
    a.title = "Renamed"
    assert a.title == "Renamed" and "Renamed" in repr(a)


def test_constructor_options_give_the_same_project_as_the_setters():
    """Project(id_seed=, clock=) is ProjectOptions: the same bytes as
    set_id_seed + set_fixed_clock right after creating, and no log entry."""
    import datetime
    when = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)

    def build(p):
        doc = p.add_document("Intervjú", "Kaffee für Å 😀 and more")
        code = p.codebook.add_code("Brücke")
        p.add_excerpt(doc, 0, 6, [code])
        return p

    a = build(tm.Project("Studie", "d", id_seed=7, clock=when))
    hooked = tm.Project("Studie", "d")
    hooked.set_id_seed(7)
    hooked.set_fixed_clock(when)
    b = build(hooked)
    assert tm.dumps(a) == tm.dumps(b)
    assert a.created == when and a.description == "d"
    assert tm.Project("x", id_seed=7).id == tm.Project("y", id_seed=7).id
    assert tm.Project("x").id != tm.Project("x").id
    assert len(tm.Project("x", id_seed=1).history()) == 0
    with pytest.raises(TypeError):
        tm.Project("x", "d", 7)  # keyword only
