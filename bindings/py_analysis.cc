// Binds the analysis engine as thematica._core._Analysis; the Project methods
// that return DataFrames live in bindings/thematica/_analysis.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_util.h"
#include "thematica/analysis.h"
#include "thematica/query.h"
#include "thematica/search.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

}  // namespace

void BindAnalysis(py::module_& m) {
  py::class_<Analysis>(m, "_Analysis", "The analysis index of a project (private).")
      .def(py::init<const Project&>(), py::arg("project"), py::keep_alive<1, 2>())
      .def("cooccurrence",
           [](Analysis& a, const std::string& unit, const std::string& measure,
              const std::vector<std::string>& codes) {
             CodeMatrix matrix = Unwrap(a.Cooccurrence(Unwrap(ParseUnit(unit)), Unwrap(ParseMeasure(measure)), codes));
             return py::make_tuple(matrix.code_ids, matrix.values);
           })
      .def("crosstab",
           [](Analysis& a, const std::string& attribute, const std::string& unit, bool include_descendants) {
             Crosstab t = Unwrap(a.CrossTab(attribute, Unwrap(ParseUnit(unit)), include_descendants));
             return py::make_tuple(t.code_ids, t.columns, t.counts, t.column_totals);
           })
      .def("saturation",
           [](Analysis& a, const std::vector<std::string>& order) {
             py::list out;
             for (const SaturationStep& s : Unwrap(a.Saturation(order))) {
               out.append(py::make_tuple(s.document_id, s.new_code_ids, s.cumulative));
             }
             return out;
           })
      .def("word_frequencies",
           [](Analysis& a, const std::string& by, const std::vector<std::string>& stopwords, size_t top) {
             py::list out;
             for (const WordCount& w : Unwrap(a.WordFrequencies(Unwrap(ParseWordGroup(by)), stopwords, top))) {
               out.append(py::make_tuple(w.group_id, w.word, w.count));
             }
             return out;
           });
  m.def("english_stopwords", &EnglishStopwords, "The English stop-word list used by default.");

  auto options = [](bool regex, bool case_sensitive, bool accent_sensitive, int64_t context,
                    std::vector<std::string> documents) {
    return SearchOptions{.regex = regex, .case_sensitive = case_sensitive,
                         .accent_sensitive = accent_sensitive, .context = context,
                         .document_ids = std::move(documents)};
  };
  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def("_search", [options](const Project& p, const std::string& pattern, bool regex, bool case_sensitive,
                               bool accent_sensitive, int64_t context, std::vector<std::string> documents) {
    py::list out;
    for (const SearchHit& h : Unwrap(Search(p, pattern, options(regex, case_sensitive, accent_sensitive, context,
                                                                 std::move(documents))))) {
      out.append(py::make_tuple(h.document_id, h.span.start, h.span.end, h.before, h.text, h.after));
    }
    return out;
  });
  cls.def("_query", [](const Project& p, const std::string& expression, bool include_descendants,
                       std::vector<std::string> documents, std::vector<std::string> cases,
                       std::vector<std::string> coders, std::map<std::string, std::string> attributes,
                       int64_t context) {
    QueryOptions o{.include_descendants = include_descendants, .document_ids = std::move(documents),
                   .case_ids = std::move(cases), .coder_ids = std::move(coders),
                   .attributes = std::move(attributes), .context = context};
    py::list out;
    for (const QueryHit& h : Unwrap(RunQuery(p, expression, o))) {
      out.append(py::make_tuple(h.document_id, h.span.start, h.span.end, h.before, h.text, h.after));
    }
    return out;
  });
  cls.def("_autocode", [options](Project& p, const std::string& pattern, const std::string& code,
                                 const std::string& scope, const std::string& coder, bool regex,
                                 bool case_sensitive, bool accent_sensitive, std::vector<std::string> documents) {
    AutocodeResult r;
    if (scope == "speaker") {
      r = Unwrap(AutocodeSpeaker(p, pattern, code, coder));
    } else {
      absl::StatusOr<AutocodeScope> s = ParseAutocodeScope(scope);
      if (!s.ok()) ThrowIfError(absl::InvalidArgumentError(absl::StrCat(s.status().message(), " — or speaker")));
      r = Unwrap(Autocode(p, pattern, code, *s, options(regex, case_sensitive, accent_sensitive, 0, std::move(documents)),
                          coder));
    }
    return py::make_tuple(r.excerpt_ids, r.already_coded, r.outside_turns);
  });
}

}  // namespace thematica::python
