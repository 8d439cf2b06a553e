// Model → proto: the messages the native encodings write (declared in
// convert.h).
#include <string>
#include <type_traits>
#include <variant>

#include "internal/compact_columns.h"
#include "native/convert.h"

namespace thematica::native {
namespace {

using ::google::protobuf::Timestamp;

// Unset times (InfinitePast) are left out of the file.
template <typename Message>
void SetTime(absl::Time t, Message* m, Timestamp* (Message::*mutable_field)()) {
  if (t != absl::InfinitePast()) ToProto(t, (m->*mutable_field)());
}

template <typename Map>
void CopyMetadata(const Metadata& from, Map* to) {
  for (const auto& [k, v] : from) (*to)[k] = v;
}

}  // namespace

void ToProto(absl::Time t, Timestamp* out) { internal::TimeToProto(t, out); }

pb::AttributeType ToProto(AttributeType type) {
  switch (type) {
    case AttributeType::kText:
      return pb::ATTRIBUTE_TYPE_TEXT;
    case AttributeType::kNumber:
      return pb::ATTRIBUTE_TYPE_NUMBER;
    case AttributeType::kBoolean:
      return pb::ATTRIBUTE_TYPE_BOOLEAN;
    case AttributeType::kDate:
      return pb::ATTRIBUTE_TYPE_DATE;
  }
  return pb::ATTRIBUTE_TYPE_TEXT;
}

pb::RelationDirection ToProto(RelationDirection d) {
  switch (d) {
    case RelationDirection::kOneWay:
      return pb::RELATION_DIRECTION_ONE_WAY;
    case RelationDirection::kBidirectional:
      return pb::RELATION_DIRECTION_BIDIRECTIONAL;
    case RelationDirection::kAssociative:
      return pb::RELATION_DIRECTION_ASSOCIATIVE;
  }
  return pb::RELATION_DIRECTION_ONE_WAY;
}

void ToProto(const AttributeValue& v, pb::AttributeValue* out) {
  if (const std::string* t = v.text()) {
    out->set_text(*t);
  } else if (const double* n = v.number()) {
    out->set_number(*n);
  } else if (const bool* b = v.boolean()) {
    out->set_boolean(*b);
  } else {
    const absl::CivilDay d = *v.date();
    out->mutable_date()->set_year(static_cast<int32_t>(d.year()));
    out->mutable_date()->set_month(d.month());
    out->mutable_date()->set_day(d.day());
  }
}

void ToProto(const Span& s, pb::Span* out) {
  out->set_start(s.start);
  out->set_end(s.end);
}

pb::ProvenanceKind ToProto(ProvenanceKind kind) {
  switch (kind) {
    case ProvenanceKind::kHuman:
      return pb::PROVENANCE_KIND_HUMAN;
    case ProvenanceKind::kRule:
      return pb::PROVENANCE_KIND_RULE;
    case ProvenanceKind::kImport:
      return pb::PROVENANCE_KIND_IMPORT;
    case ProvenanceKind::kModel:
      return pb::PROVENANCE_KIND_MODEL;
  }
  return pb::PROVENANCE_KIND_UNSPECIFIED;
}

// A person's excerpt without details is left out, as files before 1.2 had it.
void ToProto(const Provenance& p, pb::Excerpt* out) {
  if (p.is_default()) return;
  pb::Provenance* pp = out->mutable_provenance();
  pp->set_kind(ToProto(p.kind));
  pp->set_rule(p.rule);
  pp->set_scope(p.scope);
  pp->set_tool(p.tool);
  pp->set_file(p.file);
  pp->set_run_id(p.run_id);
  pp->set_coder_id(p.coder_id);
}

void ToProto(const Excerpt& e, pb::Excerpt* out) {
  out->set_id(e.id);
  out->set_document_id(e.document_id);
  ToProto(e.span, out->mutable_span());
  for (const std::string& c : e.code_ids) out->add_code_ids(c);
  out->set_coder_id(e.coder_id);
  SetTime(e.created, out, &pb::Excerpt::mutable_created);
  SetTime(e.modified, out, &pb::Excerpt::mutable_modified);
  ToProto(e.provenance, out);
  CopyMetadata(e.metadata, out->mutable_metadata());
}

pb::SuggestionStatus ToProto(SuggestionStatus status) {
  switch (status) {
    case SuggestionStatus::kPending:
      return pb::SUGGESTION_STATUS_PENDING;
    case SuggestionStatus::kAccepted:
      return pb::SUGGESTION_STATUS_ACCEPTED;
    case SuggestionStatus::kRejected:
      return pb::SUGGESTION_STATUS_REJECTED;
  }
  return pb::SUGGESTION_STATUS_PENDING;
}

void ToProto(const SuggestionRun& r, pb::SuggestionRun* out) {
  out->set_id(r.id);
  out->set_method(r.method);
  out->set_unit(r.unit);
  out->set_model(r.model);
  out->set_model_sha256(r.model_sha256);
  for (const auto& [k, v] : r.parameters) (*out->mutable_parameters())[k] = v;
  out->set_seed(r.seed);
  for (const std::string& c : r.code_ids) out->add_code_ids(c);
  out->set_codebook_sha256(r.codebook_sha256);
  for (const DocumentDigest& d : r.documents) {
    pb::DocumentDigest* pd = out->add_documents();
    pd->set_document_id(d.document_id);
    pd->set_sha256(d.sha256);
  }
  out->set_started_by(r.started_by);
  SetTime(r.created, out, &pb::SuggestionRun::mutable_created);
  out->set_endpoint(r.endpoint);
  for (const Suggestion& x : r.suggestions) {
    pb::Suggestion* px = out->add_suggestions();
    px->set_id(x.id);
    px->set_document_id(x.document_id);
    px->mutable_span()->set_start(x.span.start);
    px->mutable_span()->set_end(x.span.end);
    px->set_code_id(x.code_id);
    px->set_score(x.score);
    px->set_rationale(x.rationale);
    px->set_status(ToProto(x.status));
    px->set_excerpt_id(x.excerpt_id);
  }
  CopyMetadata(r.metadata, out->mutable_metadata());
}

void ToProto(const Document& d, pb::Document* out) {
  out->set_id(d.id);
  out->set_name(d.name);
  out->set_text(d.text);
  out->set_case_id(d.case_id);
  for (const SpeakerTurn& t : d.speaker_turns) {
    pb::SpeakerTurn* pt = out->add_speaker_turns();
    ToProto(t.span, pt->mutable_span());
    pt->set_case_id(t.case_id);
    pt->set_speaker(t.speaker);
    if (t.start_ms >= 0) pt->set_start_ms(t.start_ms);
    if (t.end_ms >= 0) pt->set_end_ms(t.end_ms);
  }
  out->set_description(d.description);
  SetTime(d.created, out, &pb::Document::mutable_created);
  SetTime(d.modified, out, &pb::Document::mutable_modified);
  out->set_creator_id(d.creator_id);
  if (d.source_file.has_value()) {
    pb::SourceFile* sf = out->mutable_source_file();
    sf->set_name(d.source_file->name);
    sf->set_content(d.source_file->content);
    sf->set_sha256(d.source_file->sha256);
    sf->set_media_type(d.source_file->media_type);
    sf->set_importer(d.source_file->importer);
  }
  CopyMetadata(d.metadata, out->mutable_metadata());
}

void ToProto(const Coder& c, pb::Coder* pc) {
  pc->set_id(c.id);
  pc->set_name(c.name);
  SetTime(c.created, pc, &pb::Coder::mutable_created);
  CopyMetadata(c.metadata, pc->mutable_metadata());
}

void ToProto(const AttributeDefinition& a, pb::AttributeDefinition* pa) {
  pa->set_id(a.id);
  pa->set_name(a.name);
  pa->set_type(ToProto(a.type));
  pa->set_description(a.description);
  CopyMetadata(a.metadata, pa->mutable_metadata());
}

void ToProto(const Case& c, pb::Case* pc) {
  pc->set_id(c.id);
  pc->set_name(c.name);
  pc->set_description(c.description);
  for (const auto& [attribute_id, value] : c.attributes) {
    ToProto(value, &(*pc->mutable_attributes())[attribute_id]);
  }
  SetTime(c.created, pc, &pb::Case::mutable_created);
  SetTime(c.modified, pc, &pb::Case::mutable_modified);
  pc->set_creator_id(c.creator_id);
  CopyMetadata(c.metadata, pc->mutable_metadata());
}

void ToProto(const Code& c, pb::Code* pc) {
  pc->set_id(c.id);
  pc->set_name(c.name);
  pc->set_parent_id(c.parent_id);
  pc->set_description(c.description);
  pc->set_inclusion(c.inclusion);
  pc->set_exclusion(c.exclusion);
  pc->set_example(c.example);
  pc->set_color(c.color);
  pc->set_not_codable(!c.codable);
  SetTime(c.created, pc, &pb::Code::mutable_created);
  SetTime(c.modified, pc, &pb::Code::mutable_modified);
  pc->set_creator_id(c.creator_id);
  CopyMetadata(c.metadata, pc->mutable_metadata());
}

void ToProto(const Theme& t, pb::Theme* pt) {
  pt->set_id(t.id);
  pt->set_name(t.name);
  pt->set_description(t.description);
  pt->set_parent_id(t.parent_id);
  for (const std::string& c : t.code_ids) pt->add_code_ids(c);
  pt->set_color(t.color);
  SetTime(t.created, pt, &pb::Theme::mutable_created);
  SetTime(t.modified, pt, &pb::Theme::mutable_modified);
  pt->set_creator_id(t.creator_id);
  CopyMetadata(t.metadata, pt->mutable_metadata());
}

void ToProto(const Relation& r, pb::Relation* pr) {
  pr->set_id(r.id);
  pr->set_source_id(r.source_id);
  pr->set_target_id(r.target_id);
  pr->set_label(r.label);
  pr->set_direction(ToProto(r.direction));
  pr->set_description(r.description);
  SetTime(r.created, pr, &pb::Relation::mutable_created);
  SetTime(r.modified, pr, &pb::Relation::mutable_modified);
  pr->set_creator_id(r.creator_id);
  CopyMetadata(r.metadata, pr->mutable_metadata());
}

void ToProto(const Memo& m, pb::Memo* pm) {
  pm->set_id(m.id);
  pm->set_title(m.title);
  pm->set_text(m.text);
  pm->set_author_id(m.author_id);
  pm->set_target_id(m.target_id);
  SetTime(m.created, pm, &pb::Memo::mutable_created);
  SetTime(m.modified, pm, &pb::Memo::mutable_modified);
  CopyMetadata(m.metadata, pm->mutable_metadata());
}

void ToProto(const ProjectInfo& info, pb::ChangeProjectInfo* out) {
  out->set_id(info.id);
  out->set_title(info.title);
  out->set_description(info.description);
  SetTime(info.created, out, &pb::ChangeProjectInfo::mutable_created);
  SetTime(info.modified, out, &pb::ChangeProjectInfo::mutable_modified);
  out->set_creator_id(info.creator_id);
  CopyMetadata(info.metadata, out->mutable_metadata());
}

void ToProto(const ObjectValue& value, pb::ChangeObject* out) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ProjectInfo>) ToProto(v, out->mutable_project());
        if constexpr (std::is_same_v<T, Coder>) ToProto(v, out->mutable_coder());
        if constexpr (std::is_same_v<T, AttributeDefinition>) ToProto(v, out->mutable_attribute());
        if constexpr (std::is_same_v<T, Case>) ToProto(v, out->mutable_case_value());
        if constexpr (std::is_same_v<T, Document>) ToProto(v, out->mutable_document());
        if constexpr (std::is_same_v<T, Code>) ToProto(v, out->mutable_code());
        if constexpr (std::is_same_v<T, Excerpt>) ToProto(v, out->mutable_excerpt());
        if constexpr (std::is_same_v<T, Theme>) ToProto(v, out->mutable_theme());
        if constexpr (std::is_same_v<T, Relation>) ToProto(v, out->mutable_relation());
        if constexpr (std::is_same_v<T, Memo>) ToProto(v, out->mutable_memo());
      },
      value);
}

