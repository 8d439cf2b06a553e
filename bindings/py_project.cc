// Binds thematica::Project itself: construction, identity, coders,
// attributes, cases and the whole project (validate, save, copy), and the
// module's load/dumps/loads. Its other parts are bound onto the same class by
// py_project_documents.cc and py_project_codes.cc; the value types it returns
// by py_project_values.cc. Every mutation goes through the Project, which
// validates it; snapshots never edit a hidden copy.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "internal/project_loader.h"
#include "py_project_util.h"
#include "py_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/version.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

// The change log as it was before a call whose failure path undoes its own
// edits by hand: those compensating edits must not stay in the log either.
struct LogMark {
  explicit LogMark(const Project& p) : records(p.history().size()), settings(p.history_settings()) {}
  void Restore(Project& p) const {
    internal::ProjectAccess::SetHistory(
        p, std::vector<ChangeRecord>(p.history().begin(),
                                     p.history().begin() + static_cast<std::ptrdiff_t>(records)),
        settings);
  }
  size_t records;
  HistorySettings settings;
};

// Declares attributes the values need (inferring types) and returns the
// values keyed by attribute id, plus the ids of the attributes it declared
// so that a failed operation can take them back.
std::pair<std::map<std::string, AttributeValue>, std::vector<std::string>> ResolveAttributes(
    Project& p, py::handle attributes) {
  std::map<std::string, AttributeValue> values;
  std::vector<std::string> declared;
  if (attributes.is_none()) return {values, declared};
  // Convert every value first: nothing is declared if any value is unusable.
  std::vector<std::pair<std::string, AttributeValue>> converted;
  for (auto item : py::cast<py::dict>(attributes)) {
    const std::string name = py::str(item.first);
    if (item.second.is_none()) continue;  // Missing value.
    converted.emplace_back(name, FromPython(item.second, name));
  }
  const ProjectInfo before = p.info();
  const LogMark log(p);
  for (auto& [name, value] : converted) {
    const AttributeDefinition* a = p.FindAttributeByName(name);
    std::string id;
    if (a == nullptr) {
      absl::StatusOr<std::string> added = p.AddAttribute({.name = name, .type = value.type()});
      if (!added.ok()) {
        for (const std::string& d : declared) (void)p.RemoveAttribute(d);
        internal::ProjectAccess::RestoreInfo(p, before);
        log.Restore(p);
        ThrowIfError(added.status());
      }
      id = *added;
      declared.push_back(id);
    } else {
      id = a->id;
    }
    values.emplace(id, std::move(value));
  }
  return {values, declared};
}

// Whole project: validate, save, copy; load, dumps and loads.
void BindWholeProject(py::module_& m, py::class_<Project>& cls) {
  cls.def("validate", &Project::Validate, "Every consistency problem (empty when consistent).")
      .def("save",
           [](const Project& p, py::handle path_arg, py::handle format_arg) {
             const std::string path = Utf8(path_arg, "path");
             // Holds the GIL (the concurrency contract in project.h): no other
             // thread can change the project while it is written.
             if (format_arg.is_none()) {
               ThrowIfError(SaveProject(p, path));
             } else {
               ThrowIfError(SaveProject(p, path, Unwrap(NativeFormatByName(Utf8(format_arg, "format")))));
             }
           },
           py::arg("path"), py::arg("format") = py::none(),
           "Saves atomically; the format follows the extension (.thematica, .json), or is\n"
           "given: \"compact\" writes the compact encoding of format 1.2 (a .thematica file).")
      .def("copy", [](const Project& p) { return Project(p); }, "An independent copy.")
      .def("__repr__", [](const Project& p) {
        return absl::StrCat("<Project ", py::repr(py::str(p.title())).cast<std::string>(), ": ",
                            p.documents().size(), " documents, ", p.codebook().size(), " codes, ",
                            p.excerpts().size(), " excerpts, ", p.themes().size(), " themes>");
      });

  m.def("load",
        [](py::handle path_arg) {
             const std::string path = Utf8(path_arg, "path");

          absl::StatusOr<Project> p;
          {
            py::gil_scoped_release release;
            p = LoadProject(path);
          }
          return Unwrap(std::move(p));
        },
        py::arg("path"), "Loads and validates a project (.thematica or .json).");
  m.def("dumps",
        [](const Project& p, py::handle format_arg) -> py::object {
          const NativeFormat format = Unwrap(NativeFormatByName(Utf8(format_arg, "format")));
          if (format == NativeFormat::kJson) return py::str(SerializeProject(p, format));
          return py::bytes(SerializeProject(p, format));
        },
        py::arg("project"), py::arg("format") = "json",
        "The project in the native format: str for json, bytes for binary and compact.");
  m.def("loads",
        [](py::handle data, py::handle format_arg) {
          const NativeFormat f = Unwrap(NativeFormatByName(Utf8(format_arg, "format")));
          std::string bytes = py::isinstance<py::str>(data) ? Utf8(data, "data")
                                                            : std::string(py::bytes(py::reinterpret_borrow<py::object>(data)));
          absl::StatusOr<Project> p;
          {
            py::gil_scoped_release release;  // Decodes its own copy of the data.
            p = ParseProject(bytes, f);
          }
          return Unwrap(std::move(p));
        },
        py::arg("data"), py::arg("format") = "json",
        "Decodes and validates a project (binary and compact each read both binary encodings).");
  m.attr("FORMAT_VERSION") = py::make_tuple(kFormatVersionMajor, kFormatVersionMinor);
  m.attr("__version__") = kVersion;  // From CMake's project(VERSION), as `thematica --version`.
}

}  // namespace

