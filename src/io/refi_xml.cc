// REFI-QDA XML: project.qde and .qdc import and export (see refi_qda.h).
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "internal/sha256.h"
#include "io/refi_positions.h"
#include "io/refi_sources.h"
#include "io/refi_zip.h"
#include "pugixml.hpp"
#include "thematica/interrupt.h"
#include "thematica/codebook.h"
#include "thematica/id.h"
#include "thematica/refi_qda.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"

namespace thematica {
namespace {

constexpr absl::string_view kProjectNs = "urn:QDA-XML:project:1.0";
constexpr absl::string_view kCodebookNs = "urn:QDA-XML:codebook:1.0";
// Our own graph of themes and relations; regenerated on every export.
constexpr absl::string_view kThemeGraphName = "Thematica thematic map";
constexpr absl::string_view kSubThemeEdge = "has sub-theme";
// Fields with no REFI-QDA element travel inside descriptions after these
// markers (one per field), recognised when the file is ours.
constexpr absl::string_view kMarker = "\n\n[Thematica:";
constexpr absl::string_view kOpaquePrefix = "refi:opaque:";

// --- XML helpers ---------------------------------------------------------------

absl::string_view Local(pugi::xml_node node) {
  absl::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == absl::string_view::npos ? name : name.substr(colon + 1);
}

std::vector<pugi::xml_node> Kids(pugi::xml_node node, absl::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == name) out.push_back(c);
  }
  return out;
}

pugi::xml_node Kid(pugi::xml_node node, absl::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == name) return c;
  }
  return {};
}

std::string Attr(pugi::xml_node node, const char* name) {
  return node.attribute(name).value();
}

std::string KidText(pugi::xml_node node, absl::string_view name) {
  return Kid(node, name).child_value();
}

std::string RawXml(pugi::xml_node node) {
  std::ostringstream out;
  node.print(out, "", pugi::format_raw);
  return out.str();
}

// The namespace URI the element's own prefix (or the default) resolves to.
std::string NamespaceOf(pugi::xml_node node) {
  absl::string_view name = node.name();
  size_t colon = name.find(':');
  std::string attr = colon == absl::string_view::npos
                         ? std::string("xmlns")
                         : absl::StrCat("xmlns:", name.substr(0, colon));
  for (pugi::xml_node n = node; n; n = n.parent()) {
    pugi::xml_attribute a = n.attribute(attr.c_str());
    if (a) return a.value();
  }
  return "";
}

absl::Status ParseXml(absl::string_view xml, absl::string_view what,
                      pugi::xml_document& doc) {
  if (absl::StartsWith(xml, "\xEF\xBB\xBF")) xml.remove_prefix(3);
  if (absl::Status utf8 = ValidateUtf8(xml); !utf8.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not valid UTF-8: ", utf8.message()));
  }
  // parse_doctype keeps a DOCTYPE as a node so that it can be refused; pugixml
  // never expands user-defined entities, but a DTD has no place in REFI-QDA.
  pugi::xml_parse_result parsed = doc.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype,
      pugi::encoding_utf8);
  if (!parsed) {
    return absl::DataLossError(absl::StrCat(what, " is not well-formed XML at byte ",
                                            parsed.offset, ": ", parsed.description()));
  }
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_doctype) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " has a DOCTYPE; DTDs and entity declarations are refused"));
    }
  }
  if (!doc.document_element()) {
    return absl::DataLossError(absl::StrCat(what, " has no root element"));
  }
  return absl::OkStatus();
}

// --- Values ----------------------------------------------------------------------

// REFI-QDA's directionType.
const char* DirectionName(RelationDirection d) {
  switch (d) {
    case RelationDirection::kOneWay:
      return "OneWay";
    case RelationDirection::kBidirectional:
      return "Bidirectional";
    case RelationDirection::kAssociative:
      return "Associative";
  }
  return "Associative";
}

absl::Time ParseDateTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!text.empty() && absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return t;
  return absl::InfinitePast();
}

std::string FormatDateTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string FormatDecimal(double v) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

uint64_t Fnv1a(absl::string_view bytes, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Packs fields that have no REFI-QDA element after the description.
std::string Pack(absl::string_view text,
                 const std::vector<std::pair<absl::string_view, std::string>>& fields) {
  std::string out(text);
  for (const auto& [label, value] : fields) {
    if (!value.empty()) absl::StrAppend(&out, kMarker, label, "]\n", value);
  }
  return out;
}

// Inverse of Pack: the description before the first marker, and the fields.
std::string Unpack(absl::string_view packed, std::map<std::string, std::string>* fields) {
  size_t first = packed.find(kMarker);
  std::string head(packed.substr(0, first));
  while (first != absl::string_view::npos) {
    size_t label_start = first + kMarker.size();
    size_t label_end = packed.find("]\n", label_start);
    if (label_end == absl::string_view::npos) break;
    size_t next = packed.find(kMarker, label_end);
    (*fields)[std::string(packed.substr(label_start, label_end - label_start))] =
        std::string(packed.substr(label_end + 2, next == absl::string_view::npos
                                                     ? absl::string_view::npos
                                                     : next - label_end - 2));
    first = next;
  }
  return head;
}

// Names in use, with the next suffix to try per repeated name, so that n
// copies of one name are renamed in O(n) rather than O(n²).
struct NameSet {
  absl::flat_hash_set<std::string> taken;
  absl::flat_hash_map<std::string, int> next_suffix;
};

// Makes `name` unique within `names` by appending " (2)", " (3)", ….
std::string UniqueName(std::string name, NameSet& names, absl::string_view what,
                       std::vector<std::string>& warnings) {
  if (names.taken.insert(name).second) return name;
  int& i = names.next_suffix[name];
  if (i < 2) i = 2;
  for (;; ++i) {
    std::string candidate = absl::StrCat(name, " (", i, ")");
    if (names.taken.insert(candidate).second) {
      ++i;
      warnings.push_back(absl::StrCat(what, " \"", name, "\" is used twice; renamed to \"",
                                      candidate, "\""));
      return candidate;
    }
  }
}

// --- Import ----------------------------------------------------------------------

class Importer {
 public:
  Importer(const SourceReader* read_source, const QdpxLimits& limits,
           const internal::RecordedOriginals* recorded = nullptr)
      : read_source_(read_source), limits_(limits), recorded_(recorded) {}

  absl::StatusOr<ImportResult> Project(pugi::xml_node root);
  absl::StatusOr<ImportResult> Codebook(pugi::xml_node root);

 private:
  // A GUID attribute, canonical; InvalidArgument when missing or malformed,
  // or already used by another element of `kind` (when `kind` is not empty).
  absl::StatusOr<std::string> Guid(pugi::xml_node node, const char* attr,
                                   absl::string_view kind, bool required = true);
  absl::StatusOr<std::string> NewGuid(pugi::xml_node node, absl::string_view kind) {
    return Guid(node, "guid", kind);
  }
  // A user reference (creatingUser, …): "" when absent, NotFound when unknown.
  absl::StatusOr<std::string> UserRef(pugi::xml_node node, const char* attr);
  // The project's creatingUserGUID/modifyingUserGUID: "" with a warning when
  // it names no <User> (QualCoder 4.0 writes a random one).
  absl::StatusOr<std::string> ProjectUserRef(pugi::xml_node root, const char* attr);
  absl::Status Codes(pugi::xml_node parent_node, const std::string& parent_id,
                     NameSet& sibling_names);
  absl::Status Variables(pugi::xml_node node);
  absl::Status Cases(pugi::xml_node node);
  absl::Status TextSource(pugi::xml_node node);
  absl::Status Selection(pugi::xml_node node, const Document& doc,
                         const internal::PositionMap& map);
  absl::Status Notes(pugi::xml_node node);
  absl::Status Sets(pugi::xml_node node, bool codebook);
  absl::Status Links(pugi::xml_node node);
  absl::Status Graphs(pugi::xml_node node);
  absl::Status NoteRefs(pugi::xml_node node, const std::string& target);
  absl::StatusOr<std::string> ReadText(pugi::xml_node source, absl::string_view what,
                                       bool* found);
  // The rich-text file of a TextSource as the document's original.
  void RichText(pugi::xml_node source, Document& doc);
  // The text of a TextSource, read once (the unit check reads it before the
  // source is imported).
  struct SourceText {
    std::string text;
    bool found = true;
  };
  absl::StatusOr<SourceText*> TextOf(pugi::xml_node source);
  // Where selections carry their text in `name`, picks the position unit
  // under which the names equal their texts and says which was used.
  absl::Status CheckUnitAgainstNames(pugi::xml_node sources, absl::string_view origin);
  void Opaque(absl::string_view kind, const std::string& guid, pugi::xml_node node,
              absl::string_view why);
  absl::StatusOr<ImportResult> Finish();
  // Whether a description holds fields after our markers: in our own files,
  // and in files another tool wrote after importing ours (QualCoder keeps
  // descriptions verbatim).
  bool Packed(absl::string_view description) const {
    return ours_ || absl::StrContains(description, kMarker);
  }

  const SourceReader* read_source_;
  const QdpxLimits& limits_;
  const internal::RecordedOriginals* recorded_;
  absl::flat_hash_map<const void*, SourceText> texts_;  // By TextSource node.
  bool ours_ = false;
  PositionConvention convention_ = PositionConvention::kCodePoints;
  ProjectInfo info_;
  std::vector<std::string> warnings_;
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> guids_;
  absl::flat_hash_set<std::string> users_;
  std::vector<Coder> coders_;
  std::vector<Code> codes_;
  absl::flat_hash_map<std::string, size_t> code_index_;
  std::vector<AttributeDefinition> attributes_;
  absl::flat_hash_map<std::string, std::string> variable_types_;
  std::vector<Case> cases_;
  std::vector<std::pair<std::string, std::string>> case_sources_;  // case, source
  std::vector<Document> documents_;
  absl::flat_hash_map<std::string, size_t> document_index_;
  absl::flat_hash_set<std::string> opaque_sources_;
  std::vector<Excerpt> excerpts_;
  std::vector<Memo> memos_;
  std::vector<Theme> themes_;
  absl::flat_hash_map<std::string, size_t> theme_index_;
  std::vector<Relation> relations_;
  // Note guid → the first object whose NoteRef names it.
  std::vector<std::pair<std::string, std::string>> note_refs_;
  NameSet names_[6];  // coders, attrs, cases, docs, themes, roots
};

absl::StatusOr<std::string> Importer::Guid(pugi::xml_node node, const char* attr,
                                           absl::string_view kind, bool required) {
  pugi::xml_attribute a = node.attribute(attr);
  if (!a) {
    if (!required) return std::string();
    return absl::InvalidArgumentError(absl::StrCat(
        "<", Local(node), "> \"", Attr(node, "name"), "\" has no ", attr));
  }
  absl::StatusOr<std::string> guid = NormalizeGuid(a.value());
  if (!guid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("<", Local(node), "> ", attr, " \"",
                                                   a.value(), "\" is not a GUID"));
  }
  if (!kind.empty() && !guids_[kind].insert(*guid).second) {
    return absl::InvalidArgumentError(
        absl::StrCat("GUID ", *guid, " is used by two ", kind, " elements"));
  }
  return guid;
}

