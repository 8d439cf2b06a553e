// REFI-QDA XML import: notes, sets, links, graphs and the whole project or
// codebook (see refi_qda.h; codes and sources in refi_xml_import.cc).
#include "io/refi_xml_importer.h"
#include "internal/project_loader.h"

namespace thematica {
namespace refi_xml {

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
  internal::ProjectLoader p;
  p.SetInfo(std::move(info_));
  p.Reserve(documents_.size(), excerpts_.size());
  for (Coder& c : coders_) p.Add(std::move(c));
  for (AttributeDefinition& a : attributes_) p.Add(std::move(a));
  for (Case& c : cases_) p.Add(std::move(c));
  for (Document& d : documents_) p.Add(std::move(d));
  for (Code& c : codes_) p.Add(std::move(c));
  // (Reads info_ after it moved, so the tool is always "REFI-QDA", which
  // test_ai asserts; the origin was meant. Left as it is: issue 11 changes no
  // behaviour.)
  const std::string tool = info_.metadata.contains("refi:origin") ? info_.metadata["refi:origin"]
                                                                    : "REFI-QDA";
  for (Excerpt& e : excerpts_) {
    e.provenance = {.kind = ProvenanceKind::kImport, .tool = tool, .file = "project.qde"};
    p.Add(std::move(e));
  }
  for (Theme& t : themes_) p.Add(std::move(t));
  for (Relation& r : relations_) p.Add(std::move(r));
  for (Memo& m : memos_) p.Add(std::move(m));
  ImportResult result;
  THEMATICA_ASSIGN_OR_RETURN(
      result.project, std::move(p).Finish([](const std::vector<std::string>& problems) {
        return absl::InvalidArgumentError(
            absl::StrCat("the imported project is inconsistent: ", absl::StrJoin(problems, "; ")));
      }));
  result.warnings = std::move(warnings_);
  return result;
}

}  // namespace refi_xml

using namespace refi_xml;  // NOLINT: the shared helpers of the REFI-QDA XML files.


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
absl::StatusOr<ImportResult> ParseQdc(absl::string_view xml) {
  pugi::xml_document doc;
  THEMATICA_RETURN_IF_ERROR(ParseXml(xml, "codebook", doc));
  QdpxLimits limits;
  Importer importer(nullptr, limits);
  return importer.Codebook(doc.document_element());
}

}  // namespace thematica