pb::ChangeOp ToProto(ChangeOp op) {
  switch (op) {
    case ChangeOp::kAdd:
      return pb::CHANGE_OP_ADD;
    case ChangeOp::kUpdate:
      return pb::CHANGE_OP_UPDATE;
    case ChangeOp::kRemove:
      return pb::CHANGE_OP_REMOVE;
  }
  return pb::CHANGE_OP_UNSPECIFIED;
}

void ToProto(const ChangeRecord& r, pb::ChangeRecord* out) {
  out->set_seq(r.seq);
  out->set_step(r.step);
  SetTime(r.time, out, &pb::ChangeRecord::mutable_time);
  out->set_coder_id(r.coder_id);
  out->set_op(ToProto(r.op));
  out->set_kind(std::string(ObjectKindName(r.kind)));
  out->set_object_id(r.object_id);
  out->set_summary(r.summary);
  if (r.op == ChangeOp::kRemove) out->set_position(r.position);
  if (r.before != nullptr) ToProto(*r.before, out->mutable_before());
}

// Everything but documents and excerpts (which the binary writer streams).
void HeaderToProto(const Project& project, pb::Project* out) {
  out->mutable_format_version()->set_major(kFormatVersionMajor);
  out->mutable_format_version()->set_minor(kFormatVersionMinor);
  const ProjectInfo& info = project.info();
  out->set_id(info.id);
  out->set_title(info.title);
  out->set_description(info.description);
  SetTime(info.created, out, &pb::Project::mutable_created);
  SetTime(info.modified, out, &pb::Project::mutable_modified);
  out->set_creator_id(info.creator_id);
  CopyMetadata(info.metadata, out->mutable_metadata());
  for (const Coder& c : project.coders()) ToProto(c, out->add_coders());
  for (const AttributeDefinition& a : project.attributes()) ToProto(a, out->add_attributes());
  for (const Case& c : project.cases()) ToProto(c, out->add_cases());
  for (const Code& c : project.codebook().codes()) ToProto(c, out->add_codes());
  for (const Theme& t : project.themes()) ToProto(t, out->add_themes());
  for (const Relation& r : project.relations()) ToProto(r, out->add_relations());
  for (const Memo& m : project.memos()) ToProto(m, out->add_memos());
  for (const ChangeRecord& r : project.history()) ToProto(r, out->add_history());
  const HistorySettings& settings = project.history_settings();
  if (!settings.enabled || settings.undo_floor != 0 || settings.next_seq != 1) {
    pb::HistorySettings* ps = out->mutable_history_settings();
    ps->set_disabled(!settings.enabled);
    ps->set_undo_floor(settings.undo_floor);
    ps->set_next_seq(settings.next_seq);
  }
  for (const SuggestionRun& r : project.suggestion_runs()) ToProto(r, out->add_suggestion_runs());
}

}  // namespace thematica::native
