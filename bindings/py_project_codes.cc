// Binds the codebook (thematica.Codebook, a view of the project's), themes,
// relations and memos of thematica::Project onto the class py_project.cc
// defines.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_project_util.h"
#include "py_util.h"
#include "thematica/project.h"

namespace py = pybind11;

namespace thematica::python {

void BindProjectCodes(py::module_& m) {
  py::class_<CodebookProxy>(m, "Codebook",
                            "The project's hierarchical codebook. Changes go through its "
                            "methods, which validate them.")
      .def_property_readonly("codes", [](const CodebookProxy& b) { return b.project->codebook().codes(); },
                             "Every code, in insertion order.")
      .def("__len__", [](const CodebookProxy& b) { return b.project->codebook().size(); })
      .def("__iter__", [](const CodebookProxy& b) {
        return py::iter(py::cast(b.project->codebook().codes()));
      })
      .def("__contains__", [](const CodebookProxy& b, py::handle key) {
        const std::string k = IdOf(key);
        return b.project->FindCode(k) != nullptr ||
               std::any_of(b.project->codebook().codes().begin(), b.project->codebook().codes().end(),
                           [&](const Code& c) { return c.name == k; });
      })
      .def("__getitem__", [](const CodebookProxy& b, py::handle key) { return CodeOf(*b.project, key); })
      .def("find", [](const CodebookProxy& b, py::handle key) { return CodeOf(*b.project, key); },
           py::arg("name_or_path"),
           "The code with this id, name (when unique) or path \"Parent/Child\"; KeyError if none.")
      .def("add_code",
           [](CodebookProxy& b, py::handle name_arg, py::handle parent, py::handle description_arg,
              py::handle inclusion_arg, py::handle exclusion_arg, py::handle example_arg,
              py::handle color_arg, bool codable, py::handle creator) {
             const std::string name = Utf8(name_arg, "name");
             const std::string description = Utf8(description_arg, "description");
             const std::string inclusion = Utf8(inclusion_arg, "inclusion");
             const std::string exclusion = Utf8(exclusion_arg, "exclusion");
             const std::string example = Utf8(example_arg, "example");
             const std::string color = Utf8(color_arg, "color");

             Project& p = *b.project;
             Code code{.name = name,
                       .parent_id = parent.is_none() ? "" : CodeOf(p, parent).id,
                       .description = description,
                       .inclusion = inclusion,
                       .exclusion = exclusion,
                       .example = example,
                       .color = color,
                       .codable = codable,
                       .creator_id = OptionalCoderId(p, creator)};
             return *p.FindCode(Unwrap(p.AddCode(std::move(code))));
           },
           py::arg("name"), py::arg("parent") = py::none(), py::arg("description") = "",
           py::arg("inclusion") = "", py::arg("exclusion") = "", py::arg("example") = "",
           py::arg("color") = "", py::arg("codable") = true, py::arg("creator") = py::none(),
           "Adds a code; names are unique among siblings.")
      .def("update",
           [](CodebookProxy& b, py::handle code, py::kwargs fields) {
             Project& p = *b.project;
             Code c = CodeOf(p, code);
             for (auto item : fields) {
               const std::string key = py::str(item.first);
               py::handle v = item.second;
               if (key == "name") c.name = Utf8(v, key);
               else if (key == "description") c.description = Utf8(v, key);
               else if (key == "inclusion") c.inclusion = Utf8(v, key);
               else if (key == "exclusion") c.exclusion = Utf8(v, key);
               else if (key == "example") c.example = Utf8(v, key);
               else if (key == "color") c.color = Utf8(v, key);
               else if (key == "codable") c.codable = v.cast<bool>();
               else if (key == "parent") c.parent_id = v.is_none() ? "" : CodeOf(p, v).id;
               else throw py::type_error("update() got an unexpected field '" + key + "'");
             }
             const std::string id = c.id;
             ThrowIfError(p.UpdateCode(std::move(c)));
             return *p.FindCode(id);
           },
           py::arg("code"),
           "Changes fields (name, description, inclusion, exclusion, example, color, codable, parent).")
      .def("rename",
           [](CodebookProxy& b, py::handle code, py::handle name_arg) {
             const std::string name = Utf8(name_arg, "name");

             const std::string id = CodeOf(*b.project, code).id;
             ThrowIfError(b.project->RenameCode(id, name));
             return *b.project->FindCode(id);
           },
           py::arg("code"), py::arg("name"))
      .def("move",
           [](CodebookProxy& b, py::handle code, py::handle parent) {
             const std::string id = CodeOf(*b.project, code).id;
             ThrowIfError(b.project->MoveCode(id, parent.is_none() ? "" : CodeOf(*b.project, parent).id));
             return *b.project->FindCode(id);
           },
           py::arg("code"), py::arg("parent"), "Moves under `parent` (None: top level); cycles are refused.")
      .def("merge",
           [](CodebookProxy& b, py::handle source, py::handle target) {
             const std::string s = CodeOf(*b.project, source).id;
             const std::string t = CodeOf(*b.project, target).id;
             ThrowIfError(b.project->MergeCodes(s, t));
             return *b.project->FindCode(t);
           },
           py::arg("source"), py::arg("target"),
           "Merges `source` into `target`: excerpts, themes, relations, memos and child codes follow.")
      .def("remove",
           [](CodebookProxy& b, py::handle code, bool cascade) {
             const std::string id = CodeOf(*b.project, code).id;
             return Unwrap(b.project->RemoveCode(id, cascade));
           },
           py::arg("code"), py::arg("cascade") = false,
           "Removes a code; refused while used or with children unless cascade=True. Returns what went.")
      .def("children",
           [](const CodebookProxy& b, py::handle code) {
             std::vector<Code> out;
             const std::string id = code.is_none() ? "" : CodeOf(*b.project, code).id;
             for (const std::string& c : b.project->codebook().Children(id)) out.push_back(*b.project->FindCode(c));
             return out;
           },
           py::arg("code") = py::none(), "Child codes of `code` (None: the top-level codes).")
      .def("descendants",
           [](const CodebookProxy& b, py::handle code) {
             std::vector<Code> out;
             for (const std::string& c : b.project->codebook().Descendants(CodeOf(*b.project, code).id)) {
               out.push_back(*b.project->FindCode(c));
             }
             return out;
           },
           py::arg("code"))
      .def("path",
           [](const CodebookProxy& b, py::handle code, py::handle separator_arg) {
             const std::string separator = Utf8(separator_arg, "separator");

             return b.project->codebook().Path(CodeOf(*b.project, code).id, separator);
           },
           py::arg("code"), py::arg("separator") = "/")
      .def("depth", [](const CodebookProxy& b, py::handle code) {
        return b.project->codebook().Depth(CodeOf(*b.project, code).id);
      }, py::arg("code"))
      .def("__repr__", [](const CodebookProxy& b) {
        return absl::StrCat("<Codebook ", b.project->codebook().size(), " codes>");
      });

  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def_property_readonly("codebook",
                             py::cpp_function([](Project& p) { return CodebookProxy{&p}; },
                                              py::keep_alive<0, 1>()),
                             "The codebook (a view that keeps the project alive).")
      // Themes.
      .def_property_readonly("themes", [](const Project& p) { return p.themes(); },
                             "Snapshots (copies) of the project's themes, in insertion order.")
      .def("add_theme",
           [](Project& p, py::handle name_arg, py::handle codes, py::handle parent,
              py::handle description_arg, py::handle color_arg) {
             const std::string name = Utf8(name_arg, "name");
             const std::string description = Utf8(description_arg, "description");
             const std::string color = Utf8(color_arg, "color");

             Theme t{.name = name,
                     .description = description,
                     .parent_id = parent.is_none() ? "" : ThemeOf(p, parent).id,
                     .code_ids = CodeIds(p, codes),
                     .color = color};
             return *p.FindTheme(Unwrap(p.AddTheme(std::move(t))));
           },
           py::arg("name"), py::arg("codes") = py::none(), py::arg("parent") = py::none(),
           py::arg("description") = "", py::arg("color") = "")
      .def("theme", [](const Project& p, py::handle key) { return ThemeOf(p, key); }, py::arg("id_or_name"))
      .def("update_theme",
           [](Project& p, py::handle theme, py::object name, py::object description, py::object parent,
              py::object codes, py::object color) {
             Theme t = ThemeOf(p, theme);
             if (!name.is_none()) t.name = Utf8(name, "name");
             if (!description.is_none()) t.description = Utf8(description, "description");
             if (!parent.is_none()) t.parent_id = IdOf(parent).empty() ? "" : ThemeOf(p, parent).id;
             if (!codes.is_none()) t.code_ids = CodeIds(p, codes);
             if (!color.is_none()) t.color = Utf8(color, "color");
             const std::string id = t.id;
             ThrowIfError(p.UpdateTheme(std::move(t)));
             return *p.FindTheme(id);
           },
           py::arg("theme"), py::arg("name") = py::none(), py::arg("description") = py::none(),
           py::arg("parent") = py::none(), py::arg("codes") = py::none(), py::arg("color") = py::none(),
           "Changes fields; None leaves a field as it is, parent=\"\" makes it top-level.")
      .def("add_code_to_theme", [](Project& p, py::handle theme, py::handle code) {
        const std::string id = ThemeOf(p, theme).id;
        ThrowIfError(p.AddCodeToTheme(id, CodeOf(p, code).id));
        return *p.FindTheme(id);
      }, py::arg("theme"), py::arg("code"))
      .def("remove_code_from_theme", [](Project& p, py::handle theme, py::handle code) {
        const std::string id = ThemeOf(p, theme).id;
        ThrowIfError(p.RemoveCodeFromTheme(id, CodeOf(p, code).id));
        return *p.FindTheme(id);
      }, py::arg("theme"), py::arg("code"))
      .def("remove_theme",
           [](Project& p, py::handle theme, bool cascade) {
             return Unwrap(p.RemoveTheme(ThemeOf(p, theme).id, cascade));
           },
           py::arg("theme"), py::arg("cascade") = false)
      .def("subthemes",
           [](const Project& p, py::handle theme) {
             std::vector<Theme> out;
             for (const std::string& id : p.ThemeChildren(theme.is_none() ? "" : ThemeOf(p, theme).id)) {
               out.push_back(*p.FindTheme(id));
             }
             return out;
           },
           py::arg("theme") = py::none(), "Sub-themes of `theme` (None: the top-level themes).")
      .def("theme_codes",
           [](const Project& p, py::handle theme, bool include_subthemes) {
             std::vector<Code> out;
             for (const std::string& id : p.ThemeCodeIds(ThemeOf(p, theme).id, include_subthemes)) {
               out.push_back(*p.FindCode(id));
             }
             return out;
           },
           py::arg("theme"), py::arg("include_subthemes") = true)
      .def("theme_depth", [](const Project& p, py::handle theme) { return p.ThemeDepth(ThemeOf(p, theme).id); },
           py::arg("theme"))
      // Relations.
      .def_property_readonly("relations", [](const Project& p) { return p.relations(); },
                             "Snapshots (copies) of the project's relations, in insertion order.")
      .def("add_relation",
           [](Project& p, py::handle source, py::handle target, py::handle label_arg,
              py::handle direction_arg, py::handle description_arg) {
             const std::string label = Utf8(label_arg, "label");
             const std::string direction = Utf8(direction_arg, "direction");
             const std::string description = Utf8(description_arg, "description");

             Relation r{.source_id = ThemeOrCodeId(p, source),
                        .target_id = ThemeOrCodeId(p, target),
                        .label = label,
                        .direction = Unwrap(ParseRelationDirection(direction)),
                        .description = description};
             return *p.FindRelation(Unwrap(p.AddRelation(std::move(r))));
           },
           py::arg("source"), py::arg("target"), py::arg("label"), py::arg("direction") = "one-way",
           py::arg("description") = "",
           "A labelled edge between themes or codes; direction: one-way, bidirectional, associative.")
      .def("relation", [](const Project& p, py::handle key) { return RelationOf(p, key); }, py::arg("id"))
      .def("remove_relation",
           [](Project& p, py::handle r) { return Unwrap(p.RemoveRelation(RelationOf(p, r).id)); },
           py::arg("relation"))
      // Memos.
      .def_property_readonly("memos", [](const Project& p) { return p.memos(); },
                             "Snapshots (copies) of the project's memos, in insertion order.")
      .def("add_memo",
           [](Project& p, py::handle text, py::handle title_arg, py::handle target,
              py::handle author) {
             const std::string title = Utf8(title_arg, "title");

             Memo memo{.title = title, .text = Utf8(text, "memo text"), .author_id = OptionalCoderId(p, author),
                       .target_id = OptionalIdOf(target)};
             return *p.FindMemo(Unwrap(p.AddMemo(std::move(memo))));
           },
           py::arg("text"), py::arg("title") = "", py::arg("target") = py::none(),
           py::arg("author") = py::none(), "A memo on any object (by object or id), or on the project.")
      .def("memo", [](const Project& p, py::handle key) { return MemoOf(p, key); }, py::arg("id"))
      .def("memos_for",
           [](const Project& p, py::handle target) {
             std::vector<Memo> out;
             for (const Memo* memo : p.MemosFor(OptionalIdOf(target))) out.push_back(*memo);
             return out;
           },
           py::arg("target") = py::none())
      .def("update_memo",
           [](Project& p, py::handle memo, py::object text, py::object title) {
             Memo updated = MemoOf(p, memo);
             if (!text.is_none()) updated.text = Utf8(text, "text");
             if (!title.is_none()) updated.title = Utf8(title, "title");
             const std::string id = updated.id;
             ThrowIfError(p.UpdateMemo(std::move(updated)));
             return *p.FindMemo(id);
           },
           py::arg("memo"), py::arg("text") = py::none(), py::arg("title") = py::none())
      .def("remove_memo", [](Project& p, py::handle memo) { ThrowIfError(p.RemoveMemo(MemoOf(p, memo).id)); },
           py::arg("memo"));
}

}  // namespace thematica::python
