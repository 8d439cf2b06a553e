#include "thematica/native_io.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <google/protobuf/wire_format_lite.h>

#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/compact_columns.h"
#include "internal/format_upgrade.h"
#include "internal/json_fast.h"
#include "internal/json_split.h"
#include "internal/preserved_fields.h"
#include "internal/file_util.h"
#include "thematica/id.h"
#include "thematica/interrupt.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

namespace pb = ::thematica::v1;
using ::google::protobuf::Timestamp;

// --- Model → proto -------------------------------------------------------------

void ToProto(absl::Time t, Timestamp* out) { internal::TimeToProto(t, out); }

// Unset times (InfinitePast) are left out of the file.
template <typename Message>
void SetTime(absl::Time t, Message* m, Timestamp* (Message::*mutable_field)()) {
  if (t != absl::InfinitePast()) ToProto(t, (m->*mutable_field)());
}

absl::Time FromProto(const Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

template <typename Message>
absl::Time GetTime(const Message& m, bool (Message::*has)() const,
                   const Timestamp& (Message::*get)() const) {
  return (m.*has)() ? FromProto((m.*get)()) : absl::InfinitePast();
}

template <typename Map>
void CopyMetadata(const Metadata& from, Map* to) {
  for (const auto& [k, v] : from) (*to)[k] = v;
}

template <typename Map>
Metadata ReadMetadata(const Map& from) {
  return Metadata(from.begin(), from.end());
}

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

// --- Proto → model -------------------------------------------------------------

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

// The chain of upgrade steps from a file's version to this one.
class Upgrade {
 public:
  explicit Upgrade(const pb::Project& header)
      : chain_(internal::UpgradeChain(header.format_version().major(),
                                      header.format_version().minor())) {}
  bool empty() const { return chain_.empty(); }
  void Header(pb::Project& header) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->header != nullptr) step->header(header);
    }
  }
  void Record(pb::Document& d) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->document != nullptr) step->document(d);
    }
  }
  void Record(pb::Excerpt& e) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->excerpt != nullptr) step->excerpt(e);
    }
  }
  // Whether excerpts may skip protobuf (no step changes them).
  bool KeepsExcerpts() const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->excerpt != nullptr) return false;
    }
    return true;
  }

 private:
  std::vector<const internal::UpgradeStep*> chain_;
};

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

std::optional<ObjectKind> KindFromName(absl::string_view name) {
  for (ObjectKind k : {ObjectKind::kProject, ObjectKind::kCoder, ObjectKind::kAttribute,
                       ObjectKind::kCase, ObjectKind::kDocument, ObjectKind::kCode,
                       ObjectKind::kExcerpt, ObjectKind::kTheme, ObjectKind::kRelation,
                       ObjectKind::kMemo}) {
    if (ObjectKindName(k) == name) return k;
  }
  return std::nullopt;
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
absl::Status HeaderFromProto(pb::Project& p, Project& out) {
  ProjectInfo info;
  info.id = std::move(*p.mutable_id());
  info.title = std::move(*p.mutable_title());
  info.description = std::move(*p.mutable_description());
  info.created = GetTime(p, &pb::Project::has_created, &pb::Project::created);
  info.modified = GetTime(p, &pb::Project::has_modified, &pb::Project::modified);
  info.creator_id = std::move(*p.mutable_creator_id());
  info.metadata = ReadMetadata(p.metadata());
  out.SetInfoUnchecked(std::move(info));
  for (pb::Coder& c : *p.mutable_coders()) out.InsertCoderUnchecked(FromProto(c));
  for (pb::AttributeDefinition& a : *p.mutable_attributes()) {
    THEMATICA_ASSIGN_OR_RETURN(AttributeDefinition attribute, FromProto(a));
    out.InsertAttributeUnchecked(std::move(attribute));
  }
  for (pb::Case& c : *p.mutable_cases()) {
    THEMATICA_ASSIGN_OR_RETURN(Case out_case, FromProto(c));
    out.InsertCaseUnchecked(std::move(out_case));
  }
  for (pb::Code& c : *p.mutable_codes()) out.InsertCodeUnchecked(FromProto(c));
  for (pb::Theme& t : *p.mutable_themes()) out.InsertThemeUnchecked(FromProto(t));
  for (pb::Relation& r : *p.mutable_relations()) out.InsertRelationUnchecked(FromProto(r));
  for (pb::Memo& m : *p.mutable_memos()) out.InsertMemoUnchecked(FromProto(m));
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
    out.InsertSuggestionRunUnchecked(FromProto(r));
  }
  const pb::HistorySettings& ps = p.history_settings();
  HistorySettings settings{.enabled = !ps.disabled(), .undo_floor = ps.undo_floor(),
                           .next_seq = std::max<int64_t>(1, ps.next_seq())};
  out.SetHistoryUnchecked(std::move(history), settings);
  return absl::OkStatus();
}

absl::Status ValidateLoaded(const Project& project) {
  std::vector<std::string> problems = project.Validate();
  if (problems.empty()) return absl::OkStatus();
  constexpr size_t kShown = 20;
  const size_t total = problems.size();
  if (problems.size() > kShown) problems.resize(kShown);
  std::string message = absl::StrCat("invalid project (", total,
                                     total == 1 ? " problem" : " problems",
                                     "): ", absl::StrJoin(problems, "; "));
  if (total > kShown) absl::StrAppend(&message, "; and ", total - kShown, " more");
  return absl::InvalidArgumentError(message);
}

