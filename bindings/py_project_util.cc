// The conversions and lookups the Project binders share (py_project_util.h).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "py_project_util.h"
#include "py_util.h"
#include "thematica/project.h"
#include "thematica/resolve.h"

namespace py = pybind11;

namespace thematica::python {

// --- Conversions ---------------------------------------------------------------

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

namespace {
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
}  // namespace

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

// --- Snapshots ------------------------------------------------------------------

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

std::vector<ExcerptSnapshot> Snapshots(const Project& p, const std::vector<const Excerpt*>& es) {
  std::vector<ExcerptSnapshot> out;
  out.reserve(es.size());
  for (const Excerpt* e : es) out.push_back(SnapshotOf(p, *e));
  return out;
}

// --- Lookups by id or name ---------------------------------------------------

namespace {

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
}  // namespace

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

}  // namespace thematica::python