absl::StatusOr<std::string> Importer::UserRef(pugi::xml_node node, const char* attr) {
  THEMATICA_ASSIGN_OR_RETURN(std::string id, Guid(node, attr, "", false));
  if (!id.empty() && !users_.contains(id)) {
    return absl::NotFoundError(absl::StrCat("<", Local(node), "> ", attr, " ", id,
                                            " names no <User>"));
  }
  return id;
}

absl::StatusOr<std::string> Importer::ProjectUserRef(pugi::xml_node root, const char* attr) {
  THEMATICA_ASSIGN_OR_RETURN(std::string id, Guid(root, attr, "", false));
  if (!id.empty() && !users_.contains(id)) {
    warnings_.push_back(absl::StrCat("the project's ", attr, " ", id,
                                     " names no <User>; the project is read without it"));
    return std::string();
  }
  return id;
}

void Importer::Opaque(absl::string_view kind, const std::string& guid, pugi::xml_node node,
                      absl::string_view why) {
  info_.metadata[absl::StrCat(kOpaquePrefix, kind, ":", guid)] = RawXml(node);
  warnings_.push_back(absl::StrCat("<", Local(node), "> ", guid, " \"", Attr(node, "name"),
                                   "\" ", why, "; kept as opaque data and written back"));
}

absl::Status Importer::NoteRefs(pugi::xml_node node, const std::string& target) {
  for (pugi::xml_node ref : Kids(node, "NoteRef")) {
    THEMATICA_ASSIGN_OR_RETURN(std::string note, Guid(ref, "targetGUID", ""));
    note_refs_.emplace_back(note, target);
  }
  return absl::OkStatus();
}

absl::Status Importer::Codes(pugi::xml_node parent_node, const std::string& parent_id,
                             NameSet& sibling_names) {
  // Depth first, parents before children, with an explicit stack: a file of
  // any nesting depth is read without deep recursion.
  struct Level {
    std::vector<pugi::xml_node> kids;
    size_t next = 0;
    std::string parent_id;
    NameSet own_names;          // Names among these siblings (below the top).
    NameSet* names = nullptr;   // &own_names, or the caller's for the top.
  };
  std::vector<std::unique_ptr<Level>> stack;
  auto push = [&](pugi::xml_node node, const std::string& id, NameSet* names) {
    auto level = std::make_unique<Level>();
    for (pugi::xml_node kid : Kids(node, "Code")) level->kids.push_back(kid);
    level->parent_id = id;
    level->names = names != nullptr ? names : &level->own_names;
    stack.push_back(std::move(level));
  };
  push(parent_node, parent_id, &sibling_names);
  while (!stack.empty()) {
    Level& level = *stack.back();
    if (level.next == level.kids.size()) {
      stack.pop_back();
      continue;
    }
    pugi::xml_node node = level.kids[level.next++];
    Code code;
    THEMATICA_ASSIGN_OR_RETURN(code.id, NewGuid(node, "code"));
    code.name = Attr(node, "name");
    if (code.name.empty()) {
      code.name = "(unnamed)";
      warnings_.push_back(absl::StrCat("code ", code.id, " has no name; called \"(unnamed)\""));
    }
    code.name = UniqueName(code.name, *level.names, "sibling code name", warnings_);
    code.parent_id = level.parent_id;
    std::string codable = absl::AsciiStrToLower(Attr(node, "isCodable"));
    code.codable = codable.empty() || codable == "true" || codable == "1";
    if (std::string color = Attr(node, "color"); !color.empty()) {
      absl::StatusOr<std::string> c = NormalizeColor(color);
      if (c.ok()) {
        code.color = *c;
      } else {
        warnings_.push_back(absl::StrCat("code \"", code.name, "\": colour \"", color,
                                         "\" is not #RGB or #RRGGBB; dropped"));
      }
    }
    std::string description = KidText(node, "Description");
    if (Packed(description)) {
      std::map<std::string, std::string> fields;
      code.description = Unpack(description, &fields);
      code.inclusion = fields["inclusion"];
      code.exclusion = fields["exclusion"];
      code.example = fields["example"];
    } else {
      code.description = description;
    }
    THEMATICA_RETURN_IF_ERROR(NoteRefs(node, code.id));
    code_index_[code.id] = codes_.size();
    std::string id = code.id;
    codes_.push_back(std::move(code));
    push(node, id, nullptr);
  }
  return absl::OkStatus();
}

absl::Status Importer::Variables(pugi::xml_node node) {
  for (pugi::xml_node v : Kids(node, "Variable")) {
    AttributeDefinition a;
    THEMATICA_ASSIGN_OR_RETURN(a.id, NewGuid(v, "variable"));
    a.name = UniqueName(Attr(v, "name"), names_[1], "variable name", warnings_);
    a.description = KidText(v, "Description");
    std::string type = Attr(v, "typeOfVariable");
    if (type == "Boolean") {
      a.type = AttributeType::kBoolean;
    } else if (type == "Integer" || type == "Float") {
      a.type = AttributeType::kNumber;
    } else if (type == "Date") {
      a.type = AttributeType::kDate;
    } else {
      a.type = AttributeType::kText;
    }
    // Integer and DateTime share a Thematica type with another REFI type.
    if (type == "Integer" || type == "DateTime") a.metadata["refi:typeOfVariable"] = type;
    variable_types_[a.id] = type;
    attributes_.push_back(std::move(a));
  }
  return absl::OkStatus();
}

absl::Status Importer::Cases(pugi::xml_node node) {
  for (pugi::xml_node n : Kids(node, "Case")) {
    Case c;
    THEMATICA_ASSIGN_OR_RETURN(c.id, NewGuid(n, "case"));
    std::string name = Attr(n, "name");
    c.name = UniqueName(name.empty() ? c.id : name, names_[2], "case name", warnings_);
    c.description = KidText(n, "Description");
    for (pugi::xml_node vv : Kids(n, "VariableValue")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string var, Guid(Kid(vv, "VariableRef"), "targetGUID", ""));
      auto type = variable_types_.find(var);
      if (type == variable_types_.end()) {
        return absl::NotFoundError(absl::StrCat("case \"", c.name, "\": VariableRef ", var,
                                                " names no <Variable>"));
      }
      const AttributeDefinition& def = *std::find_if(
          attributes_.begin(), attributes_.end(), [&](const auto& a) { return a.id == var; });
      pugi::xml_node value = vv.first_child();
      while (value && (value.type() != pugi::node_element || Local(value) == "VariableRef")) {
        value = value.next_sibling();
      }
      if (!value) continue;  // No value: missing data.
      absl::StatusOr<AttributeValue> parsed =
          ParseAttributeValue(def.type, absl::StripAsciiWhitespace(value.child_value()));
      if (def.type == AttributeType::kText) parsed = AttributeValue(std::string(value.child_value()));
      if (!parsed.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("case \"", c.name, "\", variable \"",
                                                       def.name, "\": ", parsed.status().message()));
      }
      c.attributes[var] = *parsed;
    }
    for (pugi::xml_node ref : Kids(n, "SourceRef")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string source, Guid(ref, "targetGUID", ""));
      case_sources_.emplace_back(c.id, source);
    }
    if (!Kids(n, "CodeRef").empty() || !Kids(n, "SelectionRef").empty()) {
      c.metadata["refi:caseXml"] = RawXml(n);
      warnings_.push_back(absl::StrCat("case \"", c.name,
                                       "\": CodeRef/SelectionRef members are kept as opaque data"));
    }
    cases_.push_back(std::move(c));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Importer::ReadText(pugi::xml_node source, absl::string_view what,
                                               bool* found) {
  *found = true;
  if (pugi::xml_node content = Kid(source, "PlainTextContent")) return std::string(content.child_value());
  std::string path = Attr(source, "plainTextPath");
  if (path.empty()) return std::string();
  const bool internal = absl::StartsWith(path, "internal://");
  absl::string_view name = internal ? absl::string_view(path).substr(11) : path;
  absl::StatusOr<std::string> bytes =
      read_source_ != nullptr && *read_source_
          ? (*read_source_)(name, internal)
          : absl::StatusOr<std::string>(absl::NotFoundError("no files"));
  if (!bytes.ok()) {
    if (internal) {
      return absl::DataLossError(absl::StrCat(what, " names ", path,
                                              ", which is not in the archive"));
    }
    *found = false;
    return std::string();
  }
  std::string text = *std::move(bytes);
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.erase(0, 3);
  if (absl::Status s = ValidateUtf8(text); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " (", path, "): ", s.message()));
  }
  return text;
}

