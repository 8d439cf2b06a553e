// Binds the core model: thematica::Project and read-only snapshots of the
// objects it holds. Every mutation goes through the Project (or its codebook
// proxy), which validates it; snapshots never edit a hidden copy.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "binders.h"
#include "internal/project_loader.h"
#include "py_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/resolve.h"
#include "thematica/version.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

// --- Conversions ---------------------------------------------------------------

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

TimeOrNone ToDatetime(absl::Time t) {
  if (t == absl::InfinitePast()) return py::none();
  static py::object datetime = py::module_::import("datetime");
  py::object utc = datetime.attr("timezone").attr("utc");
  const int64_t micros = absl::ToUnixMicros(t);
  py::object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, utc);
  return epoch + datetime.attr("timedelta")(py::arg("microseconds") = micros);
}

absl::Time FromDatetime(py::handle dt) {
  static py::object datetime = py::module_::import("datetime");
  if (!py::isinstance(dt, datetime.attr("datetime"))) {
    throw py::type_error("expected a datetime.datetime");
  }
  py::object aware = py::reinterpret_borrow<py::object>(dt);
  if (dt.attr("tzinfo").is_none()) {
    aware = dt.attr("replace")(py::arg("tzinfo") = datetime.attr("timezone").attr("utc"));
  }
  py::object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0,
                                                datetime.attr("timezone").attr("utc"));
  py::object delta = aware - epoch;
  const int64_t days = delta.attr("days").cast<int64_t>();
  const int64_t seconds = delta.attr("seconds").cast<int64_t>();
  const int64_t micros = delta.attr("microseconds").cast<int64_t>();
  return absl::FromUnixMicros((days * 86400 + seconds) * 1000000 + micros);
}

IdOrNone OptionalStr(const std::string& s) {
  return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

py::object ToPython(const AttributeValue& v) {
  if (const std::string* t = v.text()) return py::str(*t);
  if (const double* n = v.number()) return py::float_(*n);
  if (const bool* b = v.boolean()) return py::bool_(*b);
  static py::object date = py::module_::import("datetime").attr("date");
  const absl::CivilDay d = *v.date();
  return date(d.year(), d.month(), d.day());
}

// The type a Python value has as an attribute, or nullopt if it has none.
std::optional<AttributeType> TypeOfPython(py::handle value) {
  static py::object date = py::module_::import("datetime").attr("date");
  if (py::isinstance<py::bool_>(value)) return AttributeType::kBoolean;
  if (py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value)) {
    return AttributeType::kNumber;
  }
  if (py::isinstance<py::str>(value)) return AttributeType::kText;
  if (py::isinstance(value, date)) return AttributeType::kDate;
  return std::nullopt;
}

AttributeValue FromPython(py::handle value, absl::string_view attribute) {
  const std::optional<AttributeType> type = TypeOfPython(value);
  if (!type.has_value()) {
    ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
        "attribute \"", attribute, "\": unsupported value type ",
        std::string(py::str(py::type::of(value).attr("__name__"))),
        " (use str, int, float, bool or datetime.date)")));
  }
  switch (*type) {
    case AttributeType::kBoolean:
      return AttributeValue(value.cast<bool>());
    case AttributeType::kNumber:
      return AttributeValue(Double(value, absl::StrCat("value of attribute \"", attribute, "\"")));
    case AttributeType::kText:
      return AttributeValue(Utf8(value, "value"));
    case AttributeType::kDate:
      return AttributeValue(absl::CivilDay(value.attr("year").cast<int>(),
                                           value.attr("month").cast<int>(),
                                           value.attr("day").cast<int>()));
  }
  return AttributeValue();
}

