// Project methods written in Python that read a project: its objects and analyses as
// DataFrames, agreement, retrieval, the thematic map and report, and the notebook
// displays (_repr_html_). Each calls a function of the module named above it
// (see python_method.h).
#include <pybind11/pybind11.h>

#include "binders.h"
#include "python_method.h"

namespace py = pybind11;

namespace thematica::python {

void BindFrames(py::module_& m) {
  py::object project = m.attr("Project");
  py::object codebook = m.attr("Codebook");
  py::object code = m.attr("Code");
  py::object theme = m.attr("Theme");
  py::object excerpt = m.attr("Excerpt");
  py::object document = m.attr("Document");
  // thematica._frames
  PythonMethod<Frame(Any, Any, Any, Any, Bool, Any, StrOrNone)>::Def(
      project, "excerpts_frame", "thematica._frames", "excerpts_frame",
      R"doc(Excerpts (filtered as in ``Project.excerpts``), one row each: document,
case (the cases it speaks for, joined by ", "), start, end, text, codes (list of
names), coder, and the excerpt's id last. `code` and `theme` may be lists: an
excerpt with any of the codes (or any code of the themes and their
sub-themes) is kept. ``provenance`` and ``provenance_detail`` say how each
excerpt came to be ("human", "rule", "import", "model"; e.g. 'rule "trust"
(sentence)', 'import from MAXQDA 2024 (project.qde)', 'model run 1f2e…');
``provenance="rule"`` keeps only those.)doc",
        py::arg("code") = py::none(),
        py::arg("document") = py::none(),
        py::arg("case") = py::none(),
        py::arg("coder") = py::none(),
        py::arg("include_descendants") = false,
        py::arg("theme") = py::none(),
        py::arg("provenance") = py::none());
  PythonMethod<Frame(Bool)>::Def(
      project, "codes_frame", "thematica._frames", "codes_frame",
      R"doc(The codebook indexed by code path ("Parent/Child"), one row per code:
name, parent, depth, definition fields, colour, counts of excerpts,
documents and cases, and the code's id last.)doc",
        py::arg("include_descendants") = false);
  PythonMethod<Frame()>::Def(
      project, "cases_frame", "thematica._frames", "cases_frame",
      R"doc(Cases indexed by name, with one column per declared attribute (missing
values are None), then description and the case's id.)doc");
  PythonMethod<Frame()>::Def(
      project, "documents_frame", "thematica._frames", "documents_frame",
      R"doc(Documents indexed by name: case, length (code points), excerpts, and the
document's id.)doc");
  PythonMethod<Frame()>::Def(
      project, "themes_frame", "thematica._frames", "themes_frame",
      R"doc(Themes in hierarchy order, indexed by path ("Theme/Sub-theme"): name,
parent, depth, description, codes (names, sub-themes' included), and the
theme's id last.)doc");
  // thematica._agreement_frames
  PythonMethod<Frame(Any, Any, ItemsOrNone, Str)>::Def(
      project, "disagreements", "thematica._agreement_frames", "disagreements",
      R"doc(Where two coders (or groups: give a list) disagree, in document order.

by="segment" (the default): one row per code and group of overlapping coded
segments that differ — what a team discusses: document, code (path),
a_start, a_end, a_text, b_start, b_end, b_text (empty on the side that did
not code it; several segments of one side joined with " … ") and pair, e.g.
'Ana: “I was lost” / Ben: “I was lost at first”'.
by="stretch": the elementary stretches where the sides' sets of codes
differ: document, start, end, text, codes_a, codes_b (code paths).)doc",
        py::arg("a"),
        py::arg("b"),
        py::arg("codes") = py::none(),
        py::arg("by") = "segment");
  // thematica.ai
  PythonMethod<Frame(Items, Str, ItemsOrNone, Float, Bool, Str)>::Def(
      project, "agreement", "thematica.ai", "_agreement",
      R"doc(Agreement of two coders (or coder groups: give a list for a group) per code.

method "nvivo": character-level percent agreement and Cohen's kappa (columns
both, only_a, only_b, neither, total, percent, kappa); "segment": MAXQDA's
segment agreement with `min_overlap` (segments_a, segments_b, agreed_a,
agreed_b, percent, kappa). One row per code pooled over documents, or with
per_document=True one row per code and document either side coded (plus the
pooled rows, whose document is "(all documents)"). The pooled nvivo figures
cover, by default, only the documents both sides coded (documents=
"double-coded"; a document one side never looked at would count as
agreement on "not coded"); documents="all" pools over every document. The
frame's ``attrs["documents"]`` names the documents covered (see
`pooled_agreement` for one figure across codes).

A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.)doc",
        py::arg("coders"),
        py::arg("method") = "nvivo",
        py::arg("codes") = py::none(),
        py::arg("min_overlap") = 0.9,
        py::arg("per_document") = false,
        py::arg("documents") = "double-coded");
  PythonMethod<Typed<"thematica._agreement_frames.PooledAgreementResult">(Items, ItemsOrNone, Str)>::Def(
      project, "pooled_agreement", "thematica.ai", "_pooled_agreement",
      R"doc(One figure across codes as papers report it: character-level percent
agreement, Cohen's kappa and Krippendorff's alpha of the pooled tables.
documents="double-coded" (the default) covers only documents both sides
coded; "all" every document of the project.

A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.)doc",
        py::arg("coders"),
        py::arg("codes") = py::none(),
        py::arg("documents") = "double-coded");
  PythonMethod<Typed<"thematica._agreement_frames.ProjectUnitizedAlpha">(Items, Items)>::Def(
      project, "unitized_alpha", "thematica.ai", "_unitized_alpha",
      R"doc(Krippendorff's unitized alphas of `coders` (two or more) on `codes` (a
semantic domain: codes that exclude each other), the documents taken as one
continuum of code points: a typed result with u_alpha, binary_alpha,
cu_alpha, cu_coverage, per_value {code path: (alpha, coverage)} and
per_code (a DataFrame of (k)uα and coverage per code; also ``.frame()``);
readable as a dict too. cu_alpha and a code's alpha are None where undefined.