void Importer::RichText(pugi::xml_node source, Document& doc) {
  const std::string path = Attr(source, "richTextPath");
  if (path.empty()) return;
  const auto lost = [&](absl::string_view why) {
    warnings_.push_back(absl::StrCat("source \"", doc.name, "\": rich text ", path, " ", why,
                                     "; the source comes in without its original"));
  };
  if (!absl::StartsWith(path, "internal://")) {
    // Never opened: the path names a file on someone else's machine.
    lost("is outside the archive");
    return;
  }
  const absl::string_view name = absl::string_view(path).substr(11);
  if (!internal::CheckEntryName(name).ok()) {
    lost("is not a path inside the archive");
    return;
  }
  absl::StatusOr<std::string> bytes =
      read_source_ != nullptr && *read_source_
          ? (*read_source_)(name, /*internal=*/true)
          : absl::StatusOr<std::string>(absl::NotFoundError("no files"));
  if (!bytes.ok()) {
    lost("is not in the archive");
    return;
  }
  SourceFile file;
  const size_t slash = name.find_last_of('/');
  file.name = std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
  file.content = *std::move(bytes);
  file.sha256 = internal::Sha256Hex(file.content);
  file.media_type = std::string(internal::MediaTypeForExtension(internal::ExtensionOf(file.name)));
  file.importer = "thematica-refi-qda 0.1.0 richTextPath";
  if (auto origin = info_.metadata.find("refi:origin"); origin != info_.metadata.end()) {
    absl::StrAppend(&file.importer, " from ", origin->second);
  }
  if (recorded_ != nullptr) {
    auto it = recorded_->find(doc.id);
    if (it != recorded_->end()) {
      if (it->second.sha256 == file.sha256) {
        // The same bytes Thematica wrote: its record of them holds.
        file.name = it->second.name;
        file.media_type = it->second.media_type;
        file.importer = it->second.importer;
      } else {
        warnings_.push_back(absl::StrCat(
            "source \"", doc.name, "\": rich text ", path, " has SHA-256 ", file.sha256,
            ", not the ", it->second.sha256, " Thematica recorded for its original \"",
            it->second.name, "\"; kept as the archive holds it"));
      }
    }
  }
  doc.source_file = std::move(file);
}

absl::StatusOr<Importer::SourceText*> Importer::TextOf(pugi::xml_node source) {
  auto [it, fresh] = texts_.try_emplace(source.internal_object());
  if (fresh) {
    absl::StatusOr<std::string> text =
        ReadText(source, absl::StrCat("TextSource \"", Attr(source, "name"), "\""),
                 &it->second.found);
    if (!text.ok()) {
      texts_.erase(it);
      return text.status();
    }
    it->second.text = *std::move(text);
  }
  return &it->second;
}

// A text as an XML attribute holds it after parsing: line ends and tabs
// become spaces (XML 1.0, 3.3.3), so a selection name written with a literal
// line feed reads back with a space there.
std::string AttributeNormalized(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  }
  return out;
}

absl::Status Importer::CheckUnitAgainstNames(pugi::xml_node sources, absl::string_view origin) {
  std::vector<PositionConvention> candidates = {convention_};
  for (PositionConvention c :
       {PositionConvention::kCodePoints, PositionConvention::kUtf16CodeUnits,
        PositionConvention::kCodePointsCrlfAsOne, PositionConvention::kUtf8Bytes}) {
    if (c != convention_) candidates.push_back(c);
  }
  std::vector<int64_t> matches(candidates.size(), 0);
  int64_t named = 0;
  for (pugi::xml_node source : Kids(sources, "TextSource")) {
    std::vector<pugi::xml_node> selections;
    for (pugi::xml_node sel : Kids(source, "PlainTextSelection")) {
      if (!Attr(sel, "name").empty()) selections.push_back(sel);
    }
    if (selections.empty()) continue;
    THEMATICA_ASSIGN_OR_RETURN(const SourceText* text, TextOf(source));
    if (!text->found) continue;
    named += static_cast<int64_t>(selections.size());
    const TextIndex index(text->text);
    for (size_t i = 0; i < candidates.size(); ++i) {
      const internal::PositionMap map(text->text, candidates[i]);
      for (pugi::xml_node sel : selections) {
        int64_t start = 0, end = 0;
        if (!absl::SimpleAtoi(Attr(sel, "startPosition"), &start) ||
            !absl::SimpleAtoi(Attr(sel, "endPosition"), &end)) {
          continue;
        }
        absl::StatusOr<int64_t> a = map.ToCodePoint(start);
        absl::StatusOr<int64_t> b = map.ToCodePoint(end);
        if (!a.ok() || !b.ok() || *a > *b) continue;
        matches[i] += AttributeNormalized(index.Slice(text->text, {*a, *b})) ==
                      AttributeNormalized(Attr(sel, "name"));
      }
    }
  }
  if (named == 0) return absl::OkStatus();
  // The producer's own unit wins a tie.
  const size_t best = static_cast<size_t>(
      std::max_element(matches.begin(), matches.end()) - matches.begin());
  const PositionConvention expected = convention_;
  convention_ = candidates[best];
  const std::string tally = absl::StrCat(matches[best], " of ", named, " selection names");
  if (best == 0) {
    warnings_.push_back(absl::StrCat("positions read as ", PositionConventionName(convention_),
                                     " (", tally, " equal their text in this unit)"));
  } else {
    warnings_.push_back(absl::StrCat(
        "positions read as ", PositionConventionName(convention_), ", not as ",
        PositionConventionName(expected), " as origin \"", origin, "\" suggests: ", tally,
        " equal their text in this unit, ", matches[0], " in the other"));
  }
  return absl::OkStatus();
}

absl::Status Importer::Selection(pugi::xml_node node, const Document& doc,
                                 const internal::PositionMap& map) {
  THEMATICA_RETURN_IF_ERROR(CheckInterrupt("the REFI-QDA import"));
  Excerpt e;
  THEMATICA_ASSIGN_OR_RETURN(e.id, NewGuid(node, "selection"));
  int64_t start = 0, end = 0;
  if (!absl::SimpleAtoi(Attr(node, "startPosition"), &start) ||
      !absl::SimpleAtoi(Attr(node, "endPosition"), &end)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "selection ", e.id, " has a bad startPosition/endPosition \"",
        Attr(node, "startPosition"), "\"/\"", Attr(node, "endPosition"), "\""));
  }
  for (const char* attribute : {"startPosition", "endPosition"}) {
    // XML Schema collapses white space around an integer; say so rather than
    // read " 5" as 5 in silence.
    const std::string raw = Attr(node, attribute);
    if (raw != absl::StripAsciiWhitespace(raw)) {
      warnings_.push_back(absl::StrCat("selection ", e.id, ": ", attribute, " \"", raw,
                                       "\" has white space around the number; read as ",
                                       absl::StripAsciiWhitespace(raw)));
    }
  }
  auto where = [&] {
    return absl::StrCat("selection ", e.id, " [", start, ", ", end, ") of source \"", doc.name,
                        "\" (", PositionConventionName(convention_), ")");
  };
  absl::StatusOr<int64_t> s = map.ToCodePoint(start);
  absl::StatusOr<int64_t> t = map.ToCodePoint(end);
  if (!s.ok() || !t.ok() || start > end) {
    return absl::OutOfRangeError(absl::StrCat(
        where(), ": ", !s.ok() ? s.status().message() : !t.ok() ? t.status().message()
                                                                : "start after end"));
  }
  e.span = {*s, *t};
  e.document_id = doc.id;
  THEMATICA_ASSIGN_OR_RETURN(e.coder_id, UserRef(node, "creatingUser"));
  e.created = ParseDateTime(Attr(node, "creationDateTime"));
  e.modified = ParseDateTime(Attr(node, "modifiedDateTime"));
  if (std::string name = Attr(node, "name"); !name.empty()) e.metadata["refi:name"] = name;
  if (std::string d = KidText(node, "Description"); !d.empty()) e.metadata["refi:description"] = d;
  std::vector<std::string> coding_guids;
  for (pugi::xml_node coding : Kids(node, "Coding")) {
    THEMATICA_ASSIGN_OR_RETURN(std::string cg, NewGuid(coding, "coding"));
    THEMATICA_ASSIGN_OR_RETURN(std::string code, Guid(Kid(coding, "CodeRef"), "targetGUID", ""));
    auto it = code_index_.find(code);
    if (it == code_index_.end()) {
      return absl::NotFoundError(absl::StrCat("coding ", cg, " of ", where(),
                                              " refers to unknown code ", code));
    }
    THEMATICA_ASSIGN_OR_RETURN(std::string coder, UserRef(coding, "creatingUser"));
    if (e.coder_id.empty()) e.coder_id = coder;
    THEMATICA_RETURN_IF_ERROR(NoteRefs(coding, e.id));
    if (std::find(e.code_ids.begin(), e.code_ids.end(), code) != e.code_ids.end()) {
      warnings_.push_back(absl::StrCat(where(), " carries code ", code,
                                       " twice; kept once"));
      continue;
    }
    Code& c = codes_[it->second];
    if (!c.codable) {
      c.codable = true;
      warnings_.push_back(absl::StrCat("code \"", c.name,
                                       "\" is marked not codable but has codings; made codable"));
    }
    e.code_ids.push_back(code);
    coding_guids.push_back(cg);
  }
  THEMATICA_RETURN_IF_ERROR(NoteRefs(node, e.id));
  if (e.code_ids.empty()) {
    warnings_.push_back(absl::StrCat(where(), " has no coding; not imported"));
    return absl::OkStatus();
  }
  if (e.span.empty()) {
    warnings_.push_back(absl::StrCat(where(), " is empty; not imported"));
    return absl::OkStatus();
  }
  e.metadata["refi:codingGUIDs"] = absl::StrJoin(coding_guids, ",");
  excerpts_.push_back(std::move(e));
  return absl::OkStatus();
}