// A speaker turn from a SpeakerTurn, a dict with start, end and optional
// case and speaker, or a (start, end[, case[, speaker]]) tuple.
SpeakerTurn ToSpeakerTurn(py::handle t, const std::string& what) {
  if (py::isinstance<SpeakerTurn>(t)) return t.cast<SpeakerTurn>();
  SpeakerTurn turn;
  auto optional = [&](py::handle v, absl::string_view field) {
    return v.is_none() ? std::string() : (py::hasattr(v, "id") ? IdOf(v) : Utf8(v, absl::StrCat(what, ".", field)));
  };
  if (py::isinstance<py::dict>(t)) {
    py::dict d = py::reinterpret_borrow<py::dict>(t);
    for (auto item : d) {
      const std::string key = py::str(item.first);
      if (key != "start" && key != "end" && key != "case" && key != "case_id" && key != "speaker" &&
          key != "start_ms" && key != "end_ms") {
        ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
            what, " has an unknown key \"", key, "\" (expected start, end, case, speaker, start_ms, end_ms)")));
      }
    }
    if (!d.contains("start") || !d.contains("end")) {
      ThrowIfError(absl::InvalidArgumentError(absl::StrCat(what, " needs \"start\" and \"end\"")));
    }
    turn.span = {Int64(d["start"], what + ".start"), Int64(d["end"], what + ".end")};
    if (d.contains("case")) turn.case_id = optional(d["case"], "case");
    if (d.contains("case_id")) turn.case_id = optional(d["case_id"], "case_id");
    if (d.contains("speaker")) turn.speaker = optional(d["speaker"], "speaker");
    for (auto [key, field] : {std::pair{"start_ms", &SpeakerTurn::start_ms}, std::pair{"end_ms", &SpeakerTurn::end_ms}}) {
      if (d.contains(key) && !d[key].is_none()) turn.*field = Int64(d[key], absl::StrCat(what, ".", key));
    }
    return turn;
  }
  if ((py::isinstance<py::tuple>(t) || py::isinstance<py::list>(t)) && py::len(t) >= 2 && py::len(t) <= 4) {
    py::sequence seq = py::reinterpret_borrow<py::sequence>(t);
    turn.span = {Int64(seq[0], what + "[0] (start)"), Int64(seq[1], what + "[1] (end)")};
    if (py::len(t) > 2) turn.case_id = optional(seq[2], "case");
    if (py::len(t) > 3) turn.speaker = optional(seq[3], "speaker");
    return turn;
  }
  ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
      what, " must be a SpeakerTurn, a dict with start and end, or a (start, end[, case[, speaker]]) "
            "tuple, not ", std::string(py::str(py::type::of(t).attr("__name__"))))));
  return turn;
}

// {"kind": "human"|"rule"|"import"|"model", plus the details that are set}.
py::dict ProvenanceToDict(const Provenance& p) {
  py::dict d;
  d["kind"] = ProvenanceKindName(p.kind);
  const std::pair<const char*, const std::string*> fields[] = {
      {"rule", &p.rule}, {"scope", &p.scope}, {"tool", &p.tool},
      {"file", &p.file}, {"run_id", &p.run_id}, {"coder_id", &p.coder_id}};
  for (const auto& [key, value] : fields) {
    if (!value->empty()) d[key] = *value;
  }
  return d;
}

// From a dict as ProvenanceToDict makes, or a bare kind name.
Provenance ProvenanceFromPython(py::handle h) {
  Provenance out;
  py::dict d;
  if (py::isinstance<py::str>(h)) {
    d["kind"] = h;
  } else if (py::isinstance<py::dict>(h)) {
    d = py::reinterpret_borrow<py::dict>(h);
  } else {
    ThrowIfError(absl::InvalidArgumentError("provenance must be a kind name or a dict"));
  }
  for (const auto& [key_h, value] : d) {
    const std::string key = Utf8(key_h, "provenance key");
    const std::string v = Utf8(value, absl::StrCat("provenance ", key));
    if (key == "kind") {
      std::optional<ProvenanceKind> kind = ParseProvenanceKind(v);
      if (!kind) {
        ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
            "unknown provenance kind \"", v, "\" (expected human, rule, import or model)")));
      }
      out.kind = *kind;
    } else if (key == "rule") {
      out.rule = v;
    } else if (key == "scope") {
      out.scope = v;
    } else if (key == "tool") {
      out.tool = v;
    } else if (key == "file") {
      out.file = v;
    } else if (key == "run_id") {
      out.run_id = v;
    } else if (key == "coder_id") {
      out.coder_id = v;
    } else {
      ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
          "unknown provenance field \"", key,
          "\" (expected kind, rule, scope, tool, file, run_id, coder_id)")));
    }
  }
  return out;
}

py::dict ReportToDict(const RemovalReport& r) {
  py::dict d;
  d["codes"] = r.codes;
  d["excerpts"] = r.excerpts;
  d["recoded_excerpts"] = r.recoded_excerpts;
  d["themes"] = r.themes;
  d["relations"] = r.relations;
  d["memos"] = r.memos;
  d["unlinked_documents"] = r.unlinked_documents;
  d["unlinked_speaker_turns"] = r.unlinked_speaker_turns;
  d["suggestion_runs"] = r.suggestion_runs;
  d["suggestions"] = r.suggestions;
  d["summary"] = r.Summary();
  return d;
}

