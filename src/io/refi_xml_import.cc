// REFI-QDA XML import: codes, variables, cases, text sources and their
// selections (see refi_qda.h; the rest in refi_xml_import_project.cc).
#include "io/refi_xml_importer.h"

namespace thematica::refi_xml {

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

}  // namespace thematica::refi_xml