absl::Status Importer::TextSource(pugi::xml_node node) {
  Document doc;
  THEMATICA_ASSIGN_OR_RETURN(doc.id, NewGuid(node, "source"));
  std::string name = Attr(node, "name");
  THEMATICA_ASSIGN_OR_RETURN(SourceText * source_text, TextOf(node));
  const bool found = source_text->found;
  doc.text = std::move(source_text->text);
  texts_.erase(node.internal_object());
  if (!found) {
    opaque_sources_.insert(doc.id);
    Opaque("source", doc.id, node,
           absl::StrCat("has its text in the external file ", Attr(node, "plainTextPath"),
                        ", which was not read"));
    return absl::OkStatus();
  }
  doc.name = UniqueName(name.empty() ? doc.id : name, names_[3], "source name", warnings_);
  doc.description = KidText(node, "Description");
  THEMATICA_ASSIGN_OR_RETURN(doc.creator_id, UserRef(node, "creatingUser"));
  doc.created = ParseDateTime(Attr(node, "creationDateTime"));
  doc.modified = ParseDateTime(Attr(node, "modifiedDateTime"));
  RichText(node, doc);
  if (!Kids(node, "VariableValue").empty()) {
    warnings_.push_back(absl::StrCat("source \"", doc.name,
                                     "\": source-level VariableValues are not imported"));
  }
  THEMATICA_RETURN_IF_ERROR(NoteRefs(node, doc.id));
  const internal::PositionMap map(doc.text, convention_);
  for (pugi::xml_node sel : Kids(node, "PlainTextSelection")) {
    THEMATICA_RETURN_IF_ERROR(Selection(sel, doc, map));
  }
  // Codings of the whole source become excerpts over the whole text.
  const int64_t length = CodePointCount(doc.text);
  for (pugi::xml_node coding : Kids(node, "Coding")) {
    Excerpt e;
    THEMATICA_ASSIGN_OR_RETURN(e.id, NewGuid(coding, "coding"));
    THEMATICA_ASSIGN_OR_RETURN(std::string code, Guid(Kid(coding, "CodeRef"), "targetGUID", ""));
    if (!code_index_.contains(code)) {
      return absl::NotFoundError(absl::StrCat("coding ", e.id, " of source \"", doc.name,
                                              "\" refers to unknown code ", code));
    }
    THEMATICA_ASSIGN_OR_RETURN(e.coder_id, UserRef(coding, "creatingUser"));
    if (length == 0) {
      warnings_.push_back(absl::StrCat("coding ", e.id, " of the empty source \"", doc.name,
                                       "\" not imported"));
      continue;
    }
    codes_[code_index_[code]].codable = true;
    e.document_id = doc.id;
    e.span = {0, length};
    e.code_ids = {code};
    e.created = ParseDateTime(Attr(coding, "creationDateTime"));
    e.metadata["refi:wholeSource"] = "true";
    THEMATICA_RETURN_IF_ERROR(NoteRefs(coding, e.id));
    excerpts_.push_back(std::move(e));
  }
  document_index_[doc.id] = documents_.size();
  documents_.push_back(std::move(doc));
  return absl::OkStatus();
}

absl::Status Importer::Notes(pugi::xml_node node) {
  for (pugi::xml_node n : Kids(node, "Note")) {
    Memo m;
    THEMATICA_ASSIGN_OR_RETURN(m.id, NewGuid(n, "note"));
    m.title = Attr(n, "name");
    bool found = true;
    THEMATICA_ASSIGN_OR_RETURN(m.text, ReadText(n, absl::StrCat("Note \"", m.title, "\""), &found));
    if (!found) {
      warnings_.push_back(absl::StrCat("note \"", m.title, "\": external text ",
                                       Attr(n, "plainTextPath"), " was not read"));
      m.metadata["refi:plainTextPath"] = Attr(n, "plainTextPath");
    }
    THEMATICA_ASSIGN_OR_RETURN(m.author_id, UserRef(n, "creatingUser"));
    m.created = ParseDateTime(Attr(n, "creationDateTime"));
    m.modified = ParseDateTime(Attr(n, "modifiedDateTime"));
    if (std::string d = KidText(n, "Description"); !d.empty()) m.metadata["refi:description"] = d;
    if (!Kids(n, "PlainTextSelection").empty() || !Kids(n, "Coding").empty()) {
      warnings_.push_back(absl::StrCat("note \"", m.title,
                                       "\": selections and codings inside a note are not imported"));
    }
    memos_.push_back(std::move(m));
  }
  return absl::OkStatus();
}

absl::Status Importer::Sets(pugi::xml_node node, bool codebook) {
  for (pugi::xml_node s : Kids(node, "Set")) {
    Theme t;
    THEMATICA_ASSIGN_OR_RETURN(t.id, NewGuid(s, "set"));
    t.name = Attr(s, "name");
    std::map<std::string, std::string> fields;
    const std::string description = KidText(s, "Description");
    t.description = Packed(description) ? Unpack(description, &fields) : description;
    if (!fields["parent"].empty()) {
      absl::StatusOr<std::string> parent = NormalizeGuid(fields["parent"]);
      if (parent.ok()) t.parent_id = *parent;
    }
    if (!fields["color"].empty()) t.color = fields["color"];
    for (pugi::xml_node m : Kids(s, "MemberCode")) {
      // The codebook schema names the attribute guid, the project schema targetGUID.
      THEMATICA_ASSIGN_OR_RETURN(std::string code,
                                 Guid(m, m.attribute("targetGUID") ? "targetGUID" : "guid", ""));
      if (!code_index_.contains(code)) {
        return absl::NotFoundError(absl::StrCat("set \"", t.name, "\": MemberCode ", code,
                                                " names no <Code>"));
      }
      if (std::find(t.code_ids.begin(), t.code_ids.end(), code) == t.code_ids.end()) {
        t.code_ids.push_back(code);
      }
    }
    std::vector<std::string> sources;
    for (pugi::xml_node m : Kids(s, "MemberSource")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string source, Guid(m, "targetGUID", ""));
      if (!document_index_.contains(source) && !opaque_sources_.contains(source)) {
        return absl::NotFoundError(absl::StrCat("set \"", t.name, "\": MemberSource ", source,
                                                " names no source"));
      }
      sources.push_back(source);
    }
    if (!sources.empty()) t.metadata["refi:memberSources"] = absl::StrJoin(sources, ",");
    for (pugi::xml_node m : Kids(s, "MemberNote")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string note, Guid(m, "targetGUID", ""));
      note_refs_.emplace_back(note, t.id);
    }
    theme_index_[t.id] = themes_.size();
    themes_.push_back(std::move(t));
  }
  (void)codebook;
  return absl::OkStatus();
}

absl::Status Importer::Links(pugi::xml_node node) {
  for (pugi::xml_node l : Kids(node, "Link")) {
    Relation r;
    THEMATICA_ASSIGN_OR_RETURN(r.id, NewGuid(l, "link"));
    THEMATICA_ASSIGN_OR_RETURN(r.source_id, Guid(l, "originGUID", "", false));
    THEMATICA_ASSIGN_OR_RETURN(r.target_id, Guid(l, "targetGUID", "", false));
    auto mapped = [&](const std::string& id) {
      return code_index_.contains(id) || theme_index_.contains(id);
    };
    if (!mapped(r.source_id) || !mapped(r.target_id)) {
      Opaque("link", r.id, l, "joins objects other than codes and sets");
      continue;
    }
    r.label = Attr(l, "name");
    std::string direction = Attr(l, "direction");
    r.direction = direction == "OneWay"          ? RelationDirection::kOneWay
                  : direction == "Bidirectional" ? RelationDirection::kBidirectional
                                                 : RelationDirection::kAssociative;
    if (std::string color = Attr(l, "color"); !color.empty()) r.metadata["refi:color"] = color;
    THEMATICA_RETURN_IF_ERROR(NoteRefs(l, r.id));
    relations_.push_back(std::move(r));
  }
  return absl::OkStatus();
}