// --- Snapshots that need the project to be complete -----------------------------

struct ExcerptSnapshot {
  Excerpt excerpt;
  std::string text;
};

struct CaseSnapshot {
  Case c;
  std::vector<std::pair<std::string, AttributeValue>> named;  // name → value
};

ExcerptSnapshot SnapshotOf(const Project& p, const Excerpt& e) {
  return {e, std::string(p.ExcerptText(e))};
}

CaseSnapshot SnapshotOf(const Project& p, const Case& c) {
  CaseSnapshot s{c, {}};
  for (const AttributeDefinition& a : p.attributes()) {
    auto it = c.attributes.find(a.id);
    if (it != c.attributes.end()) s.named.emplace_back(a.name, it->second);
  }
  return s;
}

// --- Lookups by id or name ---------------------------------------------------

[[noreturn]] void ThrowNotFound(absl::string_view kind, absl::string_view key) {
  ThrowIfError(absl::NotFoundError(absl::StrCat("no ", kind, " with id or name \"", key, "\"")));
  throw std::logic_error("unreachable");
}

// The object `h` (an object, id, path or name) stands for, by the one rule of
// thematica/resolve.h: NotFoundError with "did you mean", or InvalidArgument
// for a name several codes or themes share.
template <typename T>
const T& Resolved(absl::StatusOr<const T*> found) {
  ThrowIfError(found.status());
  return **found;
}

const Coder& CoderOf(const Project& p, py::handle h) { return Resolved(ResolveCoder(p, IdOf(h))); }
const AttributeDefinition& AttributeOf(const Project& p, py::handle h) {
  return Resolved(ResolveAttribute(p, IdOf(h)));
}
const Case& CaseOf(const Project& p, py::handle h) { return Resolved(ResolveCase(p, IdOf(h))); }
const Document& DocumentOf(const Project& p, py::handle h) { return Resolved(ResolveDocument(p, IdOf(h))); }
const Code& CodeOf(const Project& p, py::handle h) { return Resolved(ResolveCode(p, IdOf(h))); }
const Theme& ThemeOf(const Project& p, py::handle h) { return Resolved(ResolveTheme(p, IdOf(h))); }
const Excerpt& ExcerptOf(const Project& p, py::handle h) {
  const std::string key = IdOf(h);
  if (const Excerpt* e = p.FindExcerpt(key)) return *e;
  ThrowNotFound("excerpt", key);
}
const Relation& RelationOf(const Project& p, py::handle h) {
  const std::string key = IdOf(h);
  if (const Relation* r = p.FindRelation(key)) return *r;
  ThrowNotFound("relation", key);
}
const Memo& MemoOf(const Project& p, py::handle h) {
  const std::string key = IdOf(h);
  if (const Memo* m = p.FindMemo(key)) return *m;
  ThrowNotFound("memo", key);
}
// Theme or code (for relation ends and memo targets given by name).
std::string ThemeOrCodeId(const Project& p, py::handle h) {
  const std::string key = IdOf(h);
  // Any known id goes through, so that the project says what is wrong with it.
  if (p.KindOf(key) != ObjectKind::kNone) return key;
  for (const Theme& t : p.themes()) {
    if (t.name == key) return t.id;
  }
  return CodeOf(p, h).id;
}
std::string OptionalCoderId(const Project& p, py::handle h) {
  return h.is_none() ? "" : CoderOf(p, h).id;
}
std::vector<std::string> CodeIds(const Project& p, py::handle codes) {
  std::vector<std::string> ids;
  if (codes.is_none()) return ids;
  if (py::isinstance<py::str>(codes) || py::hasattr(codes, "id")) {
    ids.push_back(CodeOf(p, codes).id);
    return ids;
  }
  for (py::handle c : codes) ids.push_back(CodeOf(p, c).id);
  return ids;
}

// Codebook view bound to its project; kept alive by the project object.
struct CodebookProxy {
  Project* project;
};

std::vector<ExcerptSnapshot> Snapshots(const Project& p, const std::vector<const Excerpt*>& es) {
  std::vector<ExcerptSnapshot> out;
  out.reserve(es.size());
  for (const Excerpt* e : es) out.push_back(SnapshotOf(p, *e));
  return out;
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

void BindValues(py::module_& m) {
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
}

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

}  // namespace

