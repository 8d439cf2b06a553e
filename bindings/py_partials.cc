// Binds the partial results (thematica/partials.h) as thematica._core._partials:
// every aggregate returns the serialised bytes, merge and finalize take bytes,
// so a distributed engine moves plain bytes between workers. The documented
// Python API is bindings/thematica/partials.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_util.h"
#include "thematica/partials.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

using partials::Partial;

py::bytes Bytes(const Partial& p) {
  std::string out;
  {
    py::gil_scoped_release release;
    out = p.Serialize();
  }
  return py::bytes(out);
}

Partial Parsed(const py::bytes& bytes) {
  std::string data = bytes;
  absl::StatusOr<Partial> p;
  {
    py::gil_scoped_release release;
    p = Partial::Parse(data);
  }
  return Unwrap(std::move(p));
}

// Runs `aggregate` without the GIL and returns the partial's bytes.
template <typename F>
py::bytes Aggregate(F&& aggregate) {
  absl::StatusOr<std::string> out;
  {
    py::gil_scoped_release release;
    absl::StatusOr<Partial> p = aggregate();
    if (p.ok()) out = p->Serialize();
    else out = p.status();
  }
  return py::bytes(Unwrap(std::move(out)));
}

}  // namespace

void BindPartials(py::module_& root) {
  py::module_ m = root.def_submodule("_partials", "Partial results as bytes (private; see thematica.partials).");
  m.def("aggregate_cooccurrence", [](const Project& p, std::vector<std::string> codes) {
    return Aggregate([&] { return partials::AggregateCooccurrence(p, codes); });
  });
  m.def("aggregate_crosstab", [](const Project& p, const std::string& attribute, bool include_descendants) {
    return Aggregate([&] { return partials::AggregateCrosstab(p, attribute, include_descendants); });
  });
  m.def("aggregate_words", [](const Project& p, const std::string& by, std::vector<std::string> stopwords,
                              int64_t part) {
    const WordGroup group = Unwrap(ParseWordGroup(by));
    return Aggregate([&] { return partials::AggregateWords(p, group, stopwords, part); });
  });
  m.def("aggregate_search", [](const Project& p, const std::string& label, int64_t rank, const std::string& pattern,
                               bool regex, bool case_sensitive, bool accent_sensitive) {
    SearchOptions o{.regex = regex, .case_sensitive = case_sensitive, .accent_sensitive = accent_sensitive,
                    .context = 0};
    return Aggregate([&] { return partials::AggregateSearch(p, label, rank, pattern, o); });
  });
  m.def("aggregate_autocode", [](const Project& p, const std::string& code_id, std::vector<std::string> excerpts,
                                 int64_t already_coded, int64_t outside_turns) {
    AutocodeResult r{.excerpt_ids = std::move(excerpts), .already_coded = already_coded,
                     .outside_turns = outside_turns};
    return Aggregate([&] { return partials::AggregateAutocode(p, code_id, r); });
  });
  m.def("aggregate_agreement", [](const Project& p, std::vector<std::string> a, std::vector<std::string> b,
                                  std::vector<std::string> codes, const std::string& documents) {
    const DocumentScope scope = Unwrap(ParseDocumentScope(documents));
    CoderSets coders{.a = std::move(a), .b = std::move(b)};
    return Aggregate([&] { return partials::AggregateAgreement(p, coders, codes, scope); });
  });
  m.def("merge", [](const std::vector<py::bytes>& parts) {
    std::vector<std::string> data(parts.begin(), parts.end());
    absl::StatusOr<std::string> out;
    {
      py::gil_scoped_release release;
      Partial total;
      absl::Status status;
      for (const std::string& d : data) {
        absl::StatusOr<Partial> p = Partial::Parse(d);
        status = p.ok() ? partials::Merge(total, *p) : p.status();
        if (!status.ok()) break;
      }
      if (status.ok()) out = total.Serialize();
      else out = status;
    }
    return py::bytes(Unwrap(std::move(out)));
  }, "Merges serialised partials into one (empty list: the empty partial).");
  m.def("check", [](const py::bytes& bytes) { return Bytes(Parsed(bytes)); },
        "The partial re-serialised after validation (FormatError for bad bytes).");
  m.def("finalize_hits", [](const py::bytes& bytes) {
    py::list out;
    for (const partials::HitCount& h : partials::FinalizeHits(Parsed(bytes))) {
      out.append(py::make_tuple(h.label, h.hits, h.documents, h.excerpts, h.already_coded, h.outside_turns));
    }
    return out;
  });
  m.def("finalize_cooccurrence", [](const py::bytes& bytes, const std::string& unit, const std::string& measure) {
    const Measure mk = Unwrap(ParseMeasure(measure));
    CodeMatrix matrix = Unwrap(partials::FinalizeCooccurrence(Parsed(bytes), Unwrap(ParseUnit(unit)), mk));
    return py::make_tuple(matrix.code_ids, matrix.values);
  });
  m.def("finalize_crosstab", [](const py::bytes& bytes, const std::string& unit) {
    Partial p = Parsed(bytes);
    Crosstab t = Unwrap(partials::FinalizeCrosstab(p, Unwrap(ParseUnit(unit))));
    return py::make_tuple(t.code_ids, t.columns, t.counts, t.column_totals);
  });
  m.def("finalize_words", [](const py::bytes& bytes, size_t top) {
    py::list out;
    for (const WordCount& w : Unwrap(partials::FinalizeWords(Parsed(bytes), top))) {
      out.append(py::make_tuple(w.group_id, w.word, w.count));
    }
    return out;
  });
  m.def("finalize_agreement", [](const py::bytes& bytes) {
    Partial p = Parsed(bytes);
    py::list rows;
    for (const CharacterAgreementRow& r : Unwrap(partials::FinalizeCharacterAgreement(p))) {
      py::dict row;
      row["code"] = r.code_id;
      row["both"] = r.both;
      row["only_a"] = r.only_a;
      row["only_b"] = r.only_b;
      row["neither"] = r.neither;
      row["total"] = r.total;
      row["percent"] = r.percent;
      row["kappa"] = r.kappa;
      rows.append(row);
    }
    partials::PooledAgreementTotals t = Unwrap(partials::FinalizePooledAgreement(p));
    py::dict pooled = PooledAgreementDict(t.pooled);
    pooled["documents"] = t.covered_documents;
    return py::make_tuple(rows, pooled);
  });
}

}  // namespace thematica::python
