// Binds the read-only value types the Project returns: snapshots of the
// objects it holds (Span, Coder, Case, Document, Code, Excerpt, Theme, ...)
// and the typed results of its calls (CodeCount, RemovalReport).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <iterator>
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
namespace {

// __eq__ as Python's data model wants it: `equal` for two T, NotImplemented for
// anything else (so `span == 5` is False, not a TypeError, and the stubs say
// `other: object` as object.__eq__ does).
template <typename T, typename Equal>
auto EqualIfSameType(Equal equal) {
  return [equal](const T& a, Typed<"object"> other) -> Typed<"bool"> {
    if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    return py::bool_(equal(a, other.cast<const T&>()));
  };
}

IdOrNone OptionalStr(const std::string& s) {
  return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

template <typename T>
std::string ReprName(const char* kind, const T& item) {
  return absl::StrCat("<", kind, " ", py::repr(py::str(item.name)).cast<std::string>(), " ",
                      item.id.substr(0, 8), ">");
}

// Common read-only properties of objects with id/created/modified.
template <typename Class, typename T>
void DefTimes(Class& cls) {
  cls.def_property_readonly("created", [](const T& o) { return ToDatetime(o.created); });
  if constexpr (requires(T t) { t.modified; }) {
    cls.def_property_readonly("modified", [](const T& o) { return ToDatetime(o.modified); });
  }
}

// --- RemovalReport: what a removal took with it -------------------------------

// Its fields in the order the removal calls' dicts had them (the Mapping keys).
constexpr const char* kReportKeys[] = {
    "codes",          "excerpts",           "recoded_excerpts",       "themes",
    "relations",      "memos",              "unlinked_documents",     "unlinked_speaker_turns",
    "suggestion_runs", "suggestions",       "summary"};

using ReportValue = Typed<"list[str] | int | str">;

// The field `key` names as a Python value; a null object for no field.
py::object ReportField(const RemovalReport& r, absl::string_view key) {
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"codes", &r.codes},         {"excerpts", &r.excerpts},
      {"recoded_excerpts", &r.recoded_excerpts}, {"themes", &r.themes},
      {"relations", &r.relations}, {"memos", &r.memos},
      {"unlinked_documents", &r.unlinked_documents}, {"suggestion_runs", &r.suggestion_runs}};
  for (const auto& [name, ids] : lists) {
    if (key == name) return py::cast(*ids);
  }
  if (key == "unlinked_speaker_turns") return py::int_(r.unlinked_speaker_turns);
  if (key == "suggestions") return py::int_(r.suggestions);
  if (key == "summary") return py::str(r.Summary());
  return py::object();
}

py::dict ReportAsDict(const RemovalReport& r) {
  py::dict d;
  for (const char* key : kReportKeys) d[key] = ReportField(r, key);
  return d;
}

// The inverse of ReportAsDict (for pickle); the summary is derived, not read.
RemovalReport ReportFromDict(const py::dict& d) {
  RemovalReport r;
  r.codes = d["codes"].cast<std::vector<std::string>>();
  r.excerpts = d["excerpts"].cast<std::vector<std::string>>();
  r.recoded_excerpts = d["recoded_excerpts"].cast<std::vector<std::string>>();
  r.themes = d["themes"].cast<std::vector<std::string>>();
  r.relations = d["relations"].cast<std::vector<std::string>>();
  r.memos = d["memos"].cast<std::vector<std::string>>();
  r.unlinked_documents = d["unlinked_documents"].cast<std::vector<std::string>>();
  r.unlinked_speaker_turns = d["unlinked_speaker_turns"].cast<int64_t>();
  r.suggestion_runs = d["suggestion_runs"].cast<std::vector<std::string>>();
  r.suggestions = d["suggestions"].cast<int64_t>();
  return r;
}

ReportValue ReportItem(const RemovalReport& r, py::handle key) {
  py::object value;
  if (py::isinstance<py::str>(key)) value = ReportField(r, key.cast<std::string>());
  if (!value) {
    PyErr_SetObject(PyExc_KeyError, py::make_tuple(key).ptr());  // As a dict raises it.
    throw py::error_already_set();
  }
  return value;
}