void BindProject(py::module_& m) {
  auto cls = py::class_<Project>(m, "Project",
                      "A qualitative-analysis project. Objects it returns are read-only "
                      "snapshots; change them through the project's methods.",
                      py::dynamic_attr())  // Caches derived state (the analysis index).
      .def(py::init([](py::handle title_arg, py::handle description_arg, std::optional<uint64_t> id_seed,
                       py::handle clock) {
             // Creating is not an edit: the log starts empty.
             return Project(ProjectOptions{
                 .title = Utf8(title_arg, "title"),
                 .description = Utf8(description_arg, "description"),
                 .id_seed = id_seed,
                 .fixed_clock = clock.is_none() ? std::nullopt
                                                : std::optional<absl::Time>(FromDatetime(clock))});
           }),
           py::arg("title") = "", py::arg("description") = "", py::kw_only(),
           py::arg("id_seed") = py::none(), py::arg("clock") = py::none(),
           "A new, empty project. `id_seed` makes every generated id reproducible and `clock` "
           "(a datetime) fixes every time stamp, so a project built twice is saved to the same "
           "bytes (as set_id_seed and set_fixed_clock right after creating it).")
      .def_property_readonly("id", &Project::id)
      .def_property("title", [](const Project& p) { return p.title(); },
                    [](Project& p, py::handle title_arg) {
             const std::string title = Utf8(title_arg, "title");

                      ProjectInfo info = p.info();
                      info.title = title;
                      ThrowIfError(p.SetInfo(std::move(info)));
                    })
      .def_property("description", [](const Project& p) { return p.info().description; },
                    [](Project& p, py::handle description_arg) {
             const std::string description = Utf8(description_arg, "description");

                      ProjectInfo info = p.info();
                      info.description = description;
                      ThrowIfError(p.SetInfo(std::move(info)));
                    })
      .def_property_readonly("created", [](const Project& p) { return ToDatetime(p.info().created); })
      .def_property_readonly("modified", [](const Project& p) { return ToDatetime(p.info().modified); })
      .def_property_readonly("metadata", [](const Project& p) { return p.info().metadata; })
      .def("set_id_seed", &internal::ProjectAccess::SetIdSeed, py::arg("seed"),
           "Makes generated ids reproducible (gives the project a new id from the seed).")
      .def("set_fixed_clock",
           [](Project& p, py::handle dt) {
             internal::ProjectAccess::SetFixedClock(
                 p, dt.is_none() ? std::nullopt : std::optional<absl::Time>(FromDatetime(dt)));
           },
           py::arg("time"), "Every time stamp from now on is `time` (None: the real clock).")
      .def("kind_of", [](const Project& p, py::handle id) {
        return std::string(ObjectKindName(p.KindOf(IdOf(id))));
      }, py::arg("id"), "What kind of object an id names ('none' if unknown).")
      // Coders.
      .def_property_readonly("coders", [](const Project& p) { return p.coders(); },
                             "Snapshots (copies) of the project's coders, in insertion order.")
      .def("add_coder", [](Project& p, py::handle name_arg) {
             const std::string name = Utf8(name_arg, "name");

        return *p.FindCoder(Unwrap(p.AddCoder({.name = name})));
      }, py::arg("name"))
      .def("coder", [](const Project& p, py::handle key) { return CoderOf(p, key); }, py::arg("id_or_name"))
      .def("rename_coder", [](Project& p, py::handle coder, py::handle name_arg) {
             const std::string name = Utf8(name_arg, "name");

        Coder c = CoderOf(p, coder);
        c.name = name;
        const std::string id = c.id;
        ThrowIfError(p.UpdateCoder(std::move(c)));
        return *p.FindCoder(id);
      }, py::arg("coder"), py::arg("name"))
      .def("remove_coder", [](Project& p, py::handle coder) { ThrowIfError(p.RemoveCoder(CoderOf(p, coder).id)); },
           py::arg("coder"), "Refused while excerpts or memos name the coder.")
      // Attributes.
      .def_property_readonly("attributes", [](const Project& p) { return p.attributes(); },
                             "Snapshots (copies) of the project's attributes, in insertion order.")
      .def("add_attribute",
           [](Project& p, py::handle name_arg, py::handle type_arg, py::handle description_arg) {
             const std::string name = Utf8(name_arg, "name");
             const std::string type = Utf8(type_arg, "type");
             const std::string description = Utf8(description_arg, "description");

             AttributeDefinition a{.name = name, .type = Unwrap(ParseAttributeType(type)),
                                   .description = description};
             return *p.FindAttribute(Unwrap(p.AddAttribute(std::move(a))));
           },
           py::arg("name"), py::arg("type") = "text", py::arg("description") = "",
           "Declares a case attribute: type is 'text', 'number', 'boolean' or 'date'.")
      .def("attribute", [](const Project& p, py::handle key) { return AttributeOf(p, key); },
           py::arg("id_or_name"))
      .def("remove_attribute", [](Project& p, py::handle a) { return Unwrap(p.RemoveAttribute(AttributeOf(p, a).id)); },
           py::arg("attribute"), "Removes the attribute and every case's value; returns how many values went.")
      // Cases.
      .def_property_readonly("cases", [](const Project& p) {
        std::vector<CaseSnapshot> out;
        for (const Case& c : p.cases()) out.push_back(SnapshotOf(p, c));
        return out;
      })
      .def("add_case",
           [](Project& p, py::handle name_arg, py::handle attributes, py::handle description_arg) {
             const std::string name = Utf8(name_arg, "name");
             const std::string description = Utf8(description_arg, "description");

             const ProjectInfo before = p.info();
             const LogMark log(p);
             auto [values, declared] = ResolveAttributes(p, attributes);
             absl::StatusOr<std::string> id =
                 p.AddCase({.name = name, .description = description, .attributes = std::move(values)});
             if (!id.ok()) {
               for (const std::string& d : declared) (void)p.RemoveAttribute(d);
               internal::ProjectAccess::RestoreInfo(p, before);  // As it was, modification time included.
               log.Restore(p);
             }
             return SnapshotOf(p, *p.FindCase(Unwrap(std::move(id))));
           },
           py::arg("name"), py::arg("attributes") = py::none(), py::arg("description") = "",
           "Adds a participant. Undeclared attributes are declared with the type of their value "
           "(str: text, bool: boolean, int/float: number, datetime.date: date).")
      .def("case", [](const Project& p, py::handle key) { return SnapshotOf(p, CaseOf(p, key)); },
           py::arg("id_or_name"))
      .def("set_case_attribute",
           [](Project& p, py::handle c, py::handle name_arg, py::handle value) {
             const std::string name = Utf8(name_arg, "name");

             const std::string case_id = CaseOf(p, c).id;
             if (value.is_none()) {
               ThrowIfError(p.SetCaseAttribute(case_id, AttributeOf(p, py::str(name)).id, std::nullopt));
             } else {
               py::dict one;
               one[py::str(name)] = value;
               const ProjectInfo before = p.info();
               const LogMark log(p);
               auto [values, declared] = ResolveAttributes(p, one);
               absl::Status s = p.SetCaseAttribute(case_id, values.begin()->first, values.begin()->second);
               if (!s.ok()) {
                 for (const std::string& d : declared) (void)p.RemoveAttribute(d);
                 internal::ProjectAccess::RestoreInfo(p, before);  // As it was, modification time included.
                 log.Restore(p);
               }
               ThrowIfError(s);
             }
             return SnapshotOf(p, *p.FindCase(case_id));
           },
           py::arg("case"), py::arg("name"), py::arg("value"),
           "Sets one attribute value (None clears it).")
      .def("update_case",
           [](Project& p, py::handle c, py::object name, py::object description) {
             Case updated = CaseOf(p, c);
             if (!name.is_none()) updated.name = Utf8(name, "name");
             if (!description.is_none()) updated.description = Utf8(description, "description");
             const std::string id = updated.id;
             ThrowIfError(p.UpdateCase(std::move(updated)));
             return SnapshotOf(p, *p.FindCase(id));
           },
           py::arg("case"), py::arg("name") = py::none(), py::arg("description") = py::none())
      .def("remove_case", [](Project& p, py::handle c) { return Unwrap(p.RemoveCase(CaseOf(p, c).id)); },
           py::arg("case"), "Removes a case; documents and speaker turns are unlinked. Returns what changed.");
  BindWholeProject(m, cls);
}

}  // namespace thematica::python
