// Partial results: the Partial value, its bytes (checked on Parse) and Merge.
#include "internal/partials_helpers.h"

namespace thematica::partials {

using namespace helpers;  // NOLINT: the shared helpers of the partials' files.

Partial::Partial() : proto_(std::make_unique<v1::Partial>()) {}
Partial::~Partial() = default;
Partial::Partial(const Partial& other) : proto_(std::make_unique<v1::Partial>(*other.proto_)) {}
Partial& Partial::operator=(const Partial& other) {
  *proto_ = *other.proto_;
  return *this;
}
Partial::Partial(Partial&& other) noexcept : proto_(std::make_unique<v1::Partial>()) { proto_.swap(other.proto_); }
Partial& Partial::operator=(Partial&& other) noexcept {
  proto_.swap(other.proto_);
  return *this;
}

std::string Partial::Serialize() const {
  std::string out;
  proto_->SerializeToString(&out);
  return out;
}

absl::StatusOr<Partial> Partial::Parse(absl::string_view bytes) {
  Partial out;
  google::protobuf::LogSilencer silence;  // Bad bytes are our error to report, not protobuf's log.
  if (!out.proto_->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Corrupt("the bytes are not a thematica.v1.Partial message");
  }
  const v1::Partial& p = *out.proto_;
  if (p.version() != kVersion && !(p.version() == 0 && bytes.empty())) {
    return Corrupt(absl::StrCat("version ", p.version(), " (this build reads version ", kVersion, ")"));
  }
  THEMATICA_RETURN_IF_ERROR(CheckHits(p.hits()));
  if (p.has_cooccurrence()) THEMATICA_RETURN_IF_ERROR(CheckCooccurrence(p.cooccurrence()));
  if (p.has_crosstab()) THEMATICA_RETURN_IF_ERROR(CheckCrosstab(p.crosstab()));
  if (p.has_words()) THEMATICA_RETURN_IF_ERROR(CheckWords(p.words()));
  if (p.has_agreement()) THEMATICA_RETURN_IF_ERROR(CheckAgreement(p.agreement()));
  return out;
}


absl::Status Merge(Partial& into, const Partial& other) {
  const v1::Partial& b = other.proto();
  v1::Partial merged = into.proto();
  if (merged.version() == 0) merged.set_version(kVersion);
  if (b.has_crosstab() && merged.has_crosstab() &&
      (b.crosstab().attribute() != merged.crosstab().attribute() ||
       b.crosstab().include_descendants() != merged.crosstab().include_descendants())) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge crosstabs of attribute \"",
                                                   merged.crosstab().attribute(), "\" and \"",
                                                   b.crosstab().attribute(), "\" (or with and without descendants)"));
  }
  if (b.has_words() && merged.has_words() && b.words().by() != merged.words().by()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge word counts by ", merged.words().by(), " and by ",
                                                   b.words().by()));
  }
  if (b.has_agreement() && merged.has_agreement() && b.agreement().scope() != merged.agreement().scope()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge agreement over ", merged.agreement().scope(),
                                                   " documents and over ", b.agreement().scope()));
  }
  if (b.hits_size() > 0) {
    std::map<std::string, v1::HitCount> hits;
    for (const auto* side : {&merged.hits(), &b.hits()}) {
      for (const v1::HitCount& h : *side) {
        auto [it, fresh] = hits.try_emplace(h.code().label(), h);
        if (fresh) continue;
        v1::HitCount& sum = it->second;
        sum.mutable_code()->set_rank(std::min(sum.code().rank(), h.code().rank()));
        sum.set_hits(sum.hits() + h.hits());
        sum.set_documents(sum.documents() + h.documents());
        sum.set_excerpts(sum.excerpts() + h.excerpts());
        sum.set_already_coded(sum.already_coded() + h.already_coded());
        sum.set_outside_turns(sum.outside_turns() + h.outside_turns());
      }
    }
    std::vector<v1::HitCount> ordered;
    for (auto& [label, h] : hits) ordered.push_back(std::move(h));
    std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) { return Before(x.code(), y.code()); });
    merged.clear_hits();
    for (auto& h : ordered) *merged.add_hits() = std::move(h);
  }
  if (b.has_cooccurrence()) {
    if (merged.has_cooccurrence()) {
      v1::Cooccurrence sum;
      MergeCooccurrence(merged.cooccurrence(), b.cooccurrence(), sum);
      *merged.mutable_cooccurrence() = std::move(sum);
    } else {
      *merged.mutable_cooccurrence() = b.cooccurrence();
    }
  }
  if (b.has_crosstab()) {
    if (merged.has_crosstab()) {
      v1::Crosstab sum;
      MergeCrosstab(merged.crosstab(), b.crosstab(), sum);
      *merged.mutable_crosstab() = std::move(sum);
    } else {
      *merged.mutable_crosstab() = b.crosstab();
    }
  }
  if (b.has_words()) {
    v1::WordCounts sum;
    MergeWords(merged.has_words() ? merged.words() : b.words(), merged.has_words() ? b.words() : v1::WordCounts(),
               sum);
    sum.set_by(b.words().by());
    *merged.mutable_words() = std::move(sum);
  }
  if (b.has_agreement()) {
    if (merged.has_agreement()) {
      v1::CharacterAgreement sum;
      MergeAgreement(merged.agreement(), b.agreement(), sum);
      *merged.mutable_agreement() = std::move(sum);
    } else {
      *merged.mutable_agreement() = b.agreement();
    }
  }
  into.mutable_proto() = std::move(merged);
  return absl::OkStatus();
}

}  // namespace thematica::partials