// Field numbers of pb::Project written and read one element at a time.
constexpr int kDocumentsField = pb::Project::kDocumentsFieldNumber;
constexpr int kExcerptsField = pb::Project::kExcerptsFieldNumber;

// Binary: the header message first, then every document and excerpt as its
// own length-delimited field. The result is a valid serialized pb::Project
// (protobuf merges repeated fields in any order), produced without holding
// a second copy of the corpus in memory.
// Binary: the header message (everything but the corpus), then each
// document and excerpt as a record of fields 11 and 13. The result is an
// ordinary serialized pb::Project (repeated fields may come in any order),
// written without ever holding the encoded corpus in memory: `sink` receives
// it piece by piece.
// Polled between records by the writers when saving to a file (not when
// serialising to memory, which must not come back incomplete).
absl::Status Poll(bool interruptible, absl::string_view what) {
  return interruptible ? CheckInterrupt(what) : absl::OkStatus();
}

template <typename Sink>
absl::Status WriteBinary(const Project& project, Sink&& sink, bool interruptible) {
  using google::protobuf::internal::WireFormatLite;
  std::string buffer;
  // Exactly sized each time: a string grown by StringOutputStream would be
  // zero-filled to its whole (header-sized) capacity for every record.
  auto emit = [&](const google::protobuf::MessageLite& m, int field) {
    const size_t size = m.ByteSizeLong();  // Caches sizes for the write.
    const uint32_t tag =
        WireFormatLite::MakeTag(field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
    const size_t prefix = field == 0 ? 0
                                     : google::protobuf::io::CodedOutputStream::VarintSize32(tag) +
                                           google::protobuf::io::CodedOutputStream::VarintSize32(
                                               static_cast<uint32_t>(size));
    buffer.resize(prefix + size);
    {
      google::protobuf::io::ArrayOutputStream stream(buffer.data(), static_cast<int>(buffer.size()));
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      if (field != 0) {
        coded.WriteTag(tag);
        coded.WriteVarint32(static_cast<uint32_t>(size));
      }
      m.SerializeWithCachedSizes(&coded);
    }
    sink(absl::string_view(buffer));
  };
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Project header;
  HeaderToProto(project, &header);
  internal::ApplyBinary(kept, "", &header, /*split_entities=*/true);
  emit(header, 0);
  pb::Document document;
  for (const Document& d : project.documents()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    document.Clear();
    ToProto(d, &document);
    internal::ApplyBinary(kept, d.id, &document);
    emit(document, kDocumentsField);
  }
  pb::Excerpt excerpt;
  for (const Excerpt& e : project.excerpts()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    excerpt.Clear();
    ToProto(e, &excerpt);
    internal::ApplyBinary(kept, e.id, &excerpt);
    emit(excerpt, kExcerptsField);
  }
  return absl::OkStatus();
}

// Binary: a first pass gathers the (small) non-corpus fields into the header
// and counts the records; a second pass decodes each document and excerpt
// straight into the project, so the corpus is never held twice.
absl::StatusOr<Project> ParseBinaryUnvalidated(absl::string_view bytes) {
  using google::protobuf::internal::WireFormatLite;
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("project file larger than 2 GiB");
  }
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const int size = static_cast<int>(bytes.size());
  auto corrupt = [&](const google::protobuf::io::CodedInputStream& in, absl::string_view what) {
    return absl::DataLossError(absl::StrCat("corrupt or truncated Thematica file: ", what,
                                            " at byte ", in.CurrentPosition(), " of ",
                                            bytes.size()));
  };
  auto is_record = [](uint32_t tag) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    return (field == kDocumentsField || field == kExcerptsField) &&
           WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
  };
  std::string header_bytes;
  size_t documents = 0, excerpts = 0;
  {
    google::protobuf::io::CodedInputStream in(data, size);
    in.SetTotalBytesLimit(std::numeric_limits<int>::max());
    while (true) {
      const int start = in.CurrentPosition();
      const uint32_t tag = in.ReadTag();
      if (tag == 0) {
        if (start != static_cast<int>(bytes.size())) return corrupt(in, "invalid field tag");
        break;
      }
      if (!WireFormatLite::SkipField(&in, tag)) return corrupt(in, "bad field");
      if (is_record(tag)) {
        ++(WireFormatLite::GetTagFieldNumber(tag) == kDocumentsField ? documents : excerpts);
      } else {
        header_bytes.append(bytes.data() + start, static_cast<size_t>(in.CurrentPosition() - start));
      }
    }
  }
  pb::Project header;
  if (!header.ParseFromString(header_bytes)) {
    return absl::DataLossError("corrupt Thematica file: bad project header");
  }
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  internal::CollectBinary(header, "", kept, /*split_entities=*/true);
  Project project;
  project.Reserve(documents, excerpts);
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));
  google::protobuf::io::CodedInputStream in(data, size);
  in.SetTotalBytesLimit(std::numeric_limits<int>::max());
  pb::Document document;
  pb::Excerpt excerpt;
  while (const uint32_t tag = in.ReadTag()) {
    if (!is_record(tag)) {
      if (!WireFormatLite::SkipField(&in, tag)) return corrupt(in, "bad field");
      continue;
    }
    const bool is_document = WireFormatLite::GetTagFieldNumber(tag) == kDocumentsField;
    google::protobuf::MessageLite& message =
        is_document ? static_cast<google::protobuf::MessageLite&>(document)
                    : static_cast<google::protobuf::MessageLite&>(excerpt);
    message.Clear();
    uint32_t length = 0;
    if (!in.ReadVarint32(&length)) return corrupt(in, "bad length");
    const auto limit = in.PushLimit(static_cast<int>(length));
    if (!message.MergeFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
      return corrupt(in, is_document ? "bad document" : "bad excerpt");
    }
    in.PopLimit(limit);
    THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
    if (is_document) {
      upgrade.Record(document);
      internal::CollectBinary(document, document.id(), kept);
      project.InsertDocumentUnchecked(FromProto(document));
    } else {
      upgrade.Record(excerpt);
      if (HasUnknownFields(excerpt)) internal::CollectBinary(excerpt, excerpt.id(), kept);
      project.InsertExcerptUnchecked(FromProto(excerpt));
    }
  }
  project.SetPreservedFieldsUnchecked(std::move(kept));
  return project;
}

