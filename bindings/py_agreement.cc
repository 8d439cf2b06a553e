// Binds the agreement statistics (thematica._core._agreement, wrapped by
// thematica.agreement) and the project-level comparisons (Project methods
// wrapped by thematica/_agreement_frames.py).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_util.h"
#include "thematica/agreement.h"
#include "thematica/text_agreement.h"
#include "thematica/unitized_alpha.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

using agreement::Coefficient;
using agreement::Metric;
using agreement::RatingMatrix;
using agreement::SquareTable;

// A view of the array's buffer: the array must outlive the matrix.
RatingMatrix ToMatrix(const py::array_t<double, py::array::c_style | py::array::forcecast>& values) {
  if (values.ndim() != 2) {
    ThrowIfError(absl::InvalidArgumentError("reliability data must be 2-dimensional: coders × units"));
  }
  return RatingMatrix::View(static_cast<int>(values.shape(0)), static_cast<int>(values.shape(1)),
                            values.data());
}

py::dict CoefficientDict(const Coefficient& c) {
  py::dict d;
  d["value"] = c.value;
  d["observed"] = c.observed;
  d["expected"] = c.expected;
  return d;
}

CoderSets Sets(const std::vector<std::string>& a, const std::vector<std::string>& b) { return {a, b}; }

py::object Optional(const std::optional<double>& x) {
  return x.has_value() ? py::object(py::float_(*x)) : py::object(py::none());
}

}  // namespace

py::dict PooledAgreementDict(const PooledAgreement& r) {
  py::dict d;
  d["document_ids"] = r.document_ids;
  d["characters"] = r.characters;
  d["codes"] = r.codes;
  d["both"] = r.both;
  d["only_a"] = r.only_a;
  d["only_b"] = r.only_b;
  d["neither"] = r.neither;
  d["percent"] = r.percent;
  d["kappa"] = r.kappa;
  d["alpha"] = r.alpha;
  return d;
}

namespace {

py::dict UnitizedDict(const UnitizedAlphaResult& r) {
  py::dict d;
  d["u_alpha"] = r.u_alpha;
  d["binary_alpha"] = r.binary_alpha;
  d["cu_alpha"] = Optional(r.cu_alpha);
  d["cu_coverage"] = r.cu_coverage;
  py::list per_value;
  for (const auto& v : r.per_value) per_value.append(py::make_tuple(Optional(v.alpha), v.coverage));
  d["per_value"] = per_value;
  return d;
}

// A dict of column lists from rows, one (name, getter) per column.
template <typename Row>
py::dict Columns(const std::vector<Row>& rows,
                 std::initializer_list<std::pair<const char*, py::object (*)(const Row&)>> fields) {
  py::dict columns;
  for (const auto& [name, get] : fields) {
    py::list column;
    for (const Row& r : rows) column.append(get(r));
    columns[name] = column;
  }
  return columns;
}

}  // namespace

