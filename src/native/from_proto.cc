// Proto → model: the loaders' decoding of the native messages (declared in
// convert.h). FromProto of a mutable message moves its strings out.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "internal/project_loader.h"
#include "native/convert.h"
#include "thematica/status_macros.h"

namespace thematica::native {
namespace {

using ::google::protobuf::Timestamp;

template <typename Message>
absl::Time GetTime(const Message& m, bool (Message::*has)() const,
                   const Timestamp& (Message::*get)() const) {
  return (m.*has)() ? FromProto((m.*get)()) : absl::InfinitePast();
}

template <typename Map>
Metadata ReadMetadata(const Map& from) {
  return Metadata(from.begin(), from.end());
}

std::optional<ObjectKind> KindFromName(absl::string_view name) {
  for (ObjectKind k : {ObjectKind::kProject, ObjectKind::kCoder, ObjectKind::kAttribute,
                       ObjectKind::kCase, ObjectKind::kDocument, ObjectKind::kCode,
                       ObjectKind::kExcerpt, ObjectKind::kTheme, ObjectKind::kRelation,
                       ObjectKind::kMemo}) {
    if (ObjectKindName(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace

absl::Time FromProto(const Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::StatusOr<AttributeType> FromProto(pb::AttributeType type) {
  switch (type) {
    case pb::ATTRIBUTE_TYPE_TEXT:
      return AttributeType::kText;
    case pb::ATTRIBUTE_TYPE_NUMBER:
      return AttributeType::kNumber;
    case pb::ATTRIBUTE_TYPE_BOOLEAN:
      return AttributeType::kBoolean;
    case pb::ATTRIBUTE_TYPE_DATE:
      return AttributeType::kDate;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unknown attribute type ", static_cast<int>(type)));
  }
}

RelationDirection FromProto(pb::RelationDirection d) {
  switch (d) {
    case pb::RELATION_DIRECTION_BIDIRECTIONAL:
      return RelationDirection::kBidirectional;
    case pb::RELATION_DIRECTION_ASSOCIATIVE:
      return RelationDirection::kAssociative;
    default:
      return RelationDirection::kOneWay;
  }
}

absl::StatusOr<AttributeValue> FromProto(const pb::AttributeValue& v) {
  switch (v.value_case()) {
    case pb::AttributeValue::kText:
      return AttributeValue(v.text());
    case pb::AttributeValue::kNumber:
      return AttributeValue(v.number());
    case pb::AttributeValue::kBoolean:
      return AttributeValue(v.boolean());
    case pb::AttributeValue::kDate: {
      const absl::CivilDay day(v.date().year(), v.date().month(), v.date().day());
      if (day.year() != v.date().year() || day.month() != v.date().month() ||
          day.day() != v.date().day()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "invalid date ", v.date().year(), "-", v.date().month(), "-",
            v.date().day()));
      }
      return AttributeValue(day);
    }
    default:
      return absl::InvalidArgumentError("attribute value with no value set");
  }
}

Span FromProto(const pb::Span& s) { return Span{s.start(), s.end()}; }

Provenance FromProto(pb::Provenance& p) {
  Provenance out;
  switch (p.kind()) {
    case pb::PROVENANCE_KIND_RULE:
      out.kind = ProvenanceKind::kRule;
      break;
    case pb::PROVENANCE_KIND_IMPORT:
      out.kind = ProvenanceKind::kImport;
      break;
    case pb::PROVENANCE_KIND_MODEL:
      out.kind = ProvenanceKind::kModel;
      break;
    default:  // UNSPECIFIED, HUMAN, and kinds of a newer version.
      out.kind = ProvenanceKind::kHuman;
  }
  out.rule = std::move(*p.mutable_rule());
  out.scope = std::move(*p.mutable_scope());
  out.tool = std::move(*p.mutable_tool());
  out.file = std::move(*p.mutable_file());
  out.run_id = std::move(*p.mutable_run_id());
  out.coder_id = std::move(*p.mutable_coder_id());
  return out;
}

SuggestionRun FromProto(pb::SuggestionRun& r) {
  SuggestionRun out;
  out.id = std::move(*r.mutable_id());
  out.method = std::move(*r.mutable_method());
  out.unit = std::move(*r.mutable_unit());
  out.model = std::move(*r.mutable_model());
  out.model_sha256 = std::move(*r.mutable_model_sha256());
  for (const auto& [k, v] : r.parameters()) out.parameters.emplace(k, v);
  out.seed = r.seed();
  for (std::string& c : *r.mutable_code_ids()) out.code_ids.push_back(std::move(c));
  out.codebook_sha256 = std::move(*r.mutable_codebook_sha256());
  for (pb::DocumentDigest& d : *r.mutable_documents()) {
    out.documents.push_back(
        {std::move(*d.mutable_document_id()), std::move(*d.mutable_sha256())});
  }
  out.started_by = std::move(*r.mutable_started_by());
  out.created = GetTime(r, &pb::SuggestionRun::has_created, &pb::SuggestionRun::created);
  out.endpoint = std::move(*r.mutable_endpoint());
  for (pb::Suggestion& x : *r.mutable_suggestions()) {
    Suggestion s;
    s.id = std::move(*x.mutable_id());
    s.document_id = std::move(*x.mutable_document_id());
    s.span = Span{x.span().start(), x.span().end()};
    s.code_id = std::move(*x.mutable_code_id());
    s.score = x.score();
    s.rationale = std::move(*x.mutable_rationale());
    s.status = x.status() == pb::SUGGESTION_STATUS_ACCEPTED   ? SuggestionStatus::kAccepted
               : x.status() == pb::SUGGESTION_STATUS_REJECTED ? SuggestionStatus::kRejected
                                                              : SuggestionStatus::kPending;
    s.excerpt_id = std::move(*x.mutable_excerpt_id());
    out.suggestions.push_back(std::move(s));
  }
  out.metadata = ReadMetadata(r.metadata());
  return out;
}

Excerpt FromProto(pb::Excerpt& e) {
  Excerpt out;
  out.id = std::move(*e.mutable_id());
  out.document_id = std::move(*e.mutable_document_id());
  out.span = FromProto(e.span());
  out.code_ids.reserve(e.code_ids_size());
  for (std::string& c : *e.mutable_code_ids()) out.code_ids.push_back(std::move(c));
  out.coder_id = std::move(*e.mutable_coder_id());
  out.created = GetTime(e, &pb::Excerpt::has_created, &pb::Excerpt::created);
  out.modified = GetTime(e, &pb::Excerpt::has_modified, &pb::Excerpt::modified);
  if (e.has_provenance()) out.provenance = FromProto(*e.mutable_provenance());
  out.metadata = ReadMetadata(e.metadata());
  return out;
}

Document FromProto(pb::Document& d) {
  Document out;
  out.id = std::move(*d.mutable_id());
  out.name = std::move(*d.mutable_name());
  out.text = std::move(*d.mutable_text());
  out.case_id = std::move(*d.mutable_case_id());
  for (const pb::SpeakerTurn& t : d.speaker_turns()) {
    out.speaker_turns.push_back({FromProto(t.span()), t.case_id(), t.speaker(),
                                 t.has_start_ms() ? t.start_ms() : -1,
                                 t.has_end_ms() ? t.end_ms() : -1});
  }
  out.description = std::move(*d.mutable_description());
  out.created = GetTime(d, &pb::Document::has_created, &pb::Document::created);
  out.modified = GetTime(d, &pb::Document::has_modified, &pb::Document::modified);
  out.creator_id = std::move(*d.mutable_creator_id());
  if (d.has_source_file()) {
    pb::SourceFile* sf = d.mutable_source_file();
    out.source_file = SourceFile{std::move(*sf->mutable_name()), std::move(*sf->mutable_content()),
                                 std::move(*sf->mutable_sha256()),
                                 std::move(*sf->mutable_media_type()),
                                 std::move(*sf->mutable_importer())};
  }
  out.metadata = ReadMetadata(d.metadata());
  return out;
}

// Whether an excerpt record holds anything this version does not know (the
// cheap check before the full walk; excerpts are the most numerous records).
bool HasUnknownFields(const pb::Excerpt& e) {
  auto has = [](const google::protobuf::Message& m) {
    return !m.GetReflection()->GetUnknownFields(m).empty();
  };
  return has(e) || has(e.span()) || has(e.created()) || has(e.modified()) ||
         has(e.provenance());
}

Coder FromProto(pb::Coder& c) {
  return {.id = std::move(*c.mutable_id()),
          .name = std::move(*c.mutable_name()),
          .created = GetTime(c, &pb::Coder::has_created, &pb::Coder::created),
          .metadata = ReadMetadata(c.metadata())};
}

absl::StatusOr<AttributeDefinition> FromProto(pb::AttributeDefinition& a) {
  absl::StatusOr<AttributeType> type = FromProto(a.type());
  if (!type.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("attribute ", a.id(), ": ", type.status().message()));
  }
  return AttributeDefinition{.id = std::move(*a.mutable_id()),
                             .name = std::move(*a.mutable_name()),
                             .type = *type,
                             .description = std::move(*a.mutable_description()),
                             .metadata = ReadMetadata(a.metadata())};
}

absl::StatusOr<Case> FromProto(pb::Case& c) {
  Case out_case;
  out_case.id = std::move(*c.mutable_id());
  out_case.name = std::move(*c.mutable_name());
  out_case.description = std::move(*c.mutable_description());
  for (const auto& [attribute_id, value] : c.attributes()) {
    absl::StatusOr<AttributeValue> v = FromProto(value);
    if (!v.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "case ", out_case.id, ", attribute ", attribute_id, ": ", v.status().message()));
    }
    out_case.attributes.emplace(attribute_id, *std::move(v));
  }
  out_case.created = GetTime(c, &pb::Case::has_created, &pb::Case::created);
  out_case.modified = GetTime(c, &pb::Case::has_modified, &pb::Case::modified);
  out_case.creator_id = std::move(*c.mutable_creator_id());
  out_case.metadata = ReadMetadata(c.metadata());
  return out_case;
}

Code FromProto(pb::Code& c) {
  Code code;
  code.id = std::move(*c.mutable_id());
  code.name = std::move(*c.mutable_name());
  code.parent_id = std::move(*c.mutable_parent_id());
  code.description = std::move(*c.mutable_description());
  code.inclusion = std::move(*c.mutable_inclusion());
  code.exclusion = std::move(*c.mutable_exclusion());
  code.example = std::move(*c.mutable_example());
  code.color = std::move(*c.mutable_color());
  code.codable = !c.not_codable();
  code.created = GetTime(c, &pb::Code::has_created, &pb::Code::created);
  code.modified = GetTime(c, &pb::Code::has_modified, &pb::Code::modified);
  code.creator_id = std::move(*c.mutable_creator_id());
  code.metadata = ReadMetadata(c.metadata());
  return code;
}

Theme FromProto(pb::Theme& t) {
  Theme theme;
  theme.id = std::move(*t.mutable_id());
  theme.name = std::move(*t.mutable_name());
  theme.description = std::move(*t.mutable_description());
  theme.parent_id = std::move(*t.mutable_parent_id());
  for (std::string& c : *t.mutable_code_ids()) theme.code_ids.push_back(std::move(c));
  theme.color = std::move(*t.mutable_color());
  theme.created = GetTime(t, &pb::Theme::has_created, &pb::Theme::created);
  theme.modified = GetTime(t, &pb::Theme::has_modified, &pb::Theme::modified);
  theme.creator_id = std::move(*t.mutable_creator_id());
  theme.metadata = ReadMetadata(t.metadata());
  return theme;
}

Relation FromProto(pb::Relation& r) {
  Relation relation;
  relation.id = std::move(*r.mutable_id());
  relation.source_id = std::move(*r.mutable_source_id());
  relation.target_id = std::move(*r.mutable_target_id());
  relation.label = std::move(*r.mutable_label());
  relation.direction = FromProto(r.direction());
  relation.description = std::move(*r.mutable_description());
  relation.created = GetTime(r, &pb::Relation::has_created, &pb::Relation::created);
  relation.modified = GetTime(r, &pb::Relation::has_modified, &pb::Relation::modified);
  relation.creator_id = std::move(*r.mutable_creator_id());
  relation.metadata = ReadMetadata(r.metadata());
  return relation;
}

Memo FromProto(pb::Memo& m) {
  Memo memo;
  memo.id = std::move(*m.mutable_id());
  memo.title = std::move(*m.mutable_title());
  memo.text = std::move(*m.mutable_text());
  memo.author_id = std::move(*m.mutable_author_id());
  memo.target_id = std::move(*m.mutable_target_id());
  memo.created = GetTime(m, &pb::Memo::has_created, &pb::Memo::created);
  memo.modified = GetTime(m, &pb::Memo::has_modified, &pb::Memo::modified);
  memo.metadata = ReadMetadata(m.metadata());
  return memo;
}

ProjectInfo FromProto(pb::ChangeProjectInfo& p) {
  ProjectInfo info;
  info.id = std::move(*p.mutable_id());
  info.title = std::move(*p.mutable_title());
  info.description = std::move(*p.mutable_description());
  info.created = GetTime(p, &pb::ChangeProjectInfo::has_created, &pb::ChangeProjectInfo::created);
  info.modified = GetTime(p, &pb::ChangeProjectInfo::has_modified, &pb::ChangeProjectInfo::modified);
  info.creator_id = std::move(*p.mutable_creator_id());
  info.metadata = ReadMetadata(p.metadata());
  return info;
}

absl::StatusOr<ObjectValue> FromProto(pb::ChangeObject& o) {
  switch (o.object_case()) {
    case pb::ChangeObject::kProject:
      return ObjectValue(FromProto(*o.mutable_project()));
    case pb::ChangeObject::kCoder:
      return ObjectValue(FromProto(*o.mutable_coder()));
    case pb::ChangeObject::kAttribute: {
      THEMATICA_ASSIGN_OR_RETURN(AttributeDefinition a, FromProto(*o.mutable_attribute()));
      return ObjectValue(std::move(a));
    }
    case pb::ChangeObject::kCaseValue: {
      THEMATICA_ASSIGN_OR_RETURN(Case c, FromProto(*o.mutable_case_value()));
      return ObjectValue(std::move(c));
    }
    case pb::ChangeObject::kDocument:
      return ObjectValue(FromProto(*o.mutable_document()));
    case pb::ChangeObject::kCode:
      return ObjectValue(FromProto(*o.mutable_code()));
    case pb::ChangeObject::kExcerpt:
      return ObjectValue(FromProto(*o.mutable_excerpt()));
    case pb::ChangeObject::kTheme:
      return ObjectValue(FromProto(*o.mutable_theme()));
    case pb::ChangeObject::kRelation:
      return ObjectValue(FromProto(*o.mutable_relation()));
    case pb::ChangeObject::kMemo:
      return ObjectValue(FromProto(*o.mutable_memo()));
    case pb::ChangeObject::OBJECT_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("an object of no known kind");
}

// One saved change record; InvalidArgument naming the record when it does not
// describe a change this version can undo.
absl::StatusOr<ChangeRecord> FromProto(pb::ChangeRecord& r) {
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("change log record ", r.seq(), ": ", what));
  };
  ChangeRecord out;
  out.seq = r.seq();
  out.step = r.step();
  out.time = GetTime(r, &pb::ChangeRecord::has_time, &pb::ChangeRecord::time);
  out.coder_id = std::move(*r.mutable_coder_id());
  switch (r.op()) {
    case pb::CHANGE_OP_ADD:
      out.op = ChangeOp::kAdd;
      break;
    case pb::CHANGE_OP_UPDATE:
      out.op = ChangeOp::kUpdate;
      break;
    case pb::CHANGE_OP_REMOVE:
      out.op = ChangeOp::kRemove;
      break;
    default:
      return bad(absl::StrCat("unknown operation ", static_cast<int>(r.op())));
  }
  const std::optional<ObjectKind> kind = KindFromName(r.kind());
  if (!kind.has_value()) return bad(absl::StrCat("unknown object kind \"", r.kind(), "\""));
  out.kind = *kind;
  out.object_id = std::move(*r.mutable_object_id());
  out.summary = std::move(*r.mutable_summary());
  out.position = out.op == ChangeOp::kRemove ? r.position() : -1;
  if (r.has_before()) {
    absl::StatusOr<ObjectValue> before = FromProto(*r.mutable_before());
    if (!before.ok()) return bad(before.status().message());
    if (KindOfValue(*before) != out.kind || IdOfValue(*before) != out.object_id) {
      return bad("its object is not the one it names");
    }
    out.before = std::make_shared<const ObjectValue>(*std::move(before));
  } else if (out.op != ChangeOp::kAdd) {
    return bad(absl::StrCat("a ", ChangeOpName(out.op), " without the object as it was"));
  }
  if (out.seq <= 0 || out.step <= 0 || out.step > out.seq) return bad("bad sequence numbers");
  return out;
}

// Fills everything but documents and excerpts; consumes `p`'s strings.
absl::Status HeaderFromProto(pb::Project& p, internal::ProjectLoader& out) {
  ProjectInfo info;
  info.id = std::move(*p.mutable_id());
  info.title = std::move(*p.mutable_title());
  info.description = std::move(*p.mutable_description());
  info.created = GetTime(p, &pb::Project::has_created, &pb::Project::created);
  info.modified = GetTime(p, &pb::Project::has_modified, &pb::Project::modified);
  info.creator_id = std::move(*p.mutable_creator_id());
  info.metadata = ReadMetadata(p.metadata());
  out.SetInfo(std::move(info));
  for (pb::Coder& c : *p.mutable_coders()) out.Add(FromProto(c));
  for (pb::AttributeDefinition& a : *p.mutable_attributes()) {
    THEMATICA_ASSIGN_OR_RETURN(AttributeDefinition attribute, FromProto(a));
    out.Add(std::move(attribute));
  }
  for (pb::Case& c : *p.mutable_cases()) {
    THEMATICA_ASSIGN_OR_RETURN(Case out_case, FromProto(c));
    out.Add(std::move(out_case));
  }
  for (pb::Code& c : *p.mutable_codes()) out.Add(FromProto(c));
  for (pb::Theme& t : *p.mutable_themes()) out.Add(FromProto(t));
  for (pb::Relation& r : *p.mutable_relations()) out.Add(FromProto(r));
  for (pb::Memo& m : *p.mutable_memos()) out.Add(FromProto(m));
  std::vector<ChangeRecord> history;
  history.reserve(static_cast<size_t>(p.history_size()));
  for (pb::ChangeRecord& r : *p.mutable_history()) {
    THEMATICA_ASSIGN_OR_RETURN(ChangeRecord record, FromProto(r));
    if (!history.empty() && record.seq <= history.back().seq) {
      return absl::InvalidArgumentError(absl::StrCat(
          "change log record ", record.seq, " comes after record ", history.back().seq));
    }
    history.push_back(std::move(record));
  }
  for (pb::SuggestionRun& r : *p.mutable_suggestion_runs()) {
    out.Add(FromProto(r));
  }
  const pb::HistorySettings& ps = p.history_settings();
  HistorySettings settings{.enabled = !ps.disabled(), .undo_floor = ps.undo_floor(),
                           .next_seq = std::max<int64_t>(1, ps.next_seq())};
  out.SetHistory(std::move(history), settings);
  return absl::OkStatus();
}

}  // namespace thematica::native