// --- Compact encoding (format 1.2) ---------------------------------------------
//
// The project header as in the record encoding, then the corpus in columns
// (pb::CompactCorpus) and every text in one run (Project.compact_texts),
// after a magic prefix whose zero byte makes 1.1 readers refuse the file.
// A row that holds anything the columns do not (other fields, fields kept
// from a newer version, references the columns cannot express) also gets a
// residual: its full record message minus what the columns hold. Fields
// added to Document or Excerpt later need nothing here: ToProto writes them,
// the residual carries them. The decoding ProjectView shares with the loader
// is in internal/compact_columns.h.

using internal::CompactReader;
using internal::kCompactMagic;
using internal::kCompactTextsField;
using internal::kCreatedNanos;
using internal::kHasCreated;
using internal::kHasModified;
using internal::kModifiedDiffers;
using internal::kModifiedNanos;

// 16 bytes for a canonical GUID, nullopt otherwise.
std::optional<std::array<char, 16>> GuidBytes(absl::string_view id) {
  if (!IsCanonicalGuid(id)) return std::nullopt;
  std::array<char, 16> out;
  size_t n = 0;
  for (size_t i = 0; i < id.size();) {
    if (id[i] == '-') {
      ++i;
      continue;
    }
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out[n++] = static_cast<char>(nibble(id[i]) << 4 | nibble(id[i + 1]));
    i += 2;
  }
  return out;
}

void AddId(absl::string_view id, uint32_t row, pb::CompactIds* out) {
  if (std::optional<std::array<char, 16>> guid = GuidBytes(id)) {
    out->mutable_guids()->append(guid->data(), guid->size());
  } else {
    out->mutable_guids()->append(16, '\0');
    out->add_text_id_rows(row);
    out->add_text_ids(std::string(id));
  }
}

// Run-length encoding into pairs (value, count) of a packed column.
template <typename T>
class Runs {
 public:
  explicit Runs(google::protobuf::RepeatedField<T>* out) : out_(out) {}
  ~Runs() { Flush(); }
  void Add(T value) {
    if (count_ != 0 && value == value_) {
      ++count_;
      return;
    }
    Flush();
    value_ = value;
    count_ = 1;
  }

 private:
  void Flush() {
    if (count_ == 0) return;
    out_->Add(value_);
    out_->Add(static_cast<T>(count_));
    count_ = 0;
  }
  google::protobuf::RepeatedField<T>* out_;
  T value_{};
  int64_t count_ = 0;
};

// Moves records' time stamps into the columns (those without fields of a
// newer version in them; the others stay in the residual).
class TimesWriter {
 public:
  explicit TimesWriter(pb::CompactTimes* out)
      : out_(out), flags_(out->mutable_flag_runs()), created_(out->mutable_created_second_runs()) {}

  template <typename Message>
  void Take(Message& m) {
    auto plain = [](const Timestamp& t) { return t.GetReflection()->GetUnknownFields(t).empty(); };
    const bool created = m.has_created() && plain(m.created());
    const bool modified = m.has_modified() && plain(m.modified());
    uint32_t flags = 0;
    int64_t created_seconds = 0;
    if (created) {
      flags |= kHasCreated;
      created_seconds = m.created().seconds();
      created_.Add(created_seconds - previous_created_);
      previous_created_ = created_seconds;
      if (m.created().nanos() != 0) {
        flags |= kCreatedNanos;
        out_->add_created_nanos(m.created().nanos());
      }
    }
    if (modified) {
      flags |= kHasModified;
      if (!created || m.modified().seconds() != m.created().seconds() ||
          m.modified().nanos() != m.created().nanos()) {
        flags |= kModifiedDiffers;
        out_->add_modified_seconds(m.modified().seconds() - created_seconds);
        if (m.modified().nanos() != 0) {
          flags |= kModifiedNanos;
          out_->add_modified_nanos(m.modified().nanos());
        }
      }
    }
    if (created) m.clear_created();
    if (modified) m.clear_modified();
    flags_.Add(flags);
  }

 private:
  pb::CompactTimes* out_;
  Runs<uint32_t> flags_;
  Runs<int64_t> created_;
  int64_t previous_created_ = 0;
};

