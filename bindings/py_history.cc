// Binds the change log: Project.current_coder, .history_enabled, .undo(),
// .redo(), .compact_history() and the raw rows behind Project.history()
// (the DataFrame itself is built in thematica/_team_copies.py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "binders.h"
#include "py_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/team.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

// A short name for an object: its name, title or label.
std::string NameOf(const ObjectValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ProjectInfo> || std::is_same_v<T, Memo>) {
          return v.title;
        } else if constexpr (std::is_same_v<T, Relation>) {
          return v.label;
        } else if constexpr (std::is_same_v<T, Excerpt>) {
          return absl::StrCat("[", v.span.start, ", ", v.span.end, ")");
        } else {
          return v.name;
        }
      },
      value);
}

std::optional<ObjectValue> Current(const Project& p, ObjectKind kind, const std::string& id) {
  auto copy = [](const auto* o) -> std::optional<ObjectValue> {
    if (o == nullptr) return std::nullopt;
    return ObjectValue(*o);
  };
  switch (kind) {
    case ObjectKind::kProject:
      return ObjectValue(p.info());
    case ObjectKind::kCoder:
      return copy(p.FindCoder(id));
    case ObjectKind::kAttribute:
      return copy(p.FindAttribute(id));
    case ObjectKind::kCase:
      return copy(p.FindCase(id));
    case ObjectKind::kDocument:
      return copy(p.FindDocument(id));
    case ObjectKind::kCode:
      return copy(p.FindCode(id));
    case ObjectKind::kExcerpt:
      return copy(p.FindExcerpt(id));
    case ObjectKind::kTheme:
      return copy(p.FindTheme(id));
    case ObjectKind::kRelation:
      return copy(p.FindRelation(id));
    case ObjectKind::kMemo:
      return copy(p.FindMemo(id));
    case ObjectKind::kNone:
      break;
  }
  return std::nullopt;
}

// Rows of the change log from `since_seq` (exclusive) and `since_micros`
// (inclusive), as dicts of columns.
py::dict HistoryColumns(const Project& p, int64_t since_seq, std::optional<int64_t> since_micros) {
  const std::vector<ChangeRecord>& history = p.history();
  // The "after" of a record is the next record's "before" for the object, or
  // the object as it is now.
  std::vector<const ChangeRecord*> next(history.size(), nullptr);
  absl::flat_hash_map<absl::string_view, const ChangeRecord*> later;
  for (size_t i = history.size(); i-- > 0;) {
    auto it = later.find(history[i].object_id);
    next[i] = it == later.end() ? nullptr : it->second;
    later[history[i].object_id] = &history[i];
  }
  absl::flat_hash_map<std::string, std::string> coder_names;
  for (const Coder& c : p.coders()) coder_names[c.id] = c.name;
  py::list seq, step, time, coder, op, kind, id, name, field, summary, before, after;
  for (size_t i = 0; i < history.size(); ++i) {
    const ChangeRecord& r = history[i];
    if (r.seq <= since_seq) continue;
    if (since_micros.has_value() && absl::ToUnixMicros(r.time) < *since_micros) continue;
    std::optional<ObjectValue> after_value;
    if (r.op != ChangeOp::kRemove) {
      if (next[i] != nullptr && next[i]->before != nullptr) {
        after_value = *next[i]->before;
      } else if (next[i] == nullptr) {
        after_value = Current(p, r.kind, r.object_id);
      }
    }
    seq.append(r.seq);
    step.append(r.step);
    time.append(r.time == absl::InfinitePast() ? py::object(py::none())
                                               : py::object(py::int_(absl::ToUnixMicros(r.time))));
    auto cn = coder_names.find(r.coder_id);
    coder.append(r.coder_id.empty() ? py::object(py::none())
                                    : py::object(py::str(cn == coder_names.end() ? r.coder_id : cn->second)));
    op.append(std::string(ChangeOpName(r.op)));
    kind.append(std::string(ObjectKindName(r.kind)));
    id.append(r.object_id);
    const ObjectValue* shown = r.before != nullptr ? r.before.get()
                                                   : (after_value ? &*after_value : nullptr);
    if (after_value.has_value()) shown = &*after_value;
    name.append(shown == nullptr ? std::string() : NameOf(*shown));
    field.append(r.op == ChangeOp::kUpdate && r.before != nullptr && after_value.has_value()
                     ? absl::StrJoin(ChangedFields(*r.before, *after_value), ", ")
                     : std::string());
    summary.append(r.summary);
    before.append(r.before == nullptr ? py::object(py::none()) : py::object(py::str(ObjectValueJson(*r.before))));
    after.append(after_value ? py::object(py::str(ObjectValueJson(*after_value))) : py::object(py::none()));
  }
  py::dict out;
  out["seq"] = seq;
  out["step"] = step;
  out["time"] = time;
  out["coder"] = coder;
  out["op"] = op;
  out["kind"] = kind;
  out["id"] = id;
  out["name"] = name;
  out["field"] = field;
  out["summary"] = summary;
  out["before"] = before;
  out["after"] = after;
  return out;
}

}  // namespace