absl::Status Importer::Graphs(pugi::xml_node node) {
  for (pugi::xml_node g : Kids(node, "Graph")) {
    THEMATICA_ASSIGN_OR_RETURN(std::string id, NewGuid(g, "graph"));
    absl::flat_hash_map<std::string, std::string> represented;  // vertex → object
    for (pugi::xml_node v : Kids(g, "Vertex")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string vid, NewGuid(v, "vertex"));
      THEMATICA_ASSIGN_OR_RETURN(represented[vid], Guid(v, "representedGUID", "", false));
    }
    // Theme nesting, as our own exports write it (any tool that keeps the
    // graph keeps the hierarchy); a parent from a description marker wins.
    for (pugi::xml_node e : Kids(g, "Edge")) {
      THEMATICA_ASSIGN_OR_RETURN(std::string eid, NewGuid(e, "edge"));
      if (Attr(e, "name") != kSubThemeEdge) continue;
      THEMATICA_ASSIGN_OR_RETURN(std::string from, Guid(e, "sourceVertex", ""));
      THEMATICA_ASSIGN_OR_RETURN(std::string to, Guid(e, "targetVertex", ""));
      auto parent = theme_index_.find(represented[from]);
      auto child = theme_index_.find(represented[to]);
      if (parent != theme_index_.end() && child != theme_index_.end() &&
          themes_[child->second].parent_id.empty()) {
        themes_[child->second].parent_id = parent->first;
      }
    }
    if (Attr(g, "name") != kThemeGraphName) {
      info_.metadata[absl::StrCat(kOpaquePrefix, "graph:", id)] = RawXml(g);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ImportResult> Importer::Project(pugi::xml_node root) {
  if (Local(root) != "Project") {
    return absl::InvalidArgumentError(absl::StrCat(
        "project.qde: the root element is <", root.name(), ">, not <Project>"));
  }
  if (std::string ns = NamespaceOf(root); ns != kProjectNs) {
    warnings_.push_back(absl::StrCat("project namespace is \"", ns, "\", not ", kProjectNs));
  }
  const std::string origin = Attr(root, "origin");
  ours_ = absl::StartsWith(origin, "Thematica");
  convention_ = limits_.positions.value_or(ConventionForOrigin(origin));
  info_.title = Attr(root, "name");
  info_.description = KidText(root, "Description");
  info_.created = ParseDateTime(Attr(root, "creationDateTime"));
  info_.modified = ParseDateTime(Attr(root, "modifiedDateTime"));
  if (!origin.empty()) info_.metadata["refi:origin"] = origin;
  if (std::string base = Attr(root, "basePath"); !base.empty()) info_.metadata["refi:basePath"] = base;

  for (pugi::xml_node u : Kids(Kid(root, "Users"), "User")) {
    Coder c;
    THEMATICA_ASSIGN_OR_RETURN(c.id, NewGuid(u, "user"));
    std::string name = Attr(u, "name");
    c.name = UniqueName(name.empty() ? c.id : name, names_[0], "user name", warnings_);
    if (std::string uid = Attr(u, "id"); !uid.empty()) c.metadata["refi:id"] = uid;
    users_.insert(c.id);
    coders_.push_back(std::move(c));
  }
  THEMATICA_ASSIGN_OR_RETURN(info_.creator_id, ProjectUserRef(root, "creatingUserGUID"));
  THEMATICA_RETURN_IF_ERROR(ProjectUserRef(root, "modifyingUserGUID").status());
  THEMATICA_RETURN_IF_ERROR(Codes(Kid(Kid(root, "CodeBook"), "Codes"), "", names_[5]));
  THEMATICA_RETURN_IF_ERROR(Variables(Kid(root, "Variables")));
  THEMATICA_RETURN_IF_ERROR(Cases(Kid(root, "Cases")));
  // Our own files name their unit exactly; another tool's origin may not.
  if (!limits_.positions.has_value() && !ours_) {
    THEMATICA_RETURN_IF_ERROR(CheckUnitAgainstNames(Kid(root, "Sources"), origin));
  }
  for (pugi::xml_node s = Kid(root, "Sources").first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element) continue;
    if (Local(s) == "TextSource") {
      THEMATICA_RETURN_IF_ERROR(TextSource(s));
    } else {
      THEMATICA_ASSIGN_OR_RETURN(std::string id, NewGuid(s, "source"));
      opaque_sources_.insert(id);
      Opaque("source", id, s, "is not a text source (Thematica codes text only)");
    }
  }
  THEMATICA_RETURN_IF_ERROR(Notes(Kid(root, "Notes")));
  THEMATICA_RETURN_IF_ERROR(Sets(Kid(root, "Sets"), false));
  THEMATICA_RETURN_IF_ERROR(Links(Kid(root, "Links")));
  THEMATICA_RETURN_IF_ERROR(Graphs(Kid(root, "Graphs")));
  THEMATICA_RETURN_IF_ERROR(NoteRefs(root, ""));
  for (const auto& [case_id, source] : case_sources_) {
    auto it = document_index_.find(source);
    if (it == document_index_.end()) {
      if (opaque_sources_.contains(source)) continue;
      return absl::NotFoundError(absl::StrCat("case ", case_id, ": SourceRef ", source,
                                              " names no source"));
    }
    Document& doc = documents_[it->second];
    if (doc.case_id.empty()) {
      doc.case_id = case_id;
    } else if (doc.case_id != case_id) {
      warnings_.push_back(absl::StrCat("source \"", doc.name, "\" belongs to several cases; ",
                                       "linked to the first (", doc.case_id, ") only"));
    }
  }
  return Finish();
}

absl::StatusOr<ImportResult> Importer::Codebook(pugi::xml_node root) {
  if (Local(root) != "CodeBook") {
    return absl::InvalidArgumentError(absl::StrCat(
        "codebook: the root element is <", root.name(), ">, not <CodeBook>"));
  }
  // Some ATLAS.ti versions write urn:QDA-XML:codebook:0:4.
  if (std::string ns = NamespaceOf(root);
      ns != kCodebookNs && !absl::StartsWith(ns, "urn:QDA-XML:codebook:")) {
    warnings_.push_back(absl::StrCat("codebook namespace is \"", ns, "\", not ", kCodebookNs));
  }
  const std::string origin = Attr(root, "origin");
  ours_ = absl::StartsWith(origin, "Thematica");
  if (!origin.empty()) info_.metadata["refi:origin"] = origin;
  THEMATICA_RETURN_IF_ERROR(Codes(Kid(root, "Codes"), "", names_[5]));
  THEMATICA_RETURN_IF_ERROR(Sets(Kid(root, "Sets"), true));
  return Finish();
}

absl::StatusOr<ImportResult> Importer::Finish() {
  // REFI-QDA projects carry no GUID of their own; derive one so that the same
  // file always imports to the same project.
  IdGenerator project_ids(Fnv1a(absl::StrCat(info_.title, "\n", FormatDateTime(info_.created),
                                             "\n", info_.metadata["refi:origin"])));
  auto taken = [&](const std::string& id) {
    return std::any_of(guids_.begin(), guids_.end(),
                       [&](const auto& kind) { return kind.second.contains(id); });
  };
  do {
    info_.id = project_ids.Next();
  } while (taken(info_.id));
  absl::flat_hash_map<std::string, Memo*> memo_of;
  for (Memo& m : memos_) memo_of[m.id] = &m;
  for (const auto& [note, target] : note_refs_) {
    auto found = memo_of.find(note);
    if (found == memo_of.end()) {
      return absl::NotFoundError(absl::StrCat("NoteRef ", note, " names no <Note>"));
    }
    Memo* memo = found->second;
    if (memo->target_id.empty() && !memo->metadata.contains("refi:attached")) {
      memo->target_id = target;
      memo->metadata["refi:attached"] = "true";
    } else if (memo->target_id != target) {
      warnings_.push_back(absl::StrCat("note \"", memo->title, "\" is referenced by several ",
                                       "objects; attached to the first only"));
    }
  }
  for (Memo& m : memos_) m.metadata.erase("refi:attached");
  // A parent that is unknown or would close a cycle (possible only in a
  // file edited by hand or by another tool) is dropped.
  for (Theme& t : themes_) {
    if (!t.parent_id.empty() && !theme_index_.contains(t.parent_id)) t.parent_id.clear();
    std::string up = t.parent_id;
    for (size_t steps = 0; !up.empty(); ++steps) {
      if (up == t.id || steps > themes_.size()) {
        warnings_.push_back(absl::StrCat("set \"", t.name, "\": its parent ", t.parent_id,
                                         " would make a cycle; made a top-level theme"));
        t.parent_id.clear();
        break;
      }
      auto next = theme_index_.find(up);
      up = next == theme_index_.end() ? std::string() : themes_[next->second].parent_id;
    }
  }
  // Theme names are unique among siblings only.
  absl::flat_hash_map<std::string, NameSet> theme_names;
  for (Theme& t : themes_) {
    t.name = UniqueName(t.name.empty() ? t.id : t.name, theme_names[t.parent_id], "set name",
                        warnings_);
  }
  ImportResult result;
  thematica::Project& p = result.project;
  p.SetInfoUnchecked(std::move(info_));
  p.Reserve(documents_.size(), excerpts_.size());
  for (Coder& c : coders_) p.InsertCoderUnchecked(std::move(c));
  for (AttributeDefinition& a : attributes_) p.InsertAttributeUnchecked(std::move(a));
  for (Case& c : cases_) p.InsertCaseUnchecked(std::move(c));
  for (Document& d : documents_) p.InsertDocumentUnchecked(std::move(d));
  for (Code& c : codes_) p.InsertCodeUnchecked(std::move(c));
  const std::string tool = info_.metadata.contains("refi:origin") ? info_.metadata["refi:origin"]
                                                                    : "REFI-QDA";
  for (Excerpt& e : excerpts_) {
    e.provenance = {.kind = ProvenanceKind::kImport, .tool = tool, .file = "project.qde"};
    p.InsertExcerptUnchecked(std::move(e));
  }
  for (Theme& t : themes_) p.InsertThemeUnchecked(std::move(t));
  for (Relation& r : relations_) p.InsertRelationUnchecked(std::move(r));
  for (Memo& m : memos_) p.InsertMemoUnchecked(std::move(m));
  std::vector<std::string> problems = p.Validate();
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the imported project is inconsistent: ", absl::StrJoin(problems, "; ")));
  }
  result.warnings = std::move(warnings_);
  return result;
}

