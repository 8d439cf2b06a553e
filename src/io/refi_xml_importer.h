// Private to src/io: the REFI-QDA XML reader's state, shared by
// refi_xml_import.cc (codes, cases, sources, selections) and
// refi_xml_import_project.cc (notes, sets, links, graphs, the whole project).
#ifndef THEMATICA_SRC_IO_REFI_XML_IMPORTER_H_
#define THEMATICA_SRC_IO_REFI_XML_IMPORTER_H_

#include "io/refi_xml_common.h"

namespace thematica::refi_xml {

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

}  // namespace thematica::refi_xml

#endif  // THEMATICA_SRC_IO_REFI_XML_IMPORTER_H_