// The header's cases into columns (Project.cases is left empty).
void CasesToColumns(pb::Project& header, pb::CompactCases* out) {
  absl::flat_hash_map<absl::string_view, uint32_t> attributes;
  for (const pb::AttributeDefinition& a : header.attributes()) attributes.emplace(a.id(), attributes.size() + 1);
  absl::flat_hash_map<std::string, uint32_t> values;  // Serialized value → position.
  TimesWriter times(out->mutable_times());
  for (pb::Case& c : *header.mutable_cases()) {
    const auto row = static_cast<uint32_t>(out->names_size());
    AddId(c.id(), row, out->mutable_ids());
    c.clear_id();
    out->add_names(std::move(*c.mutable_name()));
    c.clear_name();
    times.Take(c);
    std::vector<std::string> keys;
    for (const auto& [key, value] : c.attributes()) {
      if (attributes.contains(key) && value.value_case() != pb::AttributeValue::VALUE_NOT_SET &&
          value.GetReflection()->GetUnknownFields(value).empty() &&
          (!value.has_date() || value.date().GetReflection()->GetUnknownFields(value.date()).empty())) {
        keys.push_back(key);
      }
    }
    std::sort(keys.begin(), keys.end());
    out->add_value_counts(static_cast<uint32_t>(keys.size()));
    for (const std::string& key : keys) {
      out->add_value_attributes(attributes[key]);
      const pb::AttributeValue& value = c.attributes().at(key);
      std::string bytes;
      {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        value.SerializeToCodedStream(&coded);
      }
      const auto [it, added] = values.emplace(std::move(bytes), values.size());
      if (added) *out->add_value_table() = value;
      out->add_values(it->second);
      c.mutable_attributes()->erase(key);
    }
    if (c.ByteSizeLong() != 0) {
      pb::CompactCaseResidual* r = out->add_residuals();
      r->set_row(row);
      r->mutable_record()->Swap(&c);
    }
  }
  header.clear_cases();
}