A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.)doc",
        py::arg("coders"),
        py::arg("codes"));
  // thematica._analysis
  PythonMethod<Frame(Str, Bool, IterableOrNone, IterableOrNone, IterableOrNone, Typed<"dict | None">, Int)>::Def(
      project, "query", "thematica._analysis", "query",
      R"doc(Coding query, e.g. ``'Advocacy AND (Trust OR "Rebuilding trust") NOT Stigma'``,
``'A NEAR/50 B'``, ``'A SAMEPARA B'``, ``'A SAMETURN B'`` (grammar and semantics in
the README): the stretches of text that satisfy it, as document, start, end,
before, text, after. Filters: documents, cases, coders (a coder, or an origin —
"human", "rule", "import", "model" — for the codings of that provenance),
attribute={"role": "patient"}.)doc",
        py::arg("expression"),
        py::arg("include_descendants") = false,
        py::arg("documents") = py::none(),
        py::arg("cases") = py::none(),
        py::arg("coders") = py::none(),
        py::arg("attribute") = py::none(),
        py::arg("context") = 40);
  PythonMethod<Frame(Str, Bool, Bool, Bool, Int, IterableOrNone)>::Def(
      project, "search", "thematica._analysis", "search",
      R"doc(Keyword in context: every hit of `pattern` (literal, or an RE2 regular
expression with regex=True — linear time, no catastrophic patterns) as
document, start, end (Python string indices), before, hit, after.
accent_sensitive=False finds "café" for "cafe" (and the reverse).)doc",
        py::arg("pattern"),
        py::arg("regex") = false,
        py::arg("case_sensitive") = false,
        py::arg("accent_sensitive") = true,
        py::arg("context") = 40,
        py::arg("documents") = py::none());
  PythonMethod<Typed<"dict">(Str, Any, Str, Any, Bool, Bool, Bool, IterableOrNone)>::Def(
      project, "autocode", "thematica._analysis", "autocode",
      R"doc(Codes every hit of a search with `code`, widened to `scope` ("hit",
"sentence", "paragraph" or "turn"), or with scope="speaker" every speaker
turn of that speaker (label or case name). Several hits in one scope make
one excerpt; ranges already coded with the code are skipped; all or
nothing. Returns {"excerpts": [...], "already_coded": n, "outside_turns": n}.)doc",
        py::arg("pattern_or_speaker"),
        py::arg("code"),
        py::arg("scope") = "hit",
        py::arg("coder") = py::none(),
        py::arg("regex") = false,
        py::arg("case_sensitive") = false,
        py::arg("accent_sensitive") = true,
        py::arg("documents") = py::none());
  PythonMethod<Frame(Str, Str, ItemsOrNone, Bool)>::Def(
      project, "cooccurrence", "thematica._analysis", "cooccurrence",
      R"doc(Code × code co-occurrence (codes as row and column labels, by path).

unit "excerpts": overlapping coding pairs (touching ranges do not overlap;
codes of one excerpt do); "documents" / "cases": units holding both codes.
measure "count", "jaccard" (|A∩B|/|A∪B| for documents and cases; for
excerpts the share of both codes' codings that meet the other code) or "c"
(ATLAS.ti's c-coefficient n12/(n1 + n2 − n12)). The diagonal holds each
code's own count (1 for the coefficients). Non-codable folder codes are left
out unless named in `codes` or include_folders=True.)doc",
        py::arg("unit") = "excerpts",
        py::arg("measure") = "count",
        py::arg("codes") = py::none(),
        py::arg("include_folders") = false);
  PythonMethod<Frame(Any, Str, Bool, Bool, Bool)>::Def(
      project, "crosstab", "thematica._analysis", "crosstab",
      R"doc(Codes × values of a case attribute (matrix coding): how many cases
(or documents, or codings) of each value were coded with each code.
Cases without a value are counted under "(missing)". The number of units
in each column is in ``frame.attrs["totals"]``; totals=True also puts it in
the column labels as papers print them ("patient (n=6)"). Non-codable
folder codes are left out unless include_folders=True (or
include_descendants=True, where a folder's row sums its subtree).)doc",
        py::arg("attribute"),
        py::arg("unit") = "cases",
        py::arg("include_descendants") = false,
        py::arg("totals") = false,
        py::arg("include_folders") = false);
  PythonMethod<Frame(ItemsOrNone)>::Def(
      project, "saturation", "thematica._analysis", "saturation",
      R"doc(In the given document order (documents or ids or names; project order
by default): the codes each document introduced, how many, and the
cumulative number of codes seen.)doc",
        py::arg("order") = py::none());
  PythonMethod<Frame(Str, Typed<"None | str | typing.Iterable[str]">, IntOrNone)>::Def(
      project, "word_frequencies", "thematica._analysis", "word_frequencies",
      R"doc(Word counts (Unicode-aware words, lower-cased; apostrophes inside words
kept) for the whole project or per document, case or code, most frequent
first. stopwords: "english" (the default list), None, or your own words.)doc",
        py::arg("by") = "project",
        py::arg("stopwords") = "english",
        py::arg("top") = py::none());
  // thematica._retrieval
  PythonMethod<Frame(Any, Any, Any, Any, Bool)>::Def(
      project, "quotes", "thematica._retrieval", "quotes",
      R"doc(Quotes ready for a paper: one row per excerpt with text, attribution as
papers print it ("(P13, peer worker)"), case, the attribute value, document,
codes (paths), coder and origin (document and code-point range).

theme / code: a name, path, object or a list of them; a theme stands for
its codes and its sub-themes' codes, a code for its subtree unless
include_descendants=False; given both, an excerpt needs one of each.
attribute: the case attribute shown in the attribution and as a column
("role"), or {"role": "patient"} to keep only cases with that value.
cases: keep only excerpts speaking for these cases.)doc",
        py::arg("theme") = py::none(),
        py::arg("code") = py::none(),
        py::arg("attribute") = py::none(),
        py::arg("cases") = py::none(),
        py::arg("include_descendants") = true);
  PythonMethod<Frame(Any)>::Def(
      project, "memos_frame", "thematica._retrieval", "memos_frame",
      R"doc(Memos, one row each: title, text, kind (of what it is attached to:
project, code, theme, case, document, excerpt, …), target (its name or
path), author, created, id. target= keeps the memos of one object.)doc",
        py::arg("target") = py::none());
  PythonMethod<Frame(Str, Str, Str, StrOrNone, Typed<"None | str | pathlib.Path">)>::Def(
      project, "framework", "thematica._retrieval", "framework",
      R"doc(The framework matrix (as NVivo and MAXQDA offer it): cases × themes (or
codes), each cell the researcher's summary (cell="summary", stored as memos:
see `set_framework_summary`), the number of excerpts ("count") or the
quotes themselves ("quotes", each “…” on its own line). Rows are labelled by
case name, with the value of `attribute` when given ("P13 (peer worker)").
path= also writes it: .html, .md, .csv or .xlsx by the file's suffix.)doc",
        py::arg("rows") = "case",
        py::arg("columns") = "theme",
        py::arg("cell") = "summary",
        py::arg("attribute") = py::none(),
        py::arg("path") = py::none());
  PythonMethod<Any(Any, Any, Str)>::Def(
      project, "set_framework_summary", "thematica._retrieval", "set_framework_summary",
      R"doc(Writes the researcher's summary of what `case` says about `theme` (a
framework-matrix cell), stored as a memo on the case titled
"Framework: <theme>"; replaces an earlier one. Returns the memo.)doc",
        py::arg("case"),
        py::arg("theme"),
        py::arg("text"));
  // thematica._display
  PythonMethod<Typed<"thematica._display.ThematicMap">(Bool, Int, Str, Str, Str, Str, Str, Float)>::Def(
      project, "thematic_map", "thematica._display", "thematic_map",
      R"doc(Themes and sub-themes as nested clusters (with excerpt and participant
counts), relations as labelled arrows, the core theme emphasised
(metadata core=true, else the theme with the most relations).

