// Binds suggestion runs (AI-assisted coding) as private Project methods and
// value snapshots; the public API (Project.suggest, accept, runs, …) is
// written in Python on top, in bindings/thematica/_ai.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "binders.h"
#include "internal/lookup.h"
#include "py_util.h"
#include "thematica/ai.h"
#include "thematica/project.h"
#include "thematica/suggestion.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

std::string TimeText(absl::Time t) {
  return t == absl::InfinitePast() ? "" : absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
}

using SuggestionTuple =
    std::tuple<std::string, int64_t, int64_t, std::string, double, std::string>;

}  // namespace

void BindSuggestions(py::module_& m) {
  m.def("ai_built_in", &AiBuiltIn, "Whether this build includes AI-assisted coding.");
  m.def("ai_enabled", &AiEnabled,
        "Whether AI-assisted coding is available: built in and not switched off by THEMATICA_AI=off.");
  m.def("ai_disabled_reason", &AiDisabledReason, "Why AI-assisted coding is off (\"\" when on).");

  py::class_<Suggestion>(m, "Suggestion", "One proposed coding of a suggestion run (a value snapshot).")
      .def_readonly("id", &Suggestion::id)
      .def_readonly("document_id", &Suggestion::document_id)
      .def_property_readonly("start", [](const Suggestion& s) { return s.span.start; })
      .def_property_readonly("end", [](const Suggestion& s) { return s.span.end; })
      .def_readonly("code_id", &Suggestion::code_id)
      .def_readonly("score", &Suggestion::score)
      .def_readonly("rationale", &Suggestion::rationale)
      .def_property_readonly("status", [](const Suggestion& s) { return SuggestionStatusName(s.status); })
      .def_property_readonly("excerpt_id", [](const Suggestion& s) -> IdOrNone {
        if (s.excerpt_id.empty()) return py::none();
        return py::str(s.excerpt_id);
      })
      .def("__repr__", [](const Suggestion& s) {
        return absl::StrCat("<Suggestion [", s.span.start, ", ", s.span.end, ") code ",
                            s.code_id.substr(0, 8), " score ", s.score, " ",
                            SuggestionStatusName(s.status), ">");
      });

  py::class_<SuggestionRun>(m, "_SuggestionRun")
      .def_readonly("id", &SuggestionRun::id)
      .def_readonly("method", &SuggestionRun::method)
      .def_readonly("unit", &SuggestionRun::unit)
      .def_readonly("model", &SuggestionRun::model)
      .def_readonly("model_sha256", &SuggestionRun::model_sha256)
      .def_readonly("parameters", &SuggestionRun::parameters)
      .def_readonly("seed", &SuggestionRun::seed)
      .def_readonly("code_ids", &SuggestionRun::code_ids)
      .def_readonly("codebook_sha256", &SuggestionRun::codebook_sha256)
      .def_property_readonly("documents",
                             [](const SuggestionRun& r) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const DocumentDigest& d : r.documents) out.emplace_back(d.document_id, d.sha256);
                               return out;
                             })
      .def_readonly("started_by", &SuggestionRun::started_by)
      .def_property_readonly("created", [](const SuggestionRun& r) { return TimeText(r.created); })
      .def_readonly("endpoint", &SuggestionRun::endpoint)
      .def_readonly("suggestions", &SuggestionRun::suggestions)
      .def_readonly("metadata", &SuggestionRun::metadata);

  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def(
         "_add_suggestion_run",
         [](Project& p, std::string method, std::string unit, std::string model,
            std::string model_sha256, std::map<std::string, std::string> parameters, uint64_t seed,
            std::vector<std::string> code_ids, std::vector<std::string> documents,
            std::string started_by, std::string endpoint, std::vector<SuggestionTuple> suggestions,
            std::map<std::string, std::string> metadata) {
           SuggestionRun run{.method = std::move(method),
                             .unit = std::move(unit),
                             .model = std::move(model),
                             .model_sha256 = std::move(model_sha256),
                             .parameters = std::move(parameters),
                             .seed = seed,
                             .code_ids = std::move(code_ids),
                             .started_by = std::move(started_by),
                             .endpoint = std::move(endpoint)};
           for (std::string& d : documents) run.documents.push_back({.document_id = std::move(d)});
           for (auto& [doc, start, end, code, score, rationale] : suggestions) {
             run.suggestions.push_back({.document_id = doc,
                                        .span = {start, end},
                                        .code_id = code,
                                        .score = score,
                                        .rationale = rationale});
           }
           run.metadata.insert(metadata.begin(), metadata.end());
           return Unwrap(p.AddSuggestionRun(std::move(run)));
         })
      .def("_suggestion_runs", [](const Project& p) { return p.suggestion_runs(); })
      .def("_suggestion_run",
           [](const Project& p, const std::string& id) {
             const SuggestionRun* r = p.FindSuggestionRun(id);
             if (r == nullptr) ThrowIfError(internal::NotFound("suggestion run", id));
             return *r;
           })
      .def("_accept_suggestion",
           [](Project& p, const std::string& run, const std::string& suggestion, std::optional<int64_t> start,
              std::optional<int64_t> end, const std::string& coder) {
             std::optional<Span> span;
             if (start.has_value() || end.has_value()) {
               const SuggestionRun* r = p.FindSuggestionRun(run);
               Span s{};
               if (r != nullptr) {
                 for (const Suggestion& x : r->suggestions) {
                   if (x.id == suggestion) s = x.span;
                 }
               }
               span = Span{start.value_or(s.start), end.value_or(s.end)};
             }
             return Unwrap(p.AcceptSuggestion(run, suggestion, span, coder));
           })
      .def("_accept_suggestions",
           [](Project& p, const std::vector<std::pair<std::string, std::string>>& refs,
              const std::string& coder) {
             // All or nothing: accepted on a copy that replaces the project
             // only when every one succeeded.
             Project staged = p;
             std::vector<std::string> made;
             for (const auto& [run, suggestion] : refs) {
               made.push_back(Unwrap(staged.AcceptSuggestion(run, suggestion, std::nullopt, coder)));
             }
             p = std::move(staged);
             return made;
           })
      .def("_reject_suggestion", [](Project& p, const std::string& run, const std::string& suggestion) {
        ThrowIfError(p.RejectSuggestion(run, suggestion));
      })
      .def("_remove_suggestion_run",
           [](Project& p, const std::string& run, bool remove_accepted) {
             return Unwrap(p.RemoveSuggestionRun(run, remove_accepted));  // thematica.RemovalReport
           })
      .def("codebook_digest", &Project::CodebookDigest,
           "SHA-256 over the codebook's codes and definitions (what a suggestion run records).")
      .def_property(
          "permission", [](const Project& p) { return PermissionName(p.permission()); },
          [](Project& p, const std::string& name) {
            std::optional<Permission> level = ParsePermission(name);
            if (!level) {
              ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
                  "unknown permission \"", name, "\" (expected full, suggest-only or read-only)")));
            }
            // From Python a permission can only be lowered: code holding a
            // restricted project cannot lift the restriction (the owner keeps
            // an unrestricted copy: p.copy() before lowering).
            if (static_cast<int>(*level) < static_cast<int>(p.permission())) {
              ThrowIfError(absl::PermissionDeniedError(absl::StrCat(
                  "the project is ", PermissionName(p.permission()), " for this client; a permission "
                  "can only be lowered (keep an unrestricted copy to work at \"", name, "\")")));
            }
            p.SetPermission(*level);
          },
          "What this project lets its client change: \"full\", \"suggest-only\" (suggestion runs "
          "only; never an excerpt) or \"read-only\". Can only be lowered; not saved.");
}

}  // namespace thematica::python