// --- Export ----------------------------------------------------------------------

class Exporter {
 public:
  explicit Exporter(const thematica::Project& p, const QdpxWriteOptions& options = {},
                    std::vector<std::string>* warnings = nullptr)
      : p_(p), options_(options), warnings_(warnings), ids_(Fnv1a(p.id())) {
    for (const Memo& m : p.memos()) memos_by_target_[m.target_id].push_back(&m);
  }

  std::string Qde(bool inline_text, std::vector<std::pair<std::string, std::string>>* files);
  std::string Qdc();

 private:
  void Times(pugi::xml_node n, absl::Time created, absl::Time modified,
             const char* created_attr = "creationDateTime",
             const char* modified_attr = "modifiedDateTime") {
    if (created != absl::InfinitePast()) n.append_attribute(created_attr) = FormatDateTime(created).c_str();
    if (modified != absl::InfinitePast()) n.append_attribute(modified_attr) = FormatDateTime(modified).c_str();
  }
  void User(pugi::xml_node n, const char* attr, const std::string& id) {
    if (!id.empty() && p_.FindCoder(id) != nullptr) {
      n.append_attribute(attr) = id.c_str();
    } else if (!fallback_user_.empty()) {
      n.append_attribute(attr) = fallback_user_.c_str();
    }
  }
  void Warn(std::string message) {
    if (warnings_ != nullptr) warnings_->push_back(std::move(message));
  }
  bool qualcoder() const { return options_.target == ExportTarget::kQualCoder; }
  // One PlainTextSelection per Coding, for tools that read only the first
  // Coding of a selection (QualCoder) or write them so (NVivo).
  bool one_coding_per_selection() const {
    return qualcoder() || options_.target == ExportTarget::kNvivo;
  }
  std::string Origin() const;
  // The selections of `d`, whose text the file holds as `written`; `lf_cps`
  // maps code points of d.text to those of `written` (empty: the same).
  void Selections(pugi::xml_node s, absl::string_view written,
                  const std::vector<int64_t>& lf_cps,
                  const std::vector<const Excerpt*>& excerpts,
                  std::vector<const Excerpt*>* whole);
  void Text(pugi::xml_node parent, const char* name, absl::string_view text) {
    parent.append_child(name).text().set(std::string(text).c_str());
  }
  void NoteRefs(pugi::xml_node n, const std::string& target, const char* element = "NoteRef") {
    auto it = memos_by_target_.find(target);
    if (it == memos_by_target_.end()) return;
    for (const Memo* m : it->second) {
      n.append_child(element).append_attribute("targetGUID") = m->id.c_str();
    }
  }
  void Codes(pugi::xml_node parent, const std::string& id, bool project);
  void Sets(pugi::xml_node root, bool project);
  void Opaque(pugi::xml_node parent, absl::string_view kind);
  void Graph(pugi::xml_node root);

  const thematica::Project& p_;
  const QdpxWriteOptions options_;
  std::vector<std::string>* warnings_;
  IdGenerator ids_;
  absl::flat_hash_map<std::string, std::vector<const Memo*>> memos_by_target_;
  // QualCoder: the <User> named by objects that have no coder.
  std::string fallback_user_;
};

std::string Exporter::Origin() const {
  if (options_.target == ExportTarget::kRefi) return ThematicaOrigin();
  return absl::StrCat("Thematica 0.1.0 (positions: ",
                      PositionConventionName(ConventionForTarget(options_.target)),
                      qualcoder() ? " of the text as written, LF line ends"
                                  : " of the text as written",
                      "; for ", ExportTargetName(options_.target), ")");
}

// `text` with every CRLF and lone CR made LF; `cps[i]` is where code point i
// of `text` lands in the result (size: code points + 1).
std::string LfOnly(absl::string_view text, std::vector<int64_t>* cps) {
  std::string out;
  out.reserve(text.size());
  int64_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool starts_code_point = (c & 0xC0) != 0x80;
    if (starts_code_point) cps->push_back(cp);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // Dropped.
    out += c == '\r' ? '\n' : static_cast<char>(c);
    if (starts_code_point) ++cp;
  }
  cps->push_back(cp);
  return out;
}

void Exporter::Selections(pugi::xml_node s, absl::string_view written,
                          const std::vector<int64_t>& lf_cps,
                          const std::vector<const Excerpt*>& excerpts,
                          std::vector<const Excerpt*>* whole) {
  // Positions in the target's unit, counted on the text as the file holds it.
  std::optional<internal::PositionMap> map;
  std::optional<TextIndex> index;
  auto in_written = [&](int64_t cp) {
    return lf_cps.empty() ? cp : lf_cps[static_cast<size_t>(cp)];
  };
  auto position = [&](int64_t cp) {
    if (!map.has_value()) map.emplace(written, ConventionForTarget(options_.target));
    return map->FromCodePoint(in_written(cp));
  };
  for (const Excerpt* e : excerpts) {
    if (e->metadata.contains("refi:wholeSource") && e->code_ids.size() == 1) {
      whole->push_back(e);
      continue;
    }
    std::vector<std::string> guids;
    if (auto g = e->metadata.find("refi:codingGUIDs"); g != e->metadata.end()) {
      guids = absl::StrSplit(g->second, ',', absl::SkipEmpty());
    }
    if (guids.size() != e->code_ids.size()) guids.clear();
    const size_t groups = one_coding_per_selection() ? e->code_ids.size() : 1;
    for (size_t group = 0; group < groups; ++group) {
      pugi::xml_node sel = s.append_child("PlainTextSelection");
      sel.append_attribute("guid") = (group == 0 ? e->id : ids_.Next()).c_str();
      if (qualcoder()) {
        // QualCoder writes the quote as the name; so do we, as it shows it.
        if (!index.has_value()) index.emplace(written);
        sel.append_attribute("name") =
            std::string(index->Slice(written, {in_written(e->span.start), in_written(e->span.end)}))
                .c_str();
      } else if (auto n = e->metadata.find("refi:name"); n != e->metadata.end()) {
        sel.append_attribute("name") = n->second.c_str();
      }
      sel.append_attribute("startPosition") = position(e->span.start);
      sel.append_attribute("endPosition") = position(e->span.end);
      User(sel, "creatingUser", e->coder_id);
      Times(sel, e->created, e->modified);
      if (auto n = e->metadata.find("refi:description"); n != e->metadata.end()) {
        Text(sel, "Description", n->second);
      }
      const size_t first = groups == 1 ? 0 : group;
      const size_t last = groups == 1 ? e->code_ids.size() : group + 1;
      for (size_t i = first; i < last; ++i) {
        pugi::xml_node coding = sel.append_child("Coding");
        coding.append_attribute("guid") = (guids.empty() ? ids_.Next() : guids[i]).c_str();
        User(coding, "creatingUser", e->coder_id);
        Times(coding, e->created, absl::InfinitePast());
        coding.append_child("CodeRef").append_attribute("targetGUID") = e->code_ids[i].c_str();
      }
      if (group == 0) NoteRefs(sel, e->id);
    }
  }
}

void Exporter::Codes(pugi::xml_node parent, const std::string& id, bool project) {
  // Children grouped in one pass, then written depth first with an explicit
  // stack: linear in the codebook and safe at any depth.
  absl::flat_hash_map<absl::string_view, std::vector<const Code*>> children;
  for (const Code& c : p_.codebook().codes()) children[c.parent_id].push_back(&c);
  struct Level {
    pugi::xml_node parent;
    const std::vector<const Code*>* codes;
    size_t next = 0;
  };
  static const std::vector<const Code*> kNone;
  auto kids = [&](absl::string_view of) {
    auto it = children.find(of);
    return it == children.end() ? &kNone : &it->second;
  };
  std::vector<Level> stack = {{parent, kids(id)}};
  while (!stack.empty()) {
    Level& level = stack.back();
    if (level.next == level.codes->size()) {
      stack.pop_back();
      continue;
    }
    const Code& c = *(*level.codes)[level.next++];
    pugi::xml_node n = level.parent.append_child("Code");
    n.append_attribute("guid") = c.id.c_str();
    n.append_attribute("name") = c.name.c_str();
    n.append_attribute("isCodable") = c.codable ? "true" : "false";
    if (!c.color.empty()) n.append_attribute("color") = c.color.c_str();
    std::string d = Pack(c.description, {{"inclusion", c.inclusion},
                                         {"exclusion", c.exclusion},
                                         {"example", c.example}});
    if (!d.empty()) Text(n, "Description", d);
    if (project) NoteRefs(n, c.id);
    stack.push_back({n, kids(c.id)});
  }
}

void Exporter::Sets(pugi::xml_node root, bool project) {
  if (p_.themes().empty()) return;
  pugi::xml_node sets = root.append_child("Sets");
  for (const Theme& t : p_.themes()) {
    pugi::xml_node s = sets.append_child("Set");
    s.append_attribute("guid") = t.id.c_str();
    s.append_attribute("name") = t.name.c_str();
    std::string d = Pack(t.description, {{"parent", t.parent_id}, {"color", t.color}});
    if (!d.empty()) Text(s, "Description", d);
    for (const std::string& code : t.code_ids) {
      s.append_child("MemberCode").append_attribute(project ? "targetGUID" : "guid") = code.c_str();
    }
    if (!project) continue;
    auto sources = t.metadata.find("refi:memberSources");
    if (sources != t.metadata.end()) {
      for (absl::string_view src : absl::StrSplit(sources->second, ',', absl::SkipEmpty())) {
        s.append_child("MemberSource").append_attribute("targetGUID") = std::string(src).c_str();
      }
    }
    NoteRefs(s, t.id, "MemberNote");
  }
}