// thematica.RemovalReport: read-only attributes, and the read-only Mapping
// the removal calls returned before (report["excerpts"], dict(report), ==
// a dict with the same items), registered as a collections.abc.Mapping.
void BindRemovalReport(py::module_& m) {
  auto cls = py::class_<RemovalReport>(
      m, "RemovalReport",
      "What a removal took with it (read-only): ids of the removed codes, excerpts, themes, "
      "relations, memos and suggestion runs, of the excerpts that lost a code and the "
      "documents unlinked from a removed case; counts of unlinked speaker turns and of "
      "suggestions removed. Also a read-only mapping of those names, as report[\"excerpts\"].");
  cls.def_readonly("codes", &RemovalReport::codes)
      .def_readonly("excerpts", &RemovalReport::excerpts)
      .def_readonly("recoded_excerpts", &RemovalReport::recoded_excerpts,
                    "Excerpts that lost a code but kept others.")
      .def_readonly("themes", &RemovalReport::themes)
      .def_readonly("relations", &RemovalReport::relations)
      .def_readonly("memos", &RemovalReport::memos)
      .def_readonly("unlinked_documents", &RemovalReport::unlinked_documents,
                    "Documents that were linked to a removed case (the documents stay).")
      .def_readonly("unlinked_speaker_turns", &RemovalReport::unlinked_speaker_turns)
      .def_readonly("suggestion_runs", &RemovalReport::suggestion_runs)
      .def_readonly("suggestions", &RemovalReport::suggestions,
                    "Suggestions (of runs that stay) on a removed document or code.")
      .def_property_readonly("summary", &RemovalReport::Summary,
                             "e.g. \"3 excerpts, 1 memo\"; \"nothing else\" when empty.")
      .def("__getitem__", &ReportItem, py::arg("key"))
      .def("get",
           [](const RemovalReport& r, py::handle key, Typed<"object"> fallback) -> Typed<"object"> {
             py::object value;
             if (py::isinstance<py::str>(key)) value = ReportField(r, key.cast<std::string>());
             return value ? value : fallback;
           },
           py::arg("key"), py::arg("default") = py::none())
      .def("keys", [](const RemovalReport&) { return std::vector<std::string>(std::begin(kReportKeys), std::end(kReportKeys)); })
      .def("values", [](const RemovalReport& r) -> Typed<"list[list[str] | int | str]"> {
        py::list out;
        for (const char* key : kReportKeys) out.append(ReportField(r, key));
        return out;
      })
      .def("items", [](const RemovalReport& r) -> Typed<"list[tuple[str, list[str] | int | str]]"> {
        py::list out;
        for (const char* key : kReportKeys) out.append(py::make_tuple(key, ReportField(r, key)));
        return out;
      })
      .def("__iter__", [](const RemovalReport&) -> Typed<"collections.abc.Iterator[str]"> {
        return py::iter(py::cast(std::vector<std::string>(std::begin(kReportKeys), std::end(kReportKeys))));
      })
      .def("__len__", [](const RemovalReport&) { return std::size(kReportKeys); })
      .def("__contains__", [](const RemovalReport& r, Typed<"object"> key) {
        return py::isinstance<py::str>(key) && static_cast<bool>(ReportField(r, key.cast<std::string>()));
      }, py::arg("key"))
      .def("__eq__", [](const RemovalReport& a, Typed<"object"> other) -> Typed<"bool"> {
        if (py::isinstance<RemovalReport>(other)) {
          return py::bool_(ReportAsDict(a).equal(ReportAsDict(other.cast<const RemovalReport&>())));
        }
        if (py::isinstance<py::dict>(other)) return py::bool_(ReportAsDict(a).equal(other));
        return py::reinterpret_borrow<py::object>(Py_NotImplemented);
      }, py::arg("other"))
      .def("__repr__", [](const RemovalReport& r) { return absl::StrCat("<RemovalReport: ", r.Summary(), ">"); })
      // copy, deepcopy and pickle, as the dicts the removal calls returned before allowed.
      .def("__copy__", [](const RemovalReport& r) { return r; })
      .def("__deepcopy__", [](const RemovalReport& r, py::handle) { return r; }, py::arg("memo"))
      .def(py::pickle([](const RemovalReport& r) { return ReportAsDict(r); },
                      [](py::dict d) { return ReportFromDict(d); }));
  py::module_::import("collections.abc").attr("Mapping").attr("register")(cls);
}
}  // namespace