Options: labels wrap at `wrap` characters (0: never); `size` "W,H" in
inches scales a larger drawing down to fit (6.5 in: a page's text width);
`ratio` is Graphviz's ("fill", "compress", a number; "" natural);
`rankdir` LR (default)/TB/BT/RL; `engine` the Graphviz layout program (dot, neato,
fdp, …); `font` and `font_size` (points before scaling).)doc",
        py::arg("show_codes") = false,
        py::arg("wrap") = 24,
        py::arg("size") = "6.5,9",
        py::arg("ratio") = "",
        py::arg("rankdir") = "LR",
        py::arg("engine") = "dot",
        py::arg("font") = "Helvetica",
        py::arg("font_size") = 14);
  PythonMethod<Str(StrOrNone, Str, Bool, Int, StrOrNone, Bool, Bool)>::Def(
      project, "report", "thematica._display", "report",
      R"doc(The theme report as a results section: the map as Figure 1 with a
caption, a summary table of themes × `attribute` values, then each theme in
hierarchy order with description, participants by `attribute` (a line and a
table), sub-themes, codes, its 1–`max_quotes` most representative quotes
(most of the theme's codes, distinct participants, spread over the
attribute's values; quotes="all" for every one) attributed as papers print
them, "(P13, peer worker)", and the memos on the theme and its codes. A
quote appears under one theme only unless repeat_quotes=True.

HTML is one self-contained file with the map inlined; Markdown embeds the
map as a data: URI PNG (``write_report`` links the PNG it writes instead).
Without Graphviz the report has no figure.)doc",
        py::arg("attribute") = py::none(),
        py::arg("format") = "markdown",
        py::arg("with_map") = true,
        py::arg("max_quotes") = 3,
        py::arg("quotes") = py::none(),
        py::arg("repeat_quotes") = false,
        py::arg("memos") = true);
  PythonMethod<Typed<"list[str]">(Str, StrOrNone, Int, StrOrNone, Bool, Bool)>::Def(
      project, "write_report", "thematica._display", "write_report",
      R"doc(Writes the report into `folder`: thematic_map.dot/.svg/.png/.pdf,
report.md/.html/.docx (the .docx made by Pandoc from the Markdown),
codebook.md/.html/.csv/.docx and codebook.xlsx (openpyxl). Graphviz and
Pandoc are checked first; when one is missing nothing is written. Returns
the file names written.)doc",
        py::arg("folder"),
        py::arg("attribute") = py::none(),
        py::arg("max_quotes") = 3,
        py::arg("quotes") = py::none(),
        py::arg("repeat_quotes") = false,
        py::arg("memos") = true);
  PythonMethod<Frame()>::Def(
      project, "codebook_frame", "thematica._display", "codebook_frame",
      R"doc(The codebook as a table (the CSV codebook document read back): one row per
code in hierarchy order; a folder's counts are those of its subtree.)doc");
  PythonMethod<Str()>::Def(
      project, "_repr_html_", "thematica._display", "_project_html",
      "");
  // thematica._display
  PythonMethod<Str(Int)>::Def(
      codebook, "_repr_html_", "thematica._display", "_codebook_html",
      "",
        py::arg("limit") = 200);
  // thematica._display
  PythonMethod<Str()>::Def(
      code, "_repr_html_", "thematica._display", "_code_html",
      "");
  // thematica._display
  PythonMethod<Str()>::Def(
      theme, "_repr_html_", "thematica._display", "_theme_html",
      "");
  // thematica._display
  PythonMethod<Str()>::Def(
      excerpt, "_repr_html_", "thematica._display", "_excerpt_html",
      "");
  // thematica._display
  PythonMethod<Str()>::Def(
      document, "_repr_html_", "thematica._display", "_document_html",
      "");
}

}  // namespace thematica::python
