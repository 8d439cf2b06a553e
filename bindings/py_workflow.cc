// Project methods written in Python that change a project or work beside it: import
// and coding by phrase, the coding surface, AI suggestion runs, the change log,
// coders' copies and the codebook crosswalk. Each calls a function of the
// module named above it (see python_method.h).
#include <pybind11/pybind11.h>

#include "binders.h"
#include "python_method.h"

namespace py = pybind11;

namespace thematica::python {

void BindWorkflow(py::module_& m) {
  py::object project = m.attr("Project");
  // thematica._import
  PythonMethod<Typed<"Document">(Typed<"str | os.PathLike[str]">, StrOrNone, Any, Str, Typed<"typing.Sequence[str]">, Bool, StrOrNone)>::Def(
      project, "import_file", "thematica._import", "import_file",
      R"doc(Imports a transcript as a new document and returns it.

Formats by extension: .txt .md .docx .odt .rtf .html .pdf .vtt .srt
(``thematica.supported_import_extensions()``). ``speakers``: "auto" finds
turns at lines like "P4: …", "[00:01:02] P4: …", "P4 (00:01:02): …" and
WebVTT voice tags; "none"; or a regular expression with a group named
``speaker`` (and optionally ``time``). A label that names a case links its
turns to that case; with ``create_cases`` other labels become new cases;
labels in ``interviewer`` get no case. ``case`` sets the document's
participant (else the one non-interviewer speaker's). ``encoding`` names a
text file's encoding when it is not UTF-8/UTF-16 with a BOM or
windows-1252. The original file is kept in ``doc.source_file``.)doc",
        py::arg("path"),
        py::kw_only(),
        py::arg("name") = py::none(),
        py::arg("case") = py::none(),
        py::arg("speakers") = "auto",
        py::arg("interviewer") = py::make_tuple("Interviewer", "I", "Q"),
        py::arg("create_cases") = true,
        py::arg("encoding") = py::none());
  PythonMethod<Typed<"list[Document]">(Typed<"typing.Iterable[str | os.PathLike[str]]">, Any, Str, Typed<"typing.Sequence[str]">, Bool, StrOrNone)>::Def(
      project, "import_files", "thematica._import", "import_files",
      R"doc(Imports several files (see ``import_file``), all or nothing: when one
fails, none is added and the error names the file. Returns the Documents.)doc",
        py::arg("paths"),
        py::kw_only(),
        py::arg("case") = py::none(),
        py::arg("speakers") = "auto",
        py::arg("interviewer") = py::make_tuple("Interviewer", "I", "Q"),
        py::arg("create_cases") = true,
        py::arg("encoding") = py::none());
  PythonMethod<Typed<"list[Document]">(Any, Typed<"str | typing.Sequence[str]">, StrOrNone, Typed<"typing.Sequence[str] | None">, StrOrNone, Typed<"dict[str, str] | None">, Bool)>::Def(
      project, "import_table", "thematica._import", "import_table",
      R"doc(Imports survey answers or another table (.csv, .tsv, .xlsx or a pandas
DataFrame): a document per row — or per non-empty cell when several
``text`` columns are named — named by the ``name`` column (with the text
column's name when there are several), linked to the case named by the
``case`` column, whose ``attributes`` columns become typed case attributes
(number, date, boolean or text, inferred; ``types={"age": "text"}``
overrides). Rows with empty text are skipped. All or nothing. Returns the
Documents.)doc",
        py::arg("source"),
        py::arg("text") = "answer",
        py::arg("name") = "id",
        py::arg("attributes") = py::none(),
        py::arg("case") = "id",
        py::arg("types") = py::none(),
        py::arg("create_cases") = true);
  PythonMethod<Any(Any, Typed<"str | int">, IntOrNone, Any, Any, Typed<"int | str | None">, StrOrNone)>::Def(
      project, "code", "thematica._import", "code",
      R"doc(Codes a phrase of a document: ``p.code(doc, "be my voice", codes=[...])``.

The phrase is matched leniently (runs of white space, curly and straight
quotes, dashes, "…" and "...", and then letter case are not told apart).
One occurrence is coded; several raise an error listing them with their
context unless ``occurrence=k`` (1-based) or ``occurrence="all"``; no
occurrence raises an error showing the closest passage. Returns the list
of new Excerpts. ``p.code(doc, start, end, codes=...)`` is ``add_excerpt``
and returns the Excerpt.)doc",
        py::arg("document"),
        py::arg("phrase_or_start"),
        py::arg("end") = py::none(),
        py::kw_only(),
        py::arg("codes"),
        py::arg("coder") = py::none(),
        py::arg("occurrence") = py::none(),
        py::arg("memo") = py::none());
  PythonMethod<Typed<"list[Excerpt]">(Any, Any, Any, IterableOrNone)>::Def(
      project, "code_turns", "thematica._import", "code_turns",
      R"doc(Codes every speaker turn of ``speaker`` (a turn label as written, or a
case / case name) with ``codes``, in all documents or the given ones.
Returns the new Excerpts.)doc",
        py::arg("speaker"),
        py::arg("codes"),
        py::kw_only(),
        py::arg("coder") = py::none(),
        py::arg("documents") = py::none());
  // thematica.surface
  PythonMethod<Any(Any, Any, StrOrNone)>::Def(
      project, "coder_view", "thematica.surface", "coder_view",
      R"doc(The coding surface for `document` in a notebook (a ``CodingView``
widget): select text, apply codes, memos, undo; changes go into this
project. `coder` picks who is coding; with `path` it has a Save button.)doc",
        py::arg("document") = py::none(),
        py::arg("coder") = py::none(),
        py::arg("path") = py::none());
  // thematica.ai
  PythonMethod<Typed<"thematica.ai.SuggestionRun">(Items, ItemsOrNone, Str, Str, Int, Any, py::kwargs)>::Def(
      project, "suggest", "thematica.ai", "suggest",
      R"doc(Runs `method` for `codes` over `documents` (default: all) and records
the run with its suggestions (not excerpts). Returns the run.

learned: trains on the passages people coded (provenance "human"; options
``coders=[...]`` to learn from some coders only, ``train_documents=[...]``,
``threshold=0.5``, ``C=1.0``); suggests each `unit` not already coded
with the code whose probability reaches the threshold. With
``strategy="uncertain"`` it instead proposes, per code, the ``n=20``
uncoded passages the classifier is least sure of (probability nearest
0.5): the ones a person should code next (active learning).
embedding: each unit's cosine similarity to the code's definition,
inclusion criteria, example and coded passages (``threshold=0.5``).
llm: ``endpoint=`` (an OpenAI-compatible base URL), ``model=``,
``api_key=`` (default $THEMATICA_LLM_API_KEY), ``timeout=60``,
``retries=3``, ``backoff=1.0``; suggestions cover the exact quotes the
model gave (quotes not found verbatim are dropped and counted in the
run's metadata). Same inputs and seed give the same suggestions.)doc",
        py::arg("codes"),
        py::arg("documents") = py::none(),
        py::arg("method") = "learned",
        py::arg("unit") = "sentence",
        py::arg("seed") = 0,
        py::kw_only(),
        py::arg("started_by") = py::none());
  PythonMethod<Typed<"list">(Any, Typed<"float | None">, Any)>::Def(
      project, "accept", "thematica.ai", "accept",
      R"doc(Accepts suggestions — a run (its pending suggestions, those scoring at
least `min_score` when given), Suggestions, ids, or a list — making each
an excerpt whose provenance is the run (and whose coder is `coder`, the
person accepting). All or nothing. Returns the new Excerpts.)doc",
        py::arg("suggestions"),
        py::arg("min_score") = py::none(),
        py::arg("coder") = py::none());
  PythonMethod<Int(Any, Typed<"float | None">)>::Def(
      project, "reject", "thematica.ai", "reject",
      R"doc(Marks suggestions rejected (a run: its pending ones, those scoring at
most `max_score` when given). Returns how many.)doc",
        py::arg("suggestions"),
        py::arg("max_score") = py::none());
  PythonMethod<Any(Any, IntOrNone, IntOrNone, Any)>::Def(
      project, "edit_and_accept", "thematica.ai", "edit_and_accept",
      R"doc(Accepts one suggestion over [start, end) instead of its own range.)doc",
        py::arg("suggestion"),
        py::arg("start") = py::none(),
        py::arg("end") = py::none(),
        py::arg("coder") = py::none());
  PythonMethod<Typed<"RemovalReport">(Any, Bool)>::Def(
      project, "remove_run", "thematica.ai", "remove_run",
      R"doc(Removes a run and its suggestions; with remove_accepted=True also the
excerpts accepted from it (otherwise they stay, their provenance still
naming the run). Returns what went.)doc",
        py::arg("run"),
        py::arg("remove_accepted") = false);
  PythonMethod<Typed<"list[thematica.ai.SuggestionRun]">()>::Def(
      project, "runs", "thematica.ai", "runs",
      R"doc(The project's suggestion runs, oldest first.)doc");
  PythonMethod<Frame()>::Def(
      project, "runs_frame", "thematica.ai", "runs_frame",
      "");
  PythonMethod<Frame(Any, Int, Str, Int)>::Def(
      project, "validation_sample", "thematica.ai", "validation_sample",
      R"doc(Draws passages (the run's units in the documents it read) for a person
to code blind: per code (stratify="code") about n / codes passages, half
among those the run suggested and half among those it did not (fewer when
there are not enough), shuffled. Columns: document, start, end, text,
code; which were suggested is kept apart in ``frame.attrs["suggested"]``
(a list of booleans, row by row) so the coder does not see it.)doc",
        py::arg("run"),
        py::arg("n") = 100,
        py::arg("stratify") = "code",
        py::arg("seed") = 0);
  PythonMethod<Frame(Any, Any, ItemsOrNone, Int, Int)>::Def(
      project, "run_metrics", "thematica.ai", "run_metrics",
      R"doc(Per code of the run, its suggestions (every suggestion, whatever its
status) against a person or a consensus (a list of coders: a passage
counts as coded when all of them coded it), unit by unit over
`documents` — by default the documents the run read, less those holding
people's codings of its codes made before the run (what it learned from;
``frame.attrs["documents"]`` names those compared): tp, fp, fn, tn, precision,
recall, f1, kappa (Cohen's, units as items) with 95% intervals —
Wilson for precision and recall, percentile bootstrap over units
(`bootstrap` resamples, `seed`) for f1 and kappa.)doc",
        py::arg("run"),
        py::arg("against"),
        py::arg("documents") = py::none(),
        py::arg("bootstrap") = 1000,
        py::arg("seed") = 0);
  PythonMethod<Str(Any, Any, Str, Typed<"pandas.DataFrame | None">, Int, Int)>::Def(
      project, "validation_report", "thematica.ai", "validation_report",
      R"doc(A validation report of one run against a person or a consensus
(Markdown, or format="html"): method, model and its SHA-256, parameters
and seed, codebook and corpus digests, who started it and when, the
sample (a `validation_sample` frame when given), and per code precision,
recall, F1 and Cohen's kappa with 95% intervals (`run_metrics`) — ending
in a paragraph to adapt for a methods section.)doc",
        py::arg("run"),
        py::arg("against"),
        py::arg("format") = "markdown",
        py::arg("sample") = py::none(),
        py::arg("bootstrap") = 1000,
        py::arg("seed") = 0);
  // thematica._team_copies
  PythonMethod<Frame(Typed<"None | int | datetime.datetime">)>::Def(
      project, "history", "thematica._team_copies", "history",
      R"doc(The change log, one row per object an edit touched, oldest first: seq,
step (the records of one call share it: one ``undo()`` reverts a step),
time (UTC), coder (the ``current_coder`` at the time), op (add | update |
remove), kind, id, name, field (for an update, the fields that changed),
summary (the call, e.g. "RemoveCode (cascade)"), before and after (the
object as native-format JSON; None where it did not exist).

`since`: an int keeps records after that seq; a datetime keeps records made
at or after it.)doc",
        py::arg("since") = py::none());
  PythonMethod<Typed<"Project">(Any, IterableOrNone, Bool)>::Def(
      project, "copy_for", "thematica._team_copies", "copy_for",
      R"doc(A working copy for `coder` (a Coder, id or name; a new name adds the
coder): the codebook, themes, cases and the `documents` to code (all when
None) with their ids, and — when `blind` — none of the other coders'
excerpts. The coder is the copy's ``current_coder``. Combine the copies
back with ``thematica.combine``.)doc",
        py::arg("coder"),
        py::arg("documents") = py::none(),
        py::arg("blind") = true);
  // thematica._crosswalk
  PythonMethod<Typed<"thematica._crosswalk.CrosswalkReport">(Any, Bool)>::Def(
      project, "apply_crosswalk", "thematica._crosswalk", "apply_crosswalk",
      R"doc(Recodes the project onto another codebook. `mapping`: a frame from
``thematica.crosswalk`` (rows code_a → code_b; filter it first to the rows
you accept) or a dict old → new, where old is a code (path, id or Code)
and new a code path ("/"-separated) or a list of paths. Several old codes
mapped to one new code merge; one old code mapped to several new codes
splits (its excerpts get every target, listed under ``split`` for review).
Target codes missing from the project are created. With `remove_old`,
mapped codes no longer used and not themselves targets are removed.
Codes still used that the mapping does not name are reported in
``unmapped`` and kept. The whole recoding is one step of the change log.
Bad mappings raise before anything changes.)doc",
        py::arg("mapping"),
        py::arg("remove_old") = true);
}

}  // namespace thematica::python