void BindProject(py::module_& m) {
  BindValues(m);

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
             return ReportToDict(Unwrap(b.project->RemoveCode(id, cascade)));
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

  py::class_<Project>(m, "Project",
                      "A qualitative-analysis project. Objects it returns are read-only "
                      "snapshots; change them through the project's methods.",
                      py::dynamic_attr())  // Caches derived state (the analysis index).
      .def(py::init([](py::handle title_arg, py::handle description_arg) {
             // Creating is not an edit: the log starts empty.
             return Project(ProjectOptions{.title = Utf8(title_arg, "title"),
                                           .description = Utf8(description_arg, "description")});
           }),
           py::arg("title") = "", py::arg("description") = "")
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
      .def("remove_case", [](Project& p, py::handle c) { return ReportToDict(Unwrap(p.RemoveCase(CaseOf(p, c).id))); },
           py::arg("case"), "Removes a case; documents and speaker turns are unlinked. Returns what changed.")
      // Documents.
      .def_property_readonly("documents", [](const Project& p) { return p.documents(); },
                             "Snapshots (copies) of the project's documents, in insertion order.")
      .def("add_document",
           [](Project& p, py::handle name_arg, py::handle text, py::handle c,
              py::handle speaker_turns, py::handle description_arg) {
             const std::string name = Utf8(name_arg, "name");
             const std::string description = Utf8(description_arg, "description");

             Document d{.name = name, .text = Utf8(text, absl::StrCat("text of document \"", name, "\"")),
                        .description = description};
             if (!c.is_none()) d.case_id = CaseOf(p, c).id;
             if (!speaker_turns.is_none()) {
               size_t i = 0;
               for (py::handle t : speaker_turns) {
                 SpeakerTurn turn = ToSpeakerTurn(t, absl::StrCat("speaker_turns[", i++, "]"));
                 if (!turn.case_id.empty()) turn.case_id = CaseOf(p, py::str(turn.case_id)).id;
                 d.speaker_turns.push_back(std::move(turn));
               }
             }
             return *p.FindDocument(Unwrap(p.AddDocument(std::move(d))));
           },
           py::arg("name"), py::arg("text"), py::arg("case") = py::none(),
           py::arg("speaker_turns") = py::none(), py::arg("description") = "",
           "Adds a document. speaker_turns: SpeakerTurn(start, end, case_id_or_name, speaker).")
      .def("document", [](const Project& p, py::handle key) { return DocumentOf(p, key); },
           py::arg("id_or_name"))
      .def("update_document",
           [](Project& p, py::handle doc, py::object name, py::object text, py::object c,
              py::object description) {
             Document d = DocumentOf(p, doc);
             if (!name.is_none()) d.name = Utf8(name, "name");
             if (!text.is_none()) d.text = Utf8(text, absl::StrCat("text of document \"", d.name, "\""));
             if (!c.is_none()) {
               const std::string key = IdOf(c);
               d.case_id = key.empty() ? "" : CaseOf(p, c).id;
             }
             if (!description.is_none()) d.description = Utf8(description, "description");
             const std::string id = d.id;
             ThrowIfError(p.UpdateDocument(std::move(d)));
             return *p.FindDocument(id);
           },
           py::arg("document"), py::arg("name") = py::none(), py::arg("text") = py::none(),
           py::arg("case") = py::none(), py::arg("description") = py::none(),
           "Changes fields; None leaves a field as it is, case=\"\" unlinks the case.")
      .def("remove_document",
           [](Project& p, py::handle doc) { return ReportToDict(Unwrap(p.RemoveDocument(DocumentOf(p, doc).id))); },
           py::arg("document"), "Removes a document with its excerpts and memos. Returns what went.")
      // Excerpts.
      .def("add_excerpt",
           [](Project& p, py::handle doc, py::handle start_arg, py::handle end_arg, py::handle codes, py::handle coder,
              py::object memo, py::object provenance) {
             const int64_t start = Int64(start_arg, "start");
             const int64_t end = Int64(end_arg, "end");

             // Every argument is converted before anything changes.
             const std::string memo_text = memo.is_none() ? "" : Utf8(memo, "memo");
             Excerpt e{.document_id = DocumentOf(p, doc).id,
                       .span = {start, end},
                       .code_ids = CodeIds(p, codes),
                       .coder_id = OptionalCoderId(p, coder)};
             if (!provenance.is_none()) e.provenance = ProvenanceFromPython(provenance);
             const std::string id = Unwrap(p.AddExcerpt(std::move(e)));
             if (!memo.is_none()) {
               absl::StatusOr<std::string> m =
                   p.AddMemo({.text = memo_text, .author_id = p.FindExcerpt(id)->coder_id,
                              .target_id = id});
               if (!m.ok()) (void)p.RemoveExcerpt(id);
               ThrowIfError(m.status());
             }
             return SnapshotOf(p, *p.FindExcerpt(id));
           },
           py::arg("document"), py::arg("start"), py::arg("end"), py::arg("codes"),
           py::arg("coder") = py::none(), py::arg("memo") = py::none(),
           py::arg("provenance") = py::none(),
           "Codes document text [start, end) (Python string indices) with `codes`. `provenance` "
           "(default: a person) is a kind name or a dict such as {\"kind\": \"import\", "
           "\"tool\": \"survey\", \"file\": \"answers.csv\"}.")
      .def("excerpt", [](const Project& p, py::handle key) { return SnapshotOf(p, ExcerptOf(p, key)); },
           py::arg("id"))
      .def("update_excerpt",
           [](Project& p, py::handle excerpt, py::object start, py::object end, py::object codes,
              py::object coder) {
             Excerpt e = ExcerptOf(p, excerpt);
             if (!start.is_none()) e.span.start = Int64(start, "start");
             if (!end.is_none()) e.span.end = Int64(end, "end");
             if (!codes.is_none()) e.code_ids = CodeIds(p, codes);
             if (!coder.is_none()) e.coder_id = IdOf(coder).empty() ? "" : CoderOf(p, coder).id;
             const std::string id = e.id;
             ThrowIfError(p.UpdateExcerpt(std::move(e)));
             return SnapshotOf(p, *p.FindExcerpt(id));
           },
           py::arg("excerpt"), py::arg("start") = py::none(), py::arg("end") = py::none(),
           py::arg("codes") = py::none(), py::arg("coder") = py::none())
      .def("remove_excerpt",
           [](Project& p, py::handle e) { return ReportToDict(Unwrap(p.RemoveExcerpt(ExcerptOf(p, e).id))); },
           py::arg("excerpt"))
      .def("excerpts",
           [](const Project& p, py::handle code, py::handle doc, py::handle c, py::handle coder,
              bool include_descendants, py::object provenance, py::object run) {
             ExcerptFilter f{.code_id = code.is_none() ? "" : CodeOf(p, code).id,
                             .document_id = doc.is_none() ? "" : DocumentOf(p, doc).id,
                             .case_id = c.is_none() ? "" : CaseOf(p, c).id,
                             .coder_id = OptionalCoderId(p, coder),
                             .include_descendants = include_descendants};
             if (!provenance.is_none()) {
               f.provenance = ProvenanceKindName(ProvenanceFromPython(provenance).kind);
             }
             if (!run.is_none()) f.run_id = IdOf(run);
             return Snapshots(p, p.Excerpts(f));
           },
           py::arg("code") = py::none(), py::arg("document") = py::none(), py::arg("case") = py::none(),
           py::arg("coder") = py::none(), py::arg("include_descendants") = false,
           py::arg("provenance") = py::none(), py::arg("run") = py::none(),
           "Excerpts passing every given filter, in the order they were added. `provenance`: "
           "\"human\", \"rule\", \"import\" or \"model\"; `run`: accepted from that suggestion run.")
      .def("excerpt_cases",
           [](const Project& p, py::handle e) {
             std::vector<CaseSnapshot> out;
             for (const std::string& id : p.ExcerptCaseIds(ExcerptOf(p, e))) {
               out.push_back(SnapshotOf(p, *p.FindCase(id)));
             }
             return out;
           },
           py::arg("excerpt"),
           "The cases an excerpt speaks for (speaker turns it overlaps, else its document's case).")
      .def("code_counts", &Project::CodeCounts, py::arg("include_descendants") = false,
           "Excerpts, documents and cases per code, in codebook order.")
      .def_property_readonly("codebook",
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
             return ReportToDict(Unwrap(p.RemoveTheme(ThemeOf(p, theme).id, cascade)));
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
           [](Project& p, py::handle r) { return ReportToDict(Unwrap(p.RemoveRelation(RelationOf(p, r).id))); },
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
           py::arg("memo"))
      // Whole project.
      .def("validate", &Project::Validate, "Every consistency problem (empty when consistent).")
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

}  // namespace thematica::python