template <typename Sink>
absl::Status WriteCompact(const Project& project, Sink&& sink, bool interruptible) {
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Project header;
  HeaderToProto(project, &header);
  internal::ApplyBinary(kept, "", &header, /*split_entities=*/true);
  CasesToColumns(header, header.mutable_compact_corpus()->mutable_cases());
  // Positions (+1) of what rows refer to.
  absl::flat_hash_map<absl::string_view, uint32_t> cases, codes, coders, documents;
  for (const Case& c : project.cases()) cases.emplace(c.id, cases.size() + 1);
  for (const Code& c : project.codebook().codes()) codes.emplace(c.id, codes.size() + 1);
  for (const Coder& c : project.coders()) coders.emplace(c.id, coders.size() + 1);
  auto position = [](const auto& map, const std::string& id) -> uint32_t {
    const auto it = map.find(id);
    return it == map.end() ? 0 : it->second;
  };

  pb::CompactDocuments* docs = header.mutable_compact_corpus()->mutable_documents();
  uint64_t text_bytes = 0;
  pb::Document document;
  {
    TimesWriter times(docs->mutable_times());
    for (const Document& d : project.documents()) {
      THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
      const auto row = static_cast<uint32_t>(docs->names_size());
      documents.emplace(d.id, row + 1);
      document.Clear();
      ToProto(d, &document);
      internal::ApplyBinary(kept, d.id, &document);
      AddId(d.id, row, docs->mutable_ids());
      document.clear_id();
      docs->add_names(std::move(*document.mutable_name()));
      document.clear_name();
      docs->add_text_bytes(d.text.size());
      text_bytes += d.text.size();
      document.clear_text();
      const uint32_t c = position(cases, d.case_id);
      docs->add_cases(c);
      if (c != 0) document.clear_case_id();
      times.Take(document);
      if (document.ByteSizeLong() != 0) {
        pb::CompactDocumentResidual* r = docs->add_residuals();
        r->set_row(row);
        r->mutable_record()->Swap(&document);
      }
    }
  }

  pb::CompactExcerpts* ex = header.mutable_compact_corpus()->mutable_excerpts();
  pb::Excerpt excerpt;
  {
    TimesWriter times(ex->mutable_times());
    int64_t previous_document = 0;
    for (const Excerpt& e : project.excerpts()) {
      THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
      const auto row = static_cast<uint32_t>(ex->documents_size());
      excerpt.Clear();
      ToProto(e, &excerpt);
      internal::ApplyBinary(kept, e.id, &excerpt);
      AddId(e.id, row, ex->mutable_ids());
      excerpt.clear_id();
      const uint32_t d = position(documents, e.document_id);
      ex->add_documents(static_cast<int32_t>(d - previous_document));
      previous_document = d;
      if (d != 0) excerpt.clear_document_id();
      ex->add_starts(e.span.start);
      // Wraps like the int64 it is read back into.
      ex->add_lengths(static_cast<int64_t>(static_cast<uint64_t>(e.span.end) -
                                           static_cast<uint64_t>(e.span.start)));
      excerpt.mutable_span()->clear_start();
      excerpt.mutable_span()->clear_end();
      if (excerpt.span().ByteSizeLong() == 0) excerpt.clear_span();
      bool all_codes = !e.code_ids.empty();
      for (const std::string& c : e.code_ids) all_codes = all_codes && position(codes, c) != 0;
      if (all_codes) {
        for (size_t k = 0; k < e.code_ids.size(); ++k) {
          ex->add_codes(position(codes, e.code_ids[k]) * 2 + (k + 1 < e.code_ids.size() ? 1 : 0));
        }
        excerpt.clear_code_ids();
      } else {
        ex->add_codes(0);
      }
      const uint32_t coder = position(coders, e.coder_id);
      ex->add_coders(coder);
      if (coder != 0) excerpt.clear_coder_id();
      times.Take(excerpt);
      if (excerpt.ByteSizeLong() != 0) {
        pb::CompactExcerptResidual* r = ex->add_residuals();
        r->set_row(row);
        r->mutable_record()->Swap(&excerpt);
      }
    }
  }

  sink(kCompactMagic);
  std::string buffer;
  {
    google::protobuf::io::StringOutputStream stream(&buffer);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    header.SerializeToCodedStream(&coded);
    using google::protobuf::internal::WireFormatLite;
    // Only when there is text: an empty bytes field is not written either.
    if (text_bytes != 0) {
      coded.WriteTag(WireFormatLite::MakeTag(kCompactTextsField,
                                             WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
      coded.WriteVarint64(text_bytes);
    }
  }
  header.Clear();
  sink(absl::string_view(buffer));
  buffer.clear();
  buffer.shrink_to_fit();
  for (const Document& d : project.documents()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    sink(absl::string_view(d.text));
  }
  return absl::OkStatus();
}

// `bytes` starts after the magic prefix.
absl::StatusOr<Project> ParseCompactUnvalidated(absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("project file larger than 2 GiB");
  }
  // The texts stay where they are in `bytes`; everything else is the header.
  THEMATICA_ASSIGN_OR_RETURN(const internal::CompactLayout layout, internal::ScanCompact(bytes));
  std::optional<absl::string_view> texts;
  if (layout.texts) texts = bytes.substr(layout.texts->first, layout.texts->second);
  pb::Project header;
  THEMATICA_RETURN_IF_ERROR(internal::ParseCompactHeader(bytes, layout, header));
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  // The writer puts the columns after every header field (and the texts
  // after them): a file cut before them has none.
  if (!header.has_compact_corpus()) {
    return absl::DataLossError("corrupt or truncated Thematica compact file: no columns");
  }
  pb::CompactCorpus corpus;
  corpus.Swap(header.mutable_compact_corpus());
  header.clear_compact_corpus();
  THEMATICA_RETURN_IF_ERROR(internal::CasesFromColumns(corpus.cases(), header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  internal::CollectBinary(header, "", kept, /*split_entities=*/true);
  Project project;
  pb::CompactDocuments& docs = *corpus.mutable_documents();
  pb::CompactExcerpts& ex = *corpus.mutable_excerpts();
  const size_t document_rows = docs.names_size(), excerpt_rows = ex.documents_size();
  project.Reserve(document_rows, excerpt_rows);
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));

  // Documents.
  {
    CompactReader reader("documents");
    THEMATICA_RETURN_IF_ERROR(reader.CheckIds(docs.ids(), document_rows));
    THEMATICA_RETURN_IF_ERROR(reader.CheckTimes(docs.times(), document_rows));
    THEMATICA_RETURN_IF_ERROR(reader.CheckResiduals(docs.residuals(), document_rows));
    if (static_cast<size_t>(docs.text_bytes_size()) != document_rows ||
        static_cast<size_t>(docs.cases_size()) != document_rows) {
      return reader.Corrupt("columns of different lengths");
    }
    const absl::string_view all_text = texts.value_or("");
    uint64_t offset = 0;
    for (uint32_t row = 0; row < document_rows; ++row) {
      THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
      Document d;
      d.id = reader.Id(docs.ids(), row);
      d.name = std::move(*docs.mutable_names(row));
      const uint64_t length = docs.text_bytes(row);
      if (length > all_text.size() - offset) {
        return reader.Corrupt(absl::StrCat("row ", row, ": text beyond the end of the texts"));
      }
      d.text = std::string(all_text.substr(offset, length));
      offset += length;
      if (const uint32_t c = docs.cases(row); c != 0) {
        if (c > project.cases().size()) {
          return reader.Corrupt(absl::StrCat("row ", row, " refers to case ", c, " of ",
                                             project.cases().size()));
        }
        d.case_id = project.cases()[c - 1].id;
      }
      THEMATICA_RETURN_IF_ERROR(reader.Times(docs.times(), row, d.created, d.modified));
      if (const pb::CompactDocumentResidual* r = reader.Residual(docs.residuals(), row)) {
        pb::Document full;
        ToProto(d, &full);
        full.MergeFrom(r->record());
        upgrade.Record(full);
        internal::CollectBinary(full, full.id(), kept);
        d = FromProto(full);
      } else if (!upgrade.empty()) {
        pb::Document full;
        ToProto(d, &full);
        upgrade.Record(full);
        d = FromProto(full);
      }
      project.InsertDocumentUnchecked(std::move(d));
    }
    if (offset != all_text.size()) return reader.Corrupt("texts longer than the documents' texts");
  }

  // Excerpts.
  {
    CompactReader reader("excerpts");
    THEMATICA_RETURN_IF_ERROR(reader.CheckExcerptColumns(ex, excerpt_rows));
    const std::vector<Document>& documents = project.documents();
    const std::vector<Code>& codes = project.codebook().codes();
    const std::vector<Coder>& coders = project.coders();
    int code = 0;
    int64_t document = 0;
    for (uint32_t row = 0; row < excerpt_rows; ++row) {
      if (row % 4096 == 0) THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
      Excerpt e;
      e.id = reader.Id(ex.ids(), row);
      document += ex.documents(row);
      if (document < 0 || document > static_cast<int64_t>(documents.size())) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to document ", document, " of ",
                                           documents.size()));
      }
      if (document != 0) e.document_id = documents[document - 1].id;
      e.span.start = ex.starts(row);
      e.span.end = static_cast<int64_t>(static_cast<uint64_t>(e.span.start) +
                                        static_cast<uint64_t>(ex.lengths(row)));
      for (bool more = true; more;) {
        if (code >= ex.codes_size()) return reader.Corrupt("codes column too short");
        const uint32_t entry = ex.codes(code++);
        if (entry == 0 && e.code_ids.empty()) break;  // No codes in the columns.
        const uint32_t c = entry >> 1;
        more = (entry & 1) != 0;
        if (c == 0 || c > codes.size()) {
          return reader.Corrupt(absl::StrCat("row ", row, " refers to code ", c, " of ", codes.size()));
        }
        e.code_ids.push_back(codes[c - 1].id);
      }
      if (const uint32_t c = ex.coders(row); c != 0) {
        if (c > coders.size()) {
          return reader.Corrupt(absl::StrCat("row ", row, " refers to coder ", c, " of ", coders.size()));
        }
        e.coder_id = coders[c - 1].id;
      }
      THEMATICA_RETURN_IF_ERROR(reader.Times(ex.times(), row, e.created, e.modified));
      if (const pb::CompactExcerptResidual* r = reader.Residual(ex.residuals(), row)) {
        pb::Excerpt full;
        ToProto(e, &full);
        full.MergeFrom(r->record());
        upgrade.Record(full);
        if (HasUnknownFields(full)) internal::CollectBinary(full, full.id(), kept);
        e = FromProto(full);
      } else if (!upgrade.KeepsExcerpts()) {
        pb::Excerpt full;
        ToProto(e, &full);
        upgrade.Record(full);
        e = FromProto(full);
      }
      project.InsertExcerptUnchecked(std::move(e));
    }
    if (code != ex.codes_size()) return reader.Corrupt("codes column too long");
  }
  project.SetPreservedFieldsUnchecked(std::move(kept));
  return project;
}