void BindProjectValues(py::module_& m) {
  py::class_<Span>(m, "Span", "A half-open range [start, end) of code points (read-only).")
      .def(py::init([](py::handle start_arg, py::handle end_arg) {
             const int64_t start = Int64(start_arg, "start");
             const int64_t end = Int64(end_arg, "end");
 return Span{start, end}; }),
           py::arg("start"), py::arg("end"))
      .def_readonly("start", &Span::start)
      .def_readonly("end", &Span::end)
      .def("__len__", [](const Span& s) { return s.length(); })
      .def("overlaps", &Span::Overlaps)
      .def("__eq__", EqualIfSameType<Span>([](const Span& a, const Span& b) { return a == b; }), py::arg("other"))
      .def("__repr__", [](const Span& s) { return absl::StrCat("Span(", s.start, ", ", s.end, ")"); });

  auto coder = py::class_<Coder>(m, "Coder", "A person who codes (read-only snapshot).");
  coder.def_readonly("id", &Coder::id).def_readonly("name", &Coder::name)
      .def_readonly("metadata", &Coder::metadata)
      .def("__eq__", EqualIfSameType<Coder>([](const Coder& a, const Coder& b) { return a.id == b.id && a.name == b.name; }), py::arg("other"))
      .def("__hash__", [](const Coder& c) { return py::hash(py::str(c.id)); })
      .def("__repr__", [](const Coder& c) { return ReprName("Coder", c); });
  DefTimes<decltype(coder), Coder>(coder);

  py::class_<AttributeDefinition>(m, "AttributeDefinition",
                                  "A declared case attribute (read-only snapshot).")
      .def_readonly("id", &AttributeDefinition::id)
      .def_readonly("name", &AttributeDefinition::name)
      .def_property_readonly("type", [](const AttributeDefinition& a) {
        return std::string(AttributeTypeName(a.type));
      })
      .def_readonly("description", &AttributeDefinition::description)
      .def("__eq__", EqualIfSameType<AttributeDefinition>([](const AttributeDefinition& a, const AttributeDefinition& b) {
        return a.id == b.id && a.name == b.name && a.type == b.type;
      }), py::arg("other"))
      .def("__hash__", [](const AttributeDefinition& a) { return py::hash(py::str(a.id)); })
      .def("__repr__", [](const AttributeDefinition& a) {
        return absl::StrCat(ReprName("AttributeDefinition", a).substr(0, ReprName("AttributeDefinition", a).size() - 1),
                            " ", AttributeTypeName(a.type), ">");
      });

  auto case_cls = py::class_<CaseSnapshot>(m, "Case",
                                           "A participant with attribute values (read-only snapshot).");
  case_cls.def_property_readonly("id", [](const CaseSnapshot& s) { return s.c.id; })
      .def_property_readonly("name", [](const CaseSnapshot& s) { return s.c.name; })
      .def_property_readonly("description", [](const CaseSnapshot& s) { return s.c.description; })
      .def_property_readonly("attributes", [](const CaseSnapshot& s) {
        py::dict d;
        for (const auto& [name, value] : s.named) d[py::str(name)] = ToPython(value);
        return d;
      })
      .def_property_readonly("created", [](const CaseSnapshot& s) { return ToDatetime(s.c.created); })
      .def_property_readonly("modified", [](const CaseSnapshot& s) { return ToDatetime(s.c.modified); })
      .def_property_readonly("metadata", [](const CaseSnapshot& s) { return s.c.metadata; })
      .def("__eq__", EqualIfSameType<CaseSnapshot>([](const CaseSnapshot& a, const CaseSnapshot& b) {
        return a.c.id == b.c.id && a.c.name == b.c.name && a.named == b.named;
      }), py::arg("other"))
      .def("__hash__", [](const CaseSnapshot& s) { return py::hash(py::str(s.c.id)); })
      .def("__repr__", [](const CaseSnapshot& s) { return ReprName("Case", s.c); });

  py::class_<SpeakerTurn>(m, "SpeakerTurn", "A range of text attributed to a speaker (read-only).")
      .def(py::init([](py::handle start_arg, py::handle end_arg, py::handle case_id_arg, py::handle speaker_arg,
                       py::handle start_ms, py::handle end_ms) {
             auto ms = [](py::handle v, absl::string_view what) -> int64_t {
               if (v.is_none()) return -1;
               const int64_t value = Int64(v, what);
               if (value < 0) ThrowIfError(absl::InvalidArgumentError(absl::StrCat(what, " must be 0 or more")));
               return value;
             };
             return SpeakerTurn{{Int64(start_arg, "start"), Int64(end_arg, "end")},
                                Utf8(case_id_arg, "case_id"), Utf8(speaker_arg, "speaker"),
                                ms(start_ms, "start_ms"), ms(end_ms, "end_ms")};
           }),
           py::arg("start"), py::arg("end"), py::arg("case_id") = "", py::arg("speaker") = "",
           py::kw_only(), py::arg("start_ms") = py::none(), py::arg("end_ms") = py::none(),
           "A turn [start, end) of code points; start_ms/end_ms: its times in milliseconds, if known.")
      .def_property_readonly("start", [](const SpeakerTurn& t) { return t.span.start; })
      .def_property_readonly("end", [](const SpeakerTurn& t) { return t.span.end; })
      .def_readonly("case_id", &SpeakerTurn::case_id)
      .def_readonly("speaker", &SpeakerTurn::speaker)
      .def("__eq__", EqualIfSameType<SpeakerTurn>([](const SpeakerTurn& a, const SpeakerTurn& b) { return a == b; }), py::arg("other"))
      .def("__repr__", [](const SpeakerTurn& t) {
        return absl::StrCat("<SpeakerTurn [", t.span.start, ", ", t.span.end, ") ",
                            py::repr(py::str(t.speaker)).cast<std::string>(), ">");
      });

  auto document = py::class_<Document>(m, "Document", "A text source (read-only snapshot).");
  document.def_readonly("id", &Document::id)
      .def_readonly("name", &Document::name)
      .def_readonly("text", &Document::text)
      .def_readonly("case_id", &Document::case_id)
      .def_readonly("speaker_turns", &Document::speaker_turns)
      .def_readonly("description", &Document::description)
      .def_readonly("metadata", &Document::metadata)
      .def("__len__", [](const Document& d) { return CodePointCount(d.text); })
      .def("__eq__", EqualIfSameType<Document>([](const Document& a, const Document& b) {
        return a.id == b.id && a.name == b.name && a.text == b.text && a.case_id == b.case_id;
      }), py::arg("other"))
      .def("__hash__", [](const Document& d) { return py::hash(py::str(d.id)); })
      .def("__repr__", [](const Document& d) {
        return absl::StrCat(ReprName("Document", d).substr(0, ReprName("Document", d).size() - 1),
                            " ", CodePointCount(d.text), " chars>");
      });
  DefTimes<decltype(document), Document>(document);

  auto code = py::class_<Code>(m, "Code", "A code of the codebook (read-only snapshot).");
  code.def_readonly("id", &Code::id)
      .def_readonly("name", &Code::name)
      .def_property_readonly("parent_id", [](const Code& c) -> IdOrNone {
        return OptionalStr(c.parent_id);
      })
      .def_readonly("description", &Code::description)
      .def_readonly("inclusion", &Code::inclusion)
      .def_readonly("exclusion", &Code::exclusion)
      .def_readonly("example", &Code::example)
      .def_readonly("color", &Code::color)
      .def_readonly("codable", &Code::codable)
      .def_readonly("metadata", &Code::metadata)
      .def("__eq__", EqualIfSameType<Code>([](const Code& a, const Code& b) {
        return a.id == b.id && a.name == b.name && a.parent_id == b.parent_id &&
               a.description == b.description;
      }), py::arg("other"))
      .def("__hash__", [](const Code& c) { return py::hash(py::str(c.id)); })
      .def("__repr__", [](const Code& c) { return ReprName("Code", c); });
  DefTimes<decltype(code), Code>(code);

  py::class_<ExcerptSnapshot>(m, "Excerpt",
                              "A coded segment with its text (read-only snapshot).")
      .def_property_readonly("id", [](const ExcerptSnapshot& s) { return s.excerpt.id; })
      .def_property_readonly("document_id", [](const ExcerptSnapshot& s) { return s.excerpt.document_id; })
      .def_property_readonly("start", [](const ExcerptSnapshot& s) { return s.excerpt.span.start; })
      .def_property_readonly("end", [](const ExcerptSnapshot& s) { return s.excerpt.span.end; })
      .def_property_readonly("span", [](const ExcerptSnapshot& s) { return s.excerpt.span; })
      .def_property_readonly("code_ids", [](const ExcerptSnapshot& s) { return s.excerpt.code_ids; })
      .def_property_readonly("coder_id", [](const ExcerptSnapshot& s) -> IdOrNone {
        return OptionalStr(s.excerpt.coder_id);
      })
      .def_property_readonly("text", [](const ExcerptSnapshot& s) { return s.text; })
      .def_property_readonly("created", [](const ExcerptSnapshot& s) { return ToDatetime(s.excerpt.created); })
      .def_property_readonly("modified", [](const ExcerptSnapshot& s) { return ToDatetime(s.excerpt.modified); })
      .def_property_readonly("metadata", [](const ExcerptSnapshot& s) { return s.excerpt.metadata; })
      .def_property_readonly("provenance", [](const ExcerptSnapshot& s) { return ProvenanceToDict(s.excerpt.provenance); })
      .def("__eq__", EqualIfSameType<ExcerptSnapshot>([](const ExcerptSnapshot& a, const ExcerptSnapshot& b) {
        return a.excerpt.id == b.excerpt.id && a.excerpt.span == b.excerpt.span &&
               a.excerpt.code_ids == b.excerpt.code_ids && a.text == b.text;
      }), py::arg("other"))
      .def("__hash__", [](const ExcerptSnapshot& s) { return py::hash(py::str(s.excerpt.id)); })
      .def("__repr__", [](const ExcerptSnapshot& s) {
        std::string text = s.text.size() > 40 ? s.text.substr(0, 40) + "…" : s.text;
        return absl::StrCat("<Excerpt [", s.excerpt.span.start, ", ", s.excerpt.span.end, ") ",
                            py::repr(py::str(text)).cast<std::string>(), ">");
      });

  auto theme = py::class_<Theme>(m, "Theme", "A theme or sub-theme (read-only snapshot).");
  theme.def_readonly("id", &Theme::id)
      .def_readonly("name", &Theme::name)
      .def_readonly("description", &Theme::description)
      .def_property_readonly("parent_id", [](const Theme& t) -> IdOrNone {
        return OptionalStr(t.parent_id);
      })
      .def_readonly("code_ids", &Theme::code_ids)
      .def_readonly("color", &Theme::color)
      .def_readonly("metadata", &Theme::metadata)
      .def("__eq__", EqualIfSameType<Theme>([](const Theme& a, const Theme& b) {
        return a.id == b.id && a.name == b.name && a.parent_id == b.parent_id &&
               a.code_ids == b.code_ids;
      }), py::arg("other"))
      .def("__hash__", [](const Theme& t) { return py::hash(py::str(t.id)); })
      .def("__repr__", [](const Theme& t) { return ReprName("Theme", t); });
  DefTimes<decltype(theme), Theme>(theme);

  auto relation = py::class_<Relation>(m, "Relation", "A labelled edge of the thematic map (read-only snapshot).");
  relation.def_readonly("id", &Relation::id)
      .def_readonly("source_id", &Relation::source_id)
      .def_readonly("target_id", &Relation::target_id)
      .def_readonly("label", &Relation::label)
      .def_property_readonly("direction", [](const Relation& r) {
        return std::string(RelationDirectionName(r.direction));
      })
      .def_readonly("description", &Relation::description)
      .def("__eq__", EqualIfSameType<Relation>([](const Relation& a, const Relation& b) {
        return a.id == b.id && a.source_id == b.source_id && a.target_id == b.target_id &&
               a.label == b.label;
      }), py::arg("other"))
      .def("__hash__", [](const Relation& r) { return py::hash(py::str(r.id)); })
      .def("__repr__", [](const Relation& r) {
        return absl::StrCat("<Relation ", py::repr(py::str(r.label)).cast<std::string>(), " ",
                            r.id.substr(0, 8), ">");
      });
  DefTimes<decltype(relation), Relation>(relation);

  auto memo = py::class_<Memo>(m, "Memo", "An analytic note (read-only snapshot).");
  memo.def_readonly("id", &Memo::id)
      .def_readonly("title", &Memo::title)
      .def_readonly("text", &Memo::text)
      .def_property_readonly("author_id", [](const Memo& x) -> IdOrNone {
        return OptionalStr(x.author_id);
      })
      .def_property_readonly("target_id", [](const Memo& x) -> IdOrNone {
        return OptionalStr(x.target_id);
      })
      .def("__eq__", EqualIfSameType<Memo>([](const Memo& a, const Memo& b) {
        return a.id == b.id && a.title == b.title && a.text == b.text && a.target_id == b.target_id;
      }), py::arg("other"))
      .def("__hash__", [](const Memo& x) { return py::hash(py::str(x.id)); })
      .def("__repr__", [](const Memo& x) {
        return absl::StrCat("<Memo ", py::repr(py::str(x.title)).cast<std::string>(), " ",
                            x.id.substr(0, 8), ">");
      });
  DefTimes<decltype(memo), Memo>(memo);

  py::class_<CodeCount>(m, "CodeCount", "How much a code is used.")
      .def_readonly("code_id", &CodeCount::code_id)
      .def_readonly("excerpts", &CodeCount::excerpts)
      .def_readonly("documents", &CodeCount::documents)
      .def_readonly("cases", &CodeCount::cases)
      .def("__repr__", [](const CodeCount& c) {
        return absl::StrCat("<CodeCount ", c.code_id.substr(0, 8), " excerpts=", c.excerpts,
                            " documents=", c.documents, " cases=", c.cases, ">");
      });
  BindRemovalReport(m);
}

}  // namespace thematica::python