void BindAgreement(py::module_& m) {
  py::module_ a = m.def_submodule("_agreement", "Agreement statistics (use thematica.agreement).");
  a.def("table_coefficient",
        [](const std::string& name, const std::vector<std::vector<double>>& rows,
           const std::vector<double>& weights) {
          const SquareTable table = Unwrap(SquareTable::FromRows(rows));
          if (name == "percent") {
            const double p = Unwrap(agreement::PercentAgreement(table, weights));
            return CoefficientDict({p, p, 0});
          }
          if (name == "cohen") return CoefficientDict(Unwrap(agreement::CohenKappa(table, weights)));
          if (name == "scott") return CoefficientDict(Unwrap(agreement::ScottPi(table, weights)));
          if (name == "gwet") return CoefficientDict(Unwrap(agreement::GwetAc(table, weights)));
          if (name == "brennan_prediger") {
            return CoefficientDict(Unwrap(agreement::BrennanPrediger(table, weights)));
          }
          throw py::value_error("unknown coefficient " + name);
        },
        py::arg("name"), py::arg("rows"), py::arg("weights"));
  a.def("make_weights", [](const std::string& kind, int q) {
    absl::StatusOr<agreement::Weights> weights = agreement::ParseWeights(kind);
    if (!weights.ok()) {  // Python also takes a matrix (agreement.py passes it on without calling this).
      ThrowIfError(absl::InvalidArgumentError(absl::StrCat(weights.status().message(), " — or a matrix")));
    }
    return agreement::MakeWeights(*weights, q);
  });
  a.def("fleiss",
        [](const std::vector<std::vector<double>>& rows) {
          std::vector<double> counts;
          const int categories = rows.empty() ? 0 : static_cast<int>(rows[0].size());
          for (const auto& r : rows) {
            if (static_cast<int>(r.size()) != categories) {
              ThrowIfError(absl::InvalidArgumentError("every subject needs a count for every category"));
            }
            counts.insert(counts.end(), r.begin(), r.end());
          }
          const agreement::FleissResult f =
              Unwrap(agreement::FleissKappa(counts, static_cast<int>(rows.size()), categories));
          py::dict d;
          d["value"] = f.value;
          d["mean_agreement"] = f.mean_agreement;
          d["chance_agreement"] = f.chance_agreement;
          return d;
        },
        py::arg("counts"));
  a.def("multi_rater",
        [](const std::string& name, py::array_t<double, py::array::c_style | py::array::forcecast> counts,
           const std::vector<double>& weights) {
          if (counts.ndim() != 2) {
            ThrowIfError(absl::InvalidArgumentError("counts must be 2-dimensional: subjects × categories"));
          }
          const int subjects = static_cast<int>(counts.shape(0)), categories = static_cast<int>(counts.shape(1));
          const std::vector<double> values(counts.data(), counts.data() + counts.size());
          absl::StatusOr<Coefficient> r;
          {
            py::gil_scoped_release release;
            if (name == "fleiss") {
              r = agreement::FleissKappaMulti(values, subjects, categories, weights);
            } else if (name == "gwet") {
              r = agreement::GwetAcMulti(values, subjects, categories, weights);
            } else {
              r = absl::InvalidArgumentError(absl::StrCat("unknown many-rater coefficient ", name));
            }
          }
          return CoefficientDict(Unwrap(std::move(r)));
        },
        py::arg("name"), py::arg("counts"), py::arg("weights"));
  a.def("counts_from_ratings",
        [](py::array_t<double, py::array::c_style | py::array::forcecast> values, int categories) {
          const std::vector<double> counts = Unwrap(agreement::CountsFromRatings(ToMatrix(values), categories));
          py::array_t<double> out({static_cast<py::ssize_t>(categories == 0 ? 0 : counts.size() / categories),
                                   static_cast<py::ssize_t>(categories)});
          std::copy(counts.begin(), counts.end(), out.mutable_data());
          return out;
        },
        py::arg("values"), py::arg("categories"));
  a.def("conger",
        [](py::array_t<double, py::array::c_style | py::array::forcecast> values, int categories,
           const std::vector<double>& weights) {
          return CoefficientDict(Unwrap(agreement::CongerKappa(ToMatrix(values), categories, weights)));
        },
        py::arg("values"), py::arg("categories"), py::arg("weights"));
  a.def("alpha",
        [](py::array_t<double, py::array::c_style | py::array::forcecast> values, const std::string& level) {
          RatingMatrix data = ToMatrix(values);
          const Metric metric = Unwrap(agreement::ParseMetric(level));
          absl::StatusOr<double> alpha;
          {
            py::gil_scoped_release release;
            alpha = agreement::KrippendorffAlpha(data, metric);
          }
          return Unwrap(std::move(alpha));
        },
        py::arg("values"), py::arg("level"));
  a.def("alpha_bootstrap",
        [](py::array_t<double, py::array::c_style | py::array::forcecast> values, const std::string& level,
           int replicates, uint64_t seed, double confidence, std::vector<double> minimums) {
          RatingMatrix data = ToMatrix(values);
          const Metric metric = Unwrap(agreement::ParseMetric(level));
          absl::StatusOr<agreement::AlphaBootstrap> b;
          {
            py::gil_scoped_release release;
            b = agreement::BootstrapAlpha(data, metric, replicates, seed, confidence, std::move(minimums));
          }
          const agreement::AlphaBootstrap r = Unwrap(std::move(b));
          py::dict d;
          d["alpha"] = r.alpha;
          d["low"] = r.low;
          d["high"] = r.high;
          d["confidence"] = r.confidence;
          d["replicates"] = r.replicates;
          py::dict below;
          for (size_t i = 0; i < r.minimums.size(); ++i) below[py::float_(r.minimums[i])] = r.probability_below[i];
          d["probability_below"] = below;
          return d;
        },
        py::arg("values"), py::arg("level"), py::arg("replicates"), py::arg("seed"), py::arg("confidence"),
        py::arg("minimums"));

  a.def("unitized",
        [](int64_t length, int values, const std::vector<std::vector<std::tuple<int64_t, int64_t, int>>>& records) {
          std::vector<std::vector<ValuedSegment>> converted;
          for (const auto& record : records) {
            std::vector<ValuedSegment> segments;
            for (const auto& [start, end, value] : record) segments.push_back({start, end, value});
            converted.push_back(std::move(segments));
          }
          return UnitizedDict(Unwrap(UnitizedAlphas(length, values, converted)));
        },
        py::arg("length"), py::arg("values"), py::arg("records"));

  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def("_unitized_alpha",
          [](const Project& p, const std::vector<std::string>& coders, const std::vector<std::string>& codes) {
            return UnitizedDict(Unwrap(UnitizedAlphas(p, coders, codes)));
          });
  cls.def("_pooled_agreement",
          [](const Project& p, const std::vector<std::string>& a, const std::vector<std::string>& b,
             const std::vector<std::string>& codes, const std::string& documents) {
            const DocumentScope scope = Unwrap(ParseDocumentScope(documents));
            return PooledAgreementDict(Unwrap(PooledCharacterAgreement(p, Sets(a, b), codes, scope)));
          });
  cls.def("_character_agreement",
          [](const Project& p, const std::vector<std::string>& a, const std::vector<std::string>& b,
             const std::vector<std::string>& codes, const std::string& documents) {
            using Row = CharacterAgreementRow;
            return Columns(Unwrap(CharacterAgreement(p, Sets(a, b), codes, Unwrap(ParseDocumentScope(documents)))),
                           {{"code_id", [](const Row& r) { return py::cast(r.code_id); }},
                            {"document_id", [](const Row& r) { return py::cast(r.document_id); }},
                            {"both", [](const Row& r) { return py::cast(r.both); }},
                            {"only_a", [](const Row& r) { return py::cast(r.only_a); }},
                            {"only_b", [](const Row& r) { return py::cast(r.only_b); }},
                            {"neither", [](const Row& r) { return py::cast(r.neither); }},
                            {"total", [](const Row& r) { return py::cast(r.total); }},
                            {"percent", [](const Row& r) { return py::cast(r.percent); }},
                            {"kappa", [](const Row& r) { return py::cast(r.kappa); }}});
          });
  cls.def("_segment_agreement",
          [](const Project& p, const std::vector<std::string>& a, const std::vector<std::string>& b,
             double min_overlap, const std::vector<std::string>& codes) {
            using Row = SegmentAgreementRow;
            return Columns(Unwrap(SegmentAgreement(p, Sets(a, b), min_overlap, codes)),
                           {{"code_id", [](const Row& r) { return py::cast(r.code_id); }},
                            {"document_id", [](const Row& r) { return py::cast(r.document_id); }},
                            {"segments_a", [](const Row& r) { return py::cast(r.segments_a); }},
                            {"segments_b", [](const Row& r) { return py::cast(r.segments_b); }},
                            {"agreed_a", [](const Row& r) { return py::cast(r.agreed_a); }},
                            {"agreed_b", [](const Row& r) { return py::cast(r.agreed_b); }},
                            {"percent", [](const Row& r) { return py::cast(r.percent); }},
                            {"kappa", [](const Row& r) { return py::cast(r.kappa); }}});
          });
  cls.def("_disagreements",
          [](const Project& p, const std::vector<std::string>& a, const std::vector<std::string>& b,
             const std::vector<std::string>& codes) {
            py::list out;
            for (const Disagreement& d : Unwrap(Disagreements(p, Sets(a, b), codes))) {
              out.append(py::make_tuple(d.document_id, d.span.start, d.span.end,
                                        std::string(Unwrap(p.DocumentText(d.document_id, d.span))),
                                        d.codes_a, d.codes_b));
            }
            return out;
          });
}

}  // namespace thematica::python