google::protobuf::util::TypeResolver* Resolver() {
  static google::protobuf::util::TypeResolver* resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  return resolver;
}

// JSON of one message, through its deterministic binary encoding so that map
// entries (case attributes, metadata) come out sorted and saves reproduce.
std::string MessageJson(const google::protobuf::Message& message) {
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string out;
  // Cannot fail for bytes just produced from our own schema.
  (void)google::protobuf::util::BinaryToJsonString(
      Resolver(), "type.googleapis.com/" + message.GetDescriptor()->full_name(), binary, &out,
      options);
  return out;
}

// The header object, then the documents and excerpts arrays written record
// by record to `sink`, so the corpus is never held twice in memory.
template <typename Sink>
absl::Status WriteJson(const Project& project, Sink&& sink, bool interruptible) {
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Project header;
  HeaderToProto(project, &header);
  std::string head = MessageJson(header);
  internal::ApplyJson(kept, "", pb::Project::descriptor(), head, /*split_entities=*/true);
  // Drop the header object's own closing brace (only that one: the last
  // member may itself end in braces) so the arrays can follow.
  while (!head.empty() && absl::ascii_isspace(static_cast<unsigned char>(head.back()))) head.pop_back();
  if (!head.empty() && head.back() == '}') head.pop_back();
  while (!head.empty() && absl::ascii_isspace(static_cast<unsigned char>(head.back()))) head.pop_back();
  sink(absl::string_view(head));
  auto write_array = [&](absl::string_view key, const auto& items, auto&& to_proto) -> absl::Status {
    if (items.empty()) return absl::OkStatus();
    sink(absl::StrCat(",\n \"", key, "\": [\n"));
    bool first = true;
    for (const auto& item : items) {
      THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
      if (!first) sink(",\n");
      first = false;
      const google::protobuf::Message& message = to_proto(item);
      std::string json = MessageJson(message);
      internal::ApplyJson(kept, item.id, message.GetDescriptor(), json);
      sink(json);
    }
    sink("]");
    return absl::OkStatus();
  };
  pb::Document document;
  THEMATICA_RETURN_IF_ERROR(
      write_array("documents", project.documents(), [&](const Document& d) -> const pb::Document& {
        document.Clear();
        ToProto(d, &document);
        return document;
      }));
  pb::Excerpt excerpt;
  THEMATICA_RETURN_IF_ERROR(
      write_array("excerpts", project.excerpts(), [&](const Excerpt& e) -> const pb::Excerpt& {
        excerpt.Clear();
        ToProto(e, &excerpt);
        return excerpt;
      }));
  sink("\n}\n");
  return absl::OkStatus();
}

template <typename Sink>
absl::Status WriteProject(const Project& project, NativeFormat format, Sink&& sink,
                          bool interruptible) {
  switch (format) {
    case NativeFormat::kBinary:
      return WriteBinary(project, sink, interruptible);
    case NativeFormat::kCompact:
      return WriteCompact(project, sink, interruptible);
    case NativeFormat::kJson:
      break;
  }
  return WriteJson(project, sink, interruptible);
}

