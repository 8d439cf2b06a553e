// Binds diff and three-way merge as private functions of thematica._core;
// the Python API (tm.diff, tm.merge, ProjectDiff, MergeResult) is written on
// top of them in bindings/thematica/_team.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <string>

#include "binders.h"
#include "py_util.h"
#include "thematica/diff.h"
#include "thematica/merge.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

}  // namespace

void BindTeam(py::module_& m) {
  m.def(
      "_diff",
      [](const Project& a, const Project& b) {
        // Holds the GIL: `a` and `b` are the caller's projects, which another
        // Python thread may be editing (the Project contract in project.h).
        const ProjectDiff d = Diff(a, b);
        py::list rows;
        for (const DiffChange& c : d.changes) {
          rows.append(py::make_tuple(std::string(ObjectKindName(c.kind)), c.id, c.name,
                                     std::string(DiffChangeTypeName(c.change)), c.field, c.before, c.after));
        }
        return py::make_tuple(rows, d.ToText());
      },
      py::arg("a"), py::arg("b"), "Rows of the changes from a to b, and their text form (private).");
  m.def(
      "_merge",
      [](const Project& base, const Project& ours, const Project& theirs,
         const std::map<std::string, std::string>& resolutions) {
        MergeOptions options;
        for (const auto& [k, v] : resolutions) options.resolutions[k] = v;
        absl::StatusOr<MergeResult> r;
        {
          // Safe without the GIL: MergeResult (_team.py) passes private copies.
          py::gil_scoped_release release;
          r = Merge(base, ours, theirs, options);
        }
        ThrowIfError(r.status());
        py::list conflicts;
        for (const MergeConflict& c : r->conflicts) {
          py::dict d;
          d["type"] = std::string(ConflictTypeName(c.type));
          d["kind"] = std::string(ObjectKindName(c.kind));
          d["object_id"] = c.object_id;
          d["name"] = c.name;
          d["field"] = c.field;
          d["base"] = c.base;
          d["ours"] = c.ours;
          d["theirs"] = c.theirs;
          d["default_resolution"] = c.default_resolution;
          d["default_value"] = c.default_value;
          d["resolution"] = c.resolution;
          d["message"] = c.message;
          d["key"] = c.key();
          conflicts.append(d);
        }
        return py::make_tuple(std::move(r->project), conflicts);
      },
      py::arg("base"), py::arg("ours"), py::arg("theirs"), py::arg("resolutions"),
      "The merged project and its conflicts as dicts (private).");
  m.def(
      "_project_text", [](const Project& p) { return ProjectText(p); }, py::arg("project"),
      "A line-oriented text form of a project (private).");
}

}  // namespace thematica::python