void Exporter::Opaque(pugi::xml_node parent, absl::string_view kind) {
  const std::string prefix = absl::StrCat(kOpaquePrefix, kind, ":");
  for (auto it = p_.info().metadata.lower_bound(prefix);
       it != p_.info().metadata.end() && absl::StartsWith(it->first, prefix); ++it) {
    pugi::xml_document fragment;
    if (fragment.load_buffer(it->second.data(), it->second.size(), pugi::parse_default,
                             pugi::encoding_utf8)) {
      parent.append_copy(fragment.document_element());
    }
  }
}

void Exporter::Graph(pugi::xml_node root) {
  bool nested = std::any_of(p_.themes().begin(), p_.themes().end(),
                            [](const Theme& t) { return !t.parent_id.empty(); });
  if (!nested && p_.relations().empty()) return;
  pugi::xml_node g = root.append_child("Graph");
  g.append_attribute("guid") = ids_.Next().c_str();
  g.append_attribute("name") = std::string(kThemeGraphName).c_str();
  absl::flat_hash_map<std::string, std::string> vertex_of;  // object → vertex
  std::vector<pugi::xml_node> edges;
  auto vertex = [&](const std::string& object) {
    auto [it, fresh] = vertex_of.try_emplace(object);
    if (!fresh) return it->second;
    it->second = ids_.Next();
    const int i = static_cast<int>(vertex_of.size()) - 1;
    pugi::xml_node v = g.append_child("Vertex");
    v.append_attribute("guid") = it->second.c_str();
    v.append_attribute("representedGUID") = object.c_str();
    const Theme* t = p_.FindTheme(object);
    const Code* c = p_.FindCode(object);
    v.append_attribute("name") = t != nullptr ? t->name.c_str() : c != nullptr ? c->name.c_str() : "";
    v.append_attribute("firstX") = (i % 8) * 200;
    v.append_attribute("firstY") = (i / 8) * 120;
    v.append_attribute("secondX") = (i % 8) * 200 + 160;
    v.append_attribute("secondY") = (i / 8) * 120 + 60;
    v.append_attribute("shape") = t != nullptr ? "RoundedRectangle" : "Rectangle";
    std::string color = t != nullptr ? t->color : c != nullptr ? c->color : "";
    if (!color.empty()) v.append_attribute("color") = color.c_str();
    return it->second;
  };
  struct PendingEdge {
    std::string from, to, name, represented, direction;
  };
  std::vector<PendingEdge> pending;
  for (const Theme& t : p_.themes()) {
    if (t.parent_id.empty()) continue;
    pending.push_back({vertex(t.parent_id), vertex(t.id), std::string(kSubThemeEdge), "", "OneWay"});
  }
  for (const Relation& r : p_.relations()) {
    pending.push_back({vertex(r.source_id), vertex(r.target_id), r.label, r.id,
                       DirectionName(r.direction)});
  }
  // Vertices first, then edges (the schema's order).
  for (const PendingEdge& pe : pending) {
    pugi::xml_node e = g.append_child("Edge");
    e.append_attribute("guid") = ids_.Next().c_str();
    if (!pe.represented.empty()) e.append_attribute("representedGUID") = pe.represented.c_str();
    e.append_attribute("name") = pe.name.c_str();
    e.append_attribute("sourceVertex") = pe.from.c_str();
    e.append_attribute("targetVertex") = pe.to.c_str();
    e.append_attribute("direction") = pe.direction.c_str();
  }
}

std::string Exporter::Qde(bool inline_text,
                          std::vector<std::pair<std::string, std::string>>* files) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node root = doc.append_child("Project");
  root.append_attribute("xmlns") = std::string(kProjectNs).c_str();
  root.append_attribute("name") = p_.title().c_str();
  root.append_attribute("origin") = Origin().c_str();
  if (qualcoder()) {
    // QualCoder attributes every coding to a user; objects without a coder
    // get one that says where they came from.
    auto unattributed = [&](const std::string& id) {
      return id.empty() || p_.FindCoder(id) == nullptr;
    };
    bool any = unattributed(p_.info().creator_id);
    for (const Excerpt& e : p_.excerpts()) any = any || unattributed(e.coder_id);
    for (const Document& d : p_.documents()) any = any || unattributed(d.creator_id);
    for (const Memo& m : p_.memos()) any = any || unattributed(m.author_id);
    if (any) fallback_user_ = ids_.Next();
  }
  User(root, "creatingUserGUID", p_.info().creator_id);
  Times(root, p_.info().created, p_.info().modified);
  if (auto base = p_.info().metadata.find("refi:basePath"); base != p_.info().metadata.end()) {
    root.append_attribute("basePath") = base->second.c_str();
  }
  if (!p_.coders().empty() || !fallback_user_.empty()) {
    pugi::xml_node users = root.append_child("Users");
    for (const Coder& c : p_.coders()) {
      pugi::xml_node u = users.append_child("User");
      u.append_attribute("guid") = c.id.c_str();
      u.append_attribute("name") = c.name.c_str();
      if (auto id = c.metadata.find("refi:id"); id != c.metadata.end()) {
        u.append_attribute("id") = id->second.c_str();
      }
    }
    if (!fallback_user_.empty()) {
      pugi::xml_node u = users.append_child("User");
      u.append_attribute("guid") = fallback_user_.c_str();
      u.append_attribute("name") = "Thematica (no coder recorded)";
    }
  }
  if (p_.codebook().size() > 0) Codes(root.append_child("CodeBook").append_child("Codes"), "", true);
  if (!p_.attributes().empty()) {
    pugi::xml_node vars = root.append_child("Variables");
    for (const AttributeDefinition& a : p_.attributes()) {
      pugi::xml_node v = vars.append_child("Variable");
      v.append_attribute("guid") = a.id.c_str();
      v.append_attribute("name") = a.name.c_str();
      auto refi = a.metadata.find("refi:typeOfVariable");
      const char* type = a.type == AttributeType::kBoolean  ? "Boolean"
                         : a.type == AttributeType::kNumber ? "Float"
                         : a.type == AttributeType::kDate   ? "Date"
                                                            : "Text";
      if (refi != a.metadata.end() &&
          ((refi->second == "Integer" && a.type == AttributeType::kNumber) ||
           (refi->second == "DateTime" && a.type == AttributeType::kText))) {
        type = refi->second.c_str();
      }
      v.append_attribute("typeOfVariable") = type;
      if (!a.description.empty()) Text(v, "Description", a.description);
    }
  }
  absl::flat_hash_map<std::string, std::vector<std::string>> case_documents;
  for (const Document& d : p_.documents()) {
    if (!d.case_id.empty()) case_documents[d.case_id].push_back(d.id);
  }
  if (!p_.cases().empty()) {
    pugi::xml_node cases = root.append_child("Cases");
    for (const Case& c : p_.cases()) {
      pugi::xml_node n = cases.append_child("Case");
      n.append_attribute("guid") = c.id.c_str();
      n.append_attribute("name") = c.name.c_str();
      if (!c.description.empty()) Text(n, "Description", c.description);
      // Members we keep but do not model, back in the schema's order.
      pugi::xml_document kept;
      if (auto xml = c.metadata.find("refi:caseXml"); xml != c.metadata.end()) {
        kept.load_buffer(xml->second.data(), xml->second.size(), pugi::parse_default,
                         pugi::encoding_utf8);
      }
      for (pugi::xml_node ref : Kids(kept.document_element(), "CodeRef")) n.append_copy(ref);
      for (const AttributeDefinition& a : p_.attributes()) {
        auto value = c.attributes.find(a.id);
        if (value == c.attributes.end()) continue;
        pugi::xml_node vv = n.append_child("VariableValue");
        vv.append_child("VariableRef").append_attribute("targetGUID") = a.id.c_str();
        const AttributeValue& v = value->second;
        if (const double* num = v.number()) {
          auto refi = a.metadata.find("refi:typeOfVariable");
          bool integer = refi != a.metadata.end() && refi->second == "Integer" &&
                         *num == static_cast<double>(static_cast<int64_t>(*num));
          Text(vv, integer ? "IntegerValue" : "FloatValue",
               integer ? absl::StrCat(static_cast<int64_t>(*num)) : FormatDecimal(*num));
        } else if (const bool* b = v.boolean()) {
          Text(vv, "BooleanValue", *b ? "true" : "false");
        } else if (v.date() != nullptr) {
          Text(vv, "DateValue", v.ToString());
        } else {
          auto refi = a.metadata.find("refi:typeOfVariable");
          bool datetime = refi != a.metadata.end() && refi->second == "DateTime";
          Text(vv, datetime ? "DateTimeValue" : "TextValue", *v.text());
        }
      }
      for (const std::string& d : case_documents[c.id]) {
        n.append_child("SourceRef").append_attribute("targetGUID") = d.c_str();
      }
      for (pugi::xml_node ref : Kids(kept.document_element(), "SelectionRef")) {
        n.append_copy(ref);
      }
    }
  }
  absl::flat_hash_map<std::string, std::vector<const Excerpt*>> excerpts_of;
  for (const Excerpt& e : p_.excerpts()) excerpts_of[e.document_id].push_back(&e);
  const bool any_opaque_source =
      p_.info().metadata.lower_bound(absl::StrCat(kOpaquePrefix, "source:")) !=
          p_.info().metadata.end() &&
      absl::StartsWith(p_.info().metadata.lower_bound(absl::StrCat(kOpaquePrefix, "source:"))->first,
                       absl::StrCat(kOpaquePrefix, "source:"));
  if (!p_.documents().empty() || any_opaque_source) {
    pugi::xml_node sources = root.append_child("Sources");
    for (const Document& d : p_.documents()) {
      pugi::xml_node s = sources.append_child("TextSource");
      s.append_attribute("guid") = d.id.c_str();
      s.append_attribute("name") = d.name.c_str();
      // QualCoder's importer mangles CRLF: it gets LF-only text.
      std::vector<int64_t> lf_cps;
      std::string lf_text;
      if (qualcoder()) lf_text = LfOnly(d.text, &lf_cps);
      const absl::string_view text = qualcoder() ? absl::string_view(lf_text) : d.text;
      if (qualcoder()) {
        const int64_t astral = std::count_if(text.begin(), text.end(), [](char c) {
          return static_cast<unsigned char>(c) >= 0xF0;
        });
        if (astral > 0) {
          Warn(absl::StrCat("source \"", d.name, "\" holds ", astral,
                            " character(s) above U+FFFF (emoji, …): the positions written are "
                            "right, but QualCoder 4.0 computes its own quote text by code "
                            "points and shows the quotes after them shifted"));
        }
      }
      if (!inline_text) {
        std::string file = absl::StrCat(d.id, ".txt");
        s.append_attribute("plainTextPath") = absl::StrCat("internal://", file).c_str();
        files->emplace_back(absl::StrCat("sources/", file), std::string(text));
        // The imported original as the rich-text file, named as NVivo names
        // its .docx files.
        if (d.source_file.has_value()) {
          if (std::string ext = internal::RichTextExtension(*d.source_file); !ext.empty()) {
            std::string rich = absl::StrCat(d.id, ".", ext);
            s.append_attribute("richTextPath") = absl::StrCat("internal://", rich).c_str();
            files->emplace_back(absl::StrCat("sources/", rich), d.source_file->content);
          }
        }
      }
      User(s, "creatingUser", d.creator_id);
      Times(s, d.created, d.modified);
      if (!d.description.empty()) Text(s, "Description", d.description);
      if (inline_text) Text(s, "PlainTextContent", text);
      std::vector<const Excerpt*> whole;
      Selections(s, text, lf_cps, excerpts_of[d.id], &whole);
      for (const Excerpt* e : whole) {
        pugi::xml_node coding = s.append_child("Coding");
        coding.append_attribute("guid") = e->id.c_str();
        User(coding, "creatingUser", e->coder_id);
        Times(coding, e->created, absl::InfinitePast());
        coding.append_child("CodeRef").append_attribute("targetGUID") = e->code_ids[0].c_str();
        NoteRefs(coding, e->id);
      }
      NoteRefs(s, d.id);
    }
    Opaque(sources, "source");
  }
  if (!p_.memos().empty()) {
    pugi::xml_node notes = root.append_child("Notes");
    for (const Memo& m : p_.memos()) {
      pugi::xml_node n = notes.append_child("Note");
      n.append_attribute("guid") = m.id.c_str();
      n.append_attribute("name") = m.title.c_str();
      User(n, "creatingUser", m.author_id);
      Times(n, m.created, m.modified);
      if (auto d = m.metadata.find("refi:description"); d != m.metadata.end()) {
        Text(n, "Description", d->second);
      }
      Text(n, "PlainTextContent", m.text);
    }
  }
  const std::string link_prefix = absl::StrCat(kOpaquePrefix, "link:");
  auto first_link = p_.info().metadata.lower_bound(link_prefix);
  if (!p_.relations().empty() || (first_link != p_.info().metadata.end() &&
                                  absl::StartsWith(first_link->first, link_prefix))) {
    pugi::xml_node links = root.append_child("Links");
    for (const Relation& r : p_.relations()) {
      pugi::xml_node l = links.append_child("Link");
      l.append_attribute("guid") = r.id.c_str();
      l.append_attribute("name") = r.label.c_str();
      l.append_attribute("direction") = DirectionName(r.direction);
      if (auto c = r.metadata.find("refi:color"); c != r.metadata.end()) {
        l.append_attribute("color") = c->second.c_str();
      }
      l.append_attribute("originGUID") = r.source_id.c_str();
      l.append_attribute("targetGUID") = r.target_id.c_str();
      NoteRefs(l, r.id);
    }
    Opaque(links, "link");
  }
  Sets(root, true);
  {
    pugi::xml_node graphs = root.append_child("Graphs");
    Graph(graphs);
    Opaque(graphs, "graph");
    if (!graphs.first_child()) root.remove_child(graphs);
  }
  if (!p_.info().description.empty()) Text(root, "Description", p_.info().description);
  NoteRefs(root, "");
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