absl::Status ParseJsonMessage(absl::string_view json, google::protobuf::Message* message,
                              absl::string_view what) {
  google::protobuf::util::JsonParseOptions options;
  // Members this version does not know were kept by CollectJson beforehand.
  options.ignore_unknown_fields = true;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::DataLossError(absl::StrCat("not a valid Thematica JSON project: ", what, ": ",
                                            status.message().as_string()));
  }
  return absl::OkStatus();
}

// Decodes the top-level members; documents and excerpts one record at a time.
absl::StatusOr<Project> ParseJsonUnvalidated(absl::string_view bytes) {
  absl::StatusOr<std::vector<internal::JsonMember>> members = internal::SplitJsonObject(bytes);
  if (!members.ok()) {
    return absl::DataLossError(
        absl::StrCat("not a valid Thematica JSON project: ", members.status().message()));
  }
  std::string header_json = "{";
  absl::string_view documents_json = "null", excerpts_json = "null";
  for (const internal::JsonMember& m : *members) {
    if (m.key == "documents") {
      documents_json = m.value;
    } else if (m.key == "excerpts") {
      excerpts_json = m.value;
    } else {
      if (header_json.size() > 1) header_json += ",";
      absl::StrAppend(&header_json, "\"", m.key, "\":", m.value);
    }
  }
  header_json += "}";
  pb::Project header;
  THEMATICA_RETURN_IF_ERROR(ParseJsonMessage(header_json, &header, "project"));
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  THEMATICA_RETURN_IF_ERROR(
      internal::CollectJson(header_json, pb::Project::descriptor(), "", kept, /*split_entities=*/true));
  auto keep = [&](absl::string_view record, const google::protobuf::Descriptor* d) {
    return internal::CollectJsonRecord(record, d, kept);
  };
  absl::StatusOr<std::vector<absl::string_view>> documents =
      internal::SplitJsonArray(documents_json);
  absl::StatusOr<std::vector<absl::string_view>> excerpts = internal::SplitJsonArray(excerpts_json);
  if (!documents.ok() || !excerpts.ok()) {
    return absl::DataLossError(absl::StrCat(
        "not a valid Thematica JSON project: documents or excerpts: ",
        (documents.ok() ? excerpts.status() : documents.status()).message()));
  }
  Project project;
  project.Reserve(documents->size(), excerpts->size());
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));
  // Records are decoded in batches: one parser call per record costs more in
  // set-up than in parsing, one call for all would hold the corpus twice.
  constexpr size_t kBatch = 4096;
  pb::Project batch;
  auto decode = [&](const std::vector<absl::string_view>& records, absl::string_view key,
                    auto&& insert) -> absl::Status {
    for (size_t first = 0; first < records.size(); first += kBatch) {
      const size_t last = std::min(records.size(), first + kBatch);
      std::string json = absl::StrCat("{\"", key, "\":[");
      for (size_t i = first; i < last; ++i) {
        if (i > first) json += ",";
        json.append(records[i].data(), records[i].size());
      }
      json += "]}";
      batch.Clear();
      THEMATICA_RETURN_IF_ERROR(ParseJsonMessage(
          json, &batch, absl::StrCat(key, " ", first, "–", last - 1)));
      insert(batch);
    }
    return absl::OkStatus();
  };
  for (absl::string_view record : *documents) {
    THEMATICA_RETURN_IF_ERROR(keep(record, pb::Document::descriptor()));
  }
  THEMATICA_RETURN_IF_ERROR(decode(*documents, "documents", [&](pb::Project& b) {
    for (pb::Document& d : *b.mutable_documents()) {
      upgrade.Record(d);
      project.InsertDocumentUnchecked(FromProto(d));
    }
  }));
  // Excerpts: the common spelling directly, the rest through protobuf.
  const bool fast = upgrade.KeepsExcerpts();
  std::vector<absl::string_view> unusual;
  for (absl::string_view record : *excerpts) {
    std::optional<Excerpt> e = fast ? internal::FastExcerpt(record) : std::nullopt;
    if (!e) THEMATICA_RETURN_IF_ERROR(keep(record, pb::Excerpt::descriptor()));
    if (e) {
      if (!unusual.empty()) {
        THEMATICA_RETURN_IF_ERROR(decode(unusual, "excerpts", [&](pb::Project& b) {
          for (pb::Excerpt& x : *b.mutable_excerpts()) {
            upgrade.Record(x);
            project.InsertExcerptUnchecked(FromProto(x));
          }
        }));
        unusual.clear();
      }
      project.InsertExcerptUnchecked(*std::move(e));
    } else {
      unusual.push_back(record);
    }
  }
  THEMATICA_RETURN_IF_ERROR(decode(unusual, "excerpts", [&](pb::Project& b) {
    for (pb::Excerpt& x : *b.mutable_excerpts()) {
      upgrade.Record(x);
      project.InsertExcerptUnchecked(FromProto(x));
    }
  }));
  project.SetPreservedFieldsUnchecked(std::move(kept));
  return project;
}

