// Internal to the Project binders (py_project*.cc): the snapshot types they
// return, the Python ↔ C++ conversions they share, and the lookups of a
// project's objects by object, id or name (defined in py_project_util.cc).
//
//   const Code& code = CodeOf(project, code_or_id_or_name);  // NotFoundError if none
//   return SnapshotOf(project, *project.FindExcerpt(id));    // thematica.Excerpt
#ifndef THEMATICA_BINDINGS_PY_PROJECT_UTIL_H_
#define THEMATICA_BINDINGS_PY_PROJECT_UTIL_H_

#include <pybind11/pybind11.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "py_util.h"
#include "thematica/project.h"

namespace thematica::python {

// --- Snapshots that need the project to be complete --------------------------

// thematica.Excerpt: an excerpt with its text.
struct ExcerptSnapshot {
  Excerpt excerpt;
  std::string text;
};

// thematica.Case: a case with its attribute values by name.
struct CaseSnapshot {
  Case c;
  std::vector<std::pair<std::string, AttributeValue>> named;  // name → value
};

// thematica.Codebook: the codebook view bound to its project; kept alive by
// the project object.
struct CodebookProxy {
  Project* project;
};

ExcerptSnapshot SnapshotOf(const Project& p, const Excerpt& e);
CaseSnapshot SnapshotOf(const Project& p, const Case& c);
std::vector<ExcerptSnapshot> Snapshots(const Project& p, const std::vector<const Excerpt*>& es);

// --- Conversions ------------------------------------------------------------

// An aware UTC datetime; None for absl::InfinitePast() (never set).
TimeOrNone ToDatetime(absl::Time t);
// A naive datetime counts as UTC; TypeError for anything but a datetime.
absl::Time FromDatetime(pybind11::handle dt);
// An attribute value as str, float, bool or datetime.date, and back.
pybind11::object ToPython(const AttributeValue& v);
AttributeValue FromPython(pybind11::handle value, absl::string_view attribute);
// A speaker turn from a SpeakerTurn, a dict with start, end and optional
// case and speaker, or a (start, end[, case[, speaker]]) tuple.
SpeakerTurn ToSpeakerTurn(pybind11::handle t, const std::string& what);
// {"kind": "human"|"rule"|"import"|"model", plus the details that are set},
// and back from such a dict or a bare kind name.
pybind11::dict ProvenanceToDict(const Provenance& p);
Provenance ProvenanceFromPython(pybind11::handle h);

// --- Lookups by object, id or name (thematica/resolve.h) --------------------

const Coder& CoderOf(const Project& p, pybind11::handle h);
const AttributeDefinition& AttributeOf(const Project& p, pybind11::handle h);
const Case& CaseOf(const Project& p, pybind11::handle h);
const Document& DocumentOf(const Project& p, pybind11::handle h);
const Code& CodeOf(const Project& p, pybind11::handle h);
const Theme& ThemeOf(const Project& p, pybind11::handle h);
const Excerpt& ExcerptOf(const Project& p, pybind11::handle h);  // by id
const Relation& RelationOf(const Project& p, pybind11::handle h);  // by id
const Memo& MemoOf(const Project& p, pybind11::handle h);  // by id
// The id of a theme or code (relation ends and memo targets given by name).
std::string ThemeOrCodeId(const Project& p, pybind11::handle h);
// "" for None, else CoderOf(p, h).id.
std::string OptionalCoderId(const Project& p, pybind11::handle h);
// Code ids of None (none), one code, or an iterable of codes.
std::vector<std::string> CodeIds(const Project& p, pybind11::handle codes);

}  // namespace thematica::python

#endif  // THEMATICA_BINDINGS_PY_PROJECT_UTIL_H_