void BindHistory(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def_property(
         "current_coder",
         [](const Project& p) -> Typed<"Coder | None"> {
           const Coder* c = p.FindCoder(p.current_coder());
           return c == nullptr ? py::object(py::none()) : py::cast(*c);
         },
         [](Project& p, py::object coder) {
           ThrowIfError(p.SetCurrentCoder(coder.is_none() ? std::string() : IdOf(coder)));
         },
         "The coder the change log attributes edits to (set by id, name or Coder; None for "
         "nobody). Belongs to the session: not saved.")
      .def_property("history_enabled", &Project::history_enabled, &Project::SetHistoryEnabled,
                    "Whether edits are recorded in the change log. Switching it off (bulk "
                    "automated runs) also ends undo of the steps recorded before.")
      .def_property_readonly("can_undo", &Project::CanUndo)
      .def_property_readonly("can_redo", &Project::CanRedo)
      .def(
          "undo",
          [](Project& p) -> Typed<"str | None"> {
            if (!p.CanUndo() && p.history().empty()) return py::none();
            return py::str(Unwrap(p.Undo()));
          },
          "Reverts the newest step of the change log exactly (a cascade's removed objects come "
          "back) and returns its summary, or None when there is nothing to undo. ConflictError, "
          "with the project unchanged, when the project no longer matches its log.")
      .def(
          "redo",
          [](Project& p) -> Typed<"str | None"> {
            if (!p.CanRedo()) return py::none();
            return py::str(Unwrap(p.Redo()));
          },
          "Re-applies the newest undone step and returns its summary (None when there is none). "
          "Any new edit clears what can be redone.")
      .def(
          "compact_history",
          [](Project& p, std::optional<int64_t> keep, py::object before) {
            if (keep.has_value() && *keep < 0) {
              ThrowIfError(absl::InvalidArgumentError(absl::StrCat("keep must be >= 0, not ", *keep)));
            }
            std::optional<absl::Time> cutoff;
            if (!before.is_none()) {
              py::object ts = py::module_::import("thematica._team_copies").attr("_micros")(before);
              cutoff = absl::FromUnixMicros(ts.cast<int64_t>());
            }
            return p.CompactHistory(keep, cutoff);
          },
          py::arg("keep") = py::none(), py::arg("before") = py::none(),
          "Drops the oldest change-log records, whole steps at a time: keeps the newest `keep` "
          "steps and/or drops steps older than `before` (a datetime). Returns how many records "
          "went.")
      .def("_begin_change", &Project::BeginChange, py::arg("summary"))
      .def("_end_change", &Project::EndChange)
      .def_property_readonly("_last_seq", [](const Project& p) -> int64_t {
        return p.history().empty() ? 0 : p.history().back().seq;
      })
      .def(
          "_history_columns",
          [](const Project& p, int64_t since_seq, std::optional<int64_t> since_micros) {
            return HistoryColumns(p, since_seq, since_micros);
          },
          py::arg("since_seq") = 0, py::arg("since_micros") = py::none());
}

void BindCopies(py::module_& m) {
  m.def(
      "_copy_for",
      [](const Project& p, py::object coder, py::object documents, bool blind) {
        CopyOptions options{.blind = blind};
        if (!documents.is_none()) {
          for (py::handle d : documents) {
            std::string id = IdOf(d);
            if (p.FindDocument(id) == nullptr) {
              if (const Document* named = p.FindDocumentByName(id)) id = named->id;
            }
            options.document_ids.push_back(std::move(id));
          }
        }
        return Unwrap(CopyFor(p, py::hasattr(coder, "id") ? IdOf(coder) : Utf8(coder, "coder"), options));
      },
      py::arg("project"), py::arg("coder"), py::arg("documents") = py::none(),
      py::arg("blind") = true);
  m.def(
      "_combine",
      [](const Project& original, const std::vector<const Project*>& copies) {
        CombineReport report;
        Project result = Unwrap(Combine(original, copies, &report));
        py::list matches;
        for (const CombineMatch& x : report.matches) {
          matches.append(py::make_tuple(x.copy, std::string(ObjectKindName(x.kind)), x.copy_id,
                                        x.id, x.name, x.matched_by));
        }
        return py::make_tuple(std::move(result), matches, report.added_codes, report.problems,
                              report.Summary());
      },
      py::arg("original"), py::arg("copies"));
}

}  // namespace thematica::python