std::string Exporter::Qdc() {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node root = doc.append_child("CodeBook");
  root.append_attribute("xmlns") = std::string(kCodebookNs).c_str();
  root.append_attribute("origin") = ThematicaOrigin().c_str();
  Codes(root.append_child("Codes"), "", false);
  Sets(root, false);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

absl::string_view PositionConventionName(PositionConvention convention) {
  switch (convention) {
    case PositionConvention::kCodePoints:
      return "Unicode code points";
    case PositionConvention::kUtf16CodeUnits:
      return "UTF-16 code units";
    case PositionConvention::kCodePointsCrlfAsOne:
      return "code points, CRLF counted as one";
    case PositionConvention::kUtf8Bytes:
      return "UTF-8 bytes";
  }
  return "unknown";
}

PositionConvention ConventionForOrigin(absl::string_view origin) {
  if (absl::StartsWith(origin, "Thematica")) {
    // Our exports name their unit: "… (positions: UTF-16 code units …)".
    constexpr absl::string_view kPositions = "(positions: ";
    const size_t at = origin.find(kPositions);
    if (at == absl::string_view::npos) return PositionConvention::kCodePoints;
    const absl::string_view unit = origin.substr(at + kPositions.size());
    for (PositionConvention c :
         {PositionConvention::kUtf16CodeUnits, PositionConvention::kCodePointsCrlfAsOne,
          PositionConvention::kUtf8Bytes}) {
      if (absl::StartsWith(unit, PositionConventionName(c))) return c;
    }
    return PositionConvention::kCodePoints;
  }
  const std::string tool = absl::AsciiStrToLower(origin);
  if (absl::StrContains(tool, "nvivo") || absl::StrContains(tool, "qualcoder")) {
    return PositionConvention::kUtf16CodeUnits;
  }
  if (absl::StrContains(tool, "atlas.ti")) {
    return PositionConvention::kCodePointsCrlfAsOne;
  }
  if (absl::StrContains(tool, "taguette")) return PositionConvention::kUtf8Bytes;
  return PositionConvention::kCodePoints;
}

std::string ThematicaOrigin() {
  return "Thematica 0.1.0 (positions: Unicode code points of the text as written)";
}

namespace {

constexpr std::pair<ExportTarget, absl::string_view> kTargetNames[] = {
    {ExportTarget::kRefi, "refi"},          {ExportTarget::kNvivo, "nvivo"},
    {ExportTarget::kAtlasTi, "atlas.ti"},   {ExportTarget::kMaxqda, "maxqda"},
    {ExportTarget::kQualCoder, "qualcoder"},
};

}  // namespace

absl::string_view ExportTargetName(ExportTarget target) {
  for (const auto& [t, name] : kTargetNames) {
    if (t == target) return name;
  }
  return "refi";
}

absl::StatusOr<ExportTarget> ParseExportTarget(absl::string_view name) {
  std::vector<absl::string_view> names;
  for (const auto& [t, n] : kTargetNames) {
    if (absl::EqualsIgnoreCase(name, n)) return t;
    names.push_back(n);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown export target \"", name,
                                                 "\" (expected ", absl::StrJoin(names, ", "),
                                                 ")"));
}

PositionConvention ConventionForTarget(ExportTarget target) {
  switch (target) {
    case ExportTarget::kNvivo:
    case ExportTarget::kQualCoder:
      return PositionConvention::kUtf16CodeUnits;
    case ExportTarget::kAtlasTi:
      return PositionConvention::kCodePointsCrlfAsOne;
    case ExportTarget::kRefi:
    case ExportTarget::kMaxqda:
      return PositionConvention::kCodePoints;
  }
  return PositionConvention::kCodePoints;
}

absl::StatusOr<ImportResult> ParseQde(absl::string_view xml, const SourceReader& read_source,
                                      const QdpxLimits& limits) {
  return internal::ParseQdeWithOriginals(xml, read_source, limits, nullptr);
}

absl::StatusOr<ImportResult> internal::ParseQdeWithOriginals(
    absl::string_view xml, const SourceReader& read_source, const QdpxLimits& limits,
    const RecordedOriginals* recorded) {
  pugi::xml_document doc;
  THEMATICA_RETURN_IF_ERROR(ParseXml(xml, "project.qde", doc));
  Importer importer(&read_source, limits, recorded);
  return importer.Project(doc.document_element());
}

std::string SerializeQde(const Project& project, bool inline_text,
                         std::vector<std::pair<std::string, std::string>>* files,
                         const QdpxWriteOptions& options, std::vector<std::string>* warnings) {
  return Exporter(project, options, warnings).Qde(inline_text, files);
}

absl::StatusOr<ImportResult> ParseQdc(absl::string_view xml) {
  pugi::xml_document doc;
  THEMATICA_RETURN_IF_ERROR(ParseXml(xml, "codebook", doc));
  QdpxLimits limits;
  Importer importer(nullptr, limits);
  return importer.Codebook(doc.document_element());
}

std::string SerializeQdc(const Project& project) { return Exporter(project).Qdc(); }

}  // namespace thematica