absl::StatusOr<Project> ParseUnvalidated(absl::string_view bytes, NativeFormat format) {
  // The library reports through its Status; protobuf must not print its own
  // "[libprotobuf ERROR …]" lines (e.g. for invalid UTF-8) to stderr.
  google::protobuf::LogSilencer silence;
  if (format == NativeFormat::kJson) {
    // JSON text is UTF-8 (RFC 8259): say where it is not, before parsing.
    if (absl::Status utf8 = ValidateUtf8(bytes); !utf8.ok()) {
      return absl::DataLossError(absl::StrCat("not a valid Thematica JSON project: ", utf8.message()));
    }
    return ParseJsonUnvalidated(bytes);
  }
  // Either binary encoding, whichever the file is in.
  if (absl::StartsWith(bytes, kCompactMagic)) {
    return ParseCompactUnvalidated(bytes.substr(kCompactMagic.size()));
  }
  return ParseBinaryUnvalidated(bytes);
}

}  // namespace

absl::StatusOr<NativeFormat> NativeFormatForPath(absl::string_view path) {
  if (absl::EndsWithIgnoreCase(path, ".thematica")) return NativeFormat::kBinary;
  if (absl::EndsWithIgnoreCase(path, ".json")) return NativeFormat::kJson;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot tell the format of \"", path,
      "\" from its extension (expected .thematica or .json)"));
}

absl::string_view NativeFormatName(NativeFormat format) {
  switch (format) {
    case NativeFormat::kBinary:
      return "binary";
    case NativeFormat::kCompact:
      return "compact";
    case NativeFormat::kJson:
      break;
  }
  return "json";
}

absl::StatusOr<NativeFormat> NativeFormatByName(absl::string_view name) {
  for (NativeFormat f : {NativeFormat::kBinary, NativeFormat::kCompact, NativeFormat::kJson}) {
    if (name == NativeFormatName(f)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", name, "\" (expected json, binary or compact)"));
}

std::string SerializeProject(const Project& project, NativeFormat format) {
  std::string out;
  // Not interruptible, so it cannot fail.
  (void)WriteProject(
      project, format, [&](absl::string_view piece) { out.append(piece.data(), piece.size()); },
      /*interruptible=*/false);
  return out;
}

absl::StatusOr<Project> ParseProject(absl::string_view bytes, NativeFormat format) {
  THEMATICA_ASSIGN_OR_RETURN(Project project, ParseUnvalidated(bytes, format));
  THEMATICA_RETURN_IF_ERROR(ValidateLoaded(project));
  return project;
}

absl::StatusOr<Project> LoadProject(absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat format, NativeFormatForPath(path));
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<Project> project = ParseProject(bytes, format);
  if (!project.ok()) {
    return absl::Status(project.status().code(),
                        absl::StrCat(path, ": ", project.status().message()));
  }
  return project;
}

absl::Status SaveProject(const Project& project, absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat format, NativeFormatForPath(path));
  return SaveProject(project, path, format);
}

absl::Status SaveProject(const Project& project, absl::string_view path, NativeFormat format) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat by_extension, NativeFormatForPath(path));
  if ((format == NativeFormat::kJson) != (by_extension == NativeFormat::kJson)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot save \"", path, "\" in the ", NativeFormatName(format),
        " encoding: use .json for json, .thematica for binary and compact"));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Open(path));
  // Interrupted, the writer is dropped uncommitted: the old file stays.
  THEMATICA_RETURN_IF_ERROR(WriteProject(
      project, format, [&](absl::string_view piece) { out->Append(piece); }, /*interruptible=*/true));
  return out->Commit();
}

std::vector<std::string> ValidateProjectFile(absl::string_view path) {
  absl::StatusOr<NativeFormat> format = NativeFormatForPath(path);
  if (!format.ok()) return {std::string(format.status().message())};
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return {std::string(bytes.status().message())};
  absl::StatusOr<Project> project = ParseUnvalidated(*bytes, *format);
  if (!project.ok()) return {std::string(project.status().message())};
  return project->Validate();
}

namespace {

// The message an ObjectValue is saved as (the one ChangeObject member set).
std::unique_ptr<google::protobuf::Message> ObjectMessage(const ObjectValue& value) {
  pb::ChangeObject object;
  ToProto(value, &object);
  const google::protobuf::Reflection* reflection = object.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> set;
  reflection->ListFields(object, &set);
  std::unique_ptr<google::protobuf::Message> out(
      reflection->GetMessage(object, set.front()).New());
  out->CopyFrom(reflection->GetMessage(object, set.front()));
  return out;
}

}  // namespace

std::string ObjectValueJson(const ObjectValue& value) {
  std::string json = MessageJson(*ObjectMessage(value));
  while (!json.empty() && absl::ascii_isspace(static_cast<unsigned char>(json.back()))) json.pop_back();
  return json;
}

std::vector<std::string> ChangedFields(const ObjectValue& before, const ObjectValue& after) {
  std::vector<std::string> out;
  if (before.index() != after.index()) return out;
  std::unique_ptr<google::protobuf::Message> a = ObjectMessage(before), b = ObjectMessage(after);
  const google::protobuf::Descriptor* d = a->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (f->name() == "modified") continue;
    // Each side with only this field, compared as messages (maps unordered).
    std::unique_ptr<google::protobuf::Message> only_a(a->New()), only_b(b->New());
    a->GetReflection()->SwapFields(a.get(), only_a.get(), {f});
    b->GetReflection()->SwapFields(b.get(), only_b.get(), {f});
    if (!google::protobuf::util::MessageDifferencer::Equals(*only_a, *only_b)) out.push_back(f->name());
  }
  return out;
}

}  // namespace thematica
