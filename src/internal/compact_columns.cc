// Shared decoding of the compact encoding; see compact_columns.h.
#include "internal/compact_columns.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "thematica/project.h"

namespace thematica::internal {

namespace pb = ::thematica::v1;

absl::StatusOr<CompactLayout> ScanCompact(absl::string_view bytes) {
  const uint64_t size = bytes.size();
  uint64_t pos = 0;
  auto corrupt = [&](absl::string_view what) {
    return absl::DataLossError(absl::StrCat("corrupt or truncated Thematica compact file: ", what,
                                            " at byte ", pos + kCompactMagic.size(), " of ",
                                            size + kCompactMagic.size()));
  };
  auto varint = [&](uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= size) return false;
      const auto b = static_cast<uint8_t>(bytes[pos++]);
      value |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  };
  auto advance = [&](uint64_t n) {
    if (n > size - pos) {
      pos = size;
      return false;
    }
    pos += n;
    return true;
  };
  // One field's value after its tag; groups to their end tag (nested at most
  // as deep as protobuf's default recursion limit).
  auto skip = [&](auto& self, uint64_t tag, int depth) -> bool {
    uint64_t value = 0;
    switch (tag & 7) {
      case 0:
        return varint(value);
      case 1:
        return advance(8);
      case 2:
        return varint(value) && advance(value);
      case 3:
        if (depth >= 100) return false;
        while (true) {
          uint64_t inner = 0;
          if (!varint(inner) || inner > std::numeric_limits<uint32_t>::max() || (inner >> 3) == 0) {
            return false;
          }
          if ((inner & 7) == 4) return (inner >> 3) == (tag >> 3);
          if (!self(self, inner, depth + 1)) return false;
        }
      case 5:
        return advance(4);
      default:
        return false;
    }
  };
  constexpr uint64_t kTextsTag = (static_cast<uint64_t>(kCompactTextsField) << 3) | 2;
  CompactLayout out;
  while (pos < size) {
    const uint64_t start = pos;
    uint64_t tag = 0;
    if (!varint(tag) || tag > std::numeric_limits<uint32_t>::max() || (tag >> 3) == 0) {
      return corrupt("invalid field tag");
    }
    if (tag == kTextsTag) {
      if (out.texts.has_value()) return corrupt("texts given twice");
      uint64_t length = 0;
      if (!varint(length) || length > size - pos) return corrupt("truncated texts");
      out.texts.emplace(pos, length);
      pos += length;
      continue;
    }
    if (!skip(skip, tag, 0)) return corrupt("bad field");
    if (!out.header.empty() && out.header.back().first + out.header.back().second == start) {
      out.header.back().second += pos - start;
    } else {
      out.header.emplace_back(start, pos - start);
    }
  }
  return out;
}

absl::Status ParseCompactHeader(absl::string_view bytes, const CompactLayout& layout,
                                pb::Project& header) {
  uint64_t size = 0;
  for (const auto& range : layout.header) size += range.second;
  if (size > static_cast<uint64_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("project header and columns larger than 2 GiB");
  }
  bool parsed = false;
  if (layout.header.size() == 1) {
    parsed = header.ParseFromArray(bytes.data() + layout.header[0].first, static_cast<int>(size));
  } else {
    std::string joined;
    joined.reserve(size);
    for (const auto& [offset, length] : layout.header) joined.append(bytes.data() + offset, length);
    parsed = header.ParseFromString(joined);
  }
  if (!parsed) return absl::DataLossError("corrupt Thematica compact file: bad project header or columns");
  return absl::OkStatus();
}

absl::Status CheckFormatVersion(const pb::Project& p) {
  if (!p.has_format_version()) {
    return absl::DataLossError("not a Thematica project: no format_version");
  }
  if (p.format_version().major() > kFormatVersionMajor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the file is in Thematica format ", p.format_version().major(), ".",
        p.format_version().minor(), "; this version of Thematica reads format ",
        kFormatVersionMajor, ".x and older: upgrade Thematica to open it"));
  }
  if (p.format_version().major() == 0) {
    return absl::DataLossError("not a Thematica project: format version 0");
  }
  return absl::OkStatus();
}


void TimeToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

std::string GuidText(absl::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    const auto b = static_cast<unsigned char>(bytes[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

absl::Status CompactReader::CheckIds(const pb::CompactIds& ids, size_t rows) const {
  if (ids.guids().size() != rows * 16) return Corrupt("id column does not match the row count");
  if (ids.text_id_rows_size() != ids.text_ids_size()) return Corrupt("text id rows do not match text ids");
  for (int i = 0; i < ids.text_id_rows_size(); ++i) {
    if (ids.text_id_rows(i) >= rows || (i > 0 && ids.text_id_rows(i) <= ids.text_id_rows(i - 1))) {
      return Corrupt(absl::StrCat("text id row ", ids.text_id_rows(i), " out of order or range"));
    }
  }
  return absl::OkStatus();
}

std::string CompactReader::Id(const pb::CompactIds& ids, uint32_t row) {
  if (text_id_ < ids.text_id_rows_size() && ids.text_id_rows(text_id_) == row) {
    return ids.text_ids(text_id_++);
  }
  return GuidText(absl::string_view(ids.guids()).substr(size_t{row} * 16, 16));
}

absl::Status CompactReader::CheckTimes(const pb::CompactTimes& t, size_t rows) {
  auto expand = [&](const auto& runs, auto& out, size_t expected, absl::string_view what) {
    if (runs.size() % 2 != 0) return Corrupt(absl::StrCat(what, ": odd number of entries"));
    uint64_t total = 0;
    for (int i = 1; i < runs.size(); i += 2) {
      if (runs[i] <= 0 || (total += static_cast<uint64_t>(runs[i])) > expected) {
        return Corrupt(absl::StrCat(what, " do not match the row count"));
      }
    }
    if (total != expected) return Corrupt(absl::StrCat(what, " do not match the row count"));
    out.reserve(expected);
    for (int i = 0; i < runs.size(); i += 2) out.insert(out.end(), runs[i + 1], runs[i]);
    return absl::OkStatus();
  };
  THEMATICA_RETURN_IF_ERROR(expand(t.flag_runs(), flags_, rows, "time flags"));
  size_t created = 0, created_nanos = 0, modified = 0, modified_nanos = 0;
  for (uint32_t f : flags_) {
    created += (f & kHasCreated) != 0;
    created_nanos += (f & kCreatedNanos) != 0;
    modified += (f & kModifiedDiffers) != 0;
    modified_nanos += (f & kModifiedNanos) != 0;
  }
  THEMATICA_RETURN_IF_ERROR(expand(t.created_second_runs(), created_seconds_, created, "created times"));
  if (created_nanos != static_cast<size_t>(t.created_nanos_size()) ||
      modified != static_cast<size_t>(t.modified_seconds_size()) ||
      modified_nanos != static_cast<size_t>(t.modified_nanos_size())) {
    return Corrupt("time columns do not match their flags");
  }
  return absl::OkStatus();
}

absl::Status CompactReader::Times(const pb::CompactTimes& t, uint32_t row, absl::Time& created,
                   absl::Time& modified) {
  const uint32_t f = flags_[row];
  created = modified = absl::InfinitePast();
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (f & kHasCreated) {
    if (__builtin_add_overflow(previous_created_, created_seconds_[created_++], &seconds)) {
      return Corrupt(absl::StrCat("row ", row, ": time out of range"));
    }
    previous_created_ = seconds;
    if (f & kCreatedNanos) nanos = t.created_nanos(created_nanos_++);
    created = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
  }
  if (f & kHasModified) {
    if (f & kModifiedDiffers) {
      int64_t modified_seconds = 0;
      if (__builtin_add_overflow(f & kHasCreated ? seconds : 0, t.modified_seconds(modified_++),
                                 &modified_seconds)) {
        return Corrupt(absl::StrCat("row ", row, ": time out of range"));
      }
      const int32_t modified_nanos = f & kModifiedNanos ? t.modified_nanos(modified_nanos_++) : 0;
      modified = absl::FromUnixSeconds(modified_seconds) + absl::Nanoseconds(modified_nanos);
    } else {
      if (!(f & kHasCreated)) return Corrupt(absl::StrCat("row ", row, ": modified equals an unset created"));
      modified = created;
    }
  }
  return absl::OkStatus();
}

absl::Status CasesFromColumns(const pb::CompactCases& cases, pb::Project& header) {
  if (!header.cases().empty()) return absl::DataLossError("corrupt Thematica compact file: cases outside the columns");
  CompactReader reader("cases");
  const size_t rows = cases.names_size();
  THEMATICA_RETURN_IF_ERROR(reader.CheckIds(cases.ids(), rows));
  THEMATICA_RETURN_IF_ERROR(reader.CheckTimes(cases.times(), rows));
  THEMATICA_RETURN_IF_ERROR(reader.CheckResiduals(cases.residuals(), rows));
  if (static_cast<size_t>(cases.value_counts_size()) != rows) return reader.Corrupt("columns of different lengths");
  uint64_t total = 0;
  for (uint32_t n : cases.value_counts()) total += n;
  if (total != static_cast<uint64_t>(cases.value_attributes_size()) ||
      total != static_cast<uint64_t>(cases.values_size())) {
    return reader.Corrupt("value counts do not match the values");
  }
  header.mutable_cases()->Reserve(static_cast<int>(rows));
  int value = 0;
  for (uint32_t row = 0; row < rows; ++row) {
    pb::Case* c = header.add_cases();
    c->set_id(reader.Id(cases.ids(), row));
    c->set_name(cases.names(row));
    absl::Time created, modified;
    THEMATICA_RETURN_IF_ERROR(reader.Times(cases.times(), row, created, modified));
    if (created != absl::InfinitePast()) TimeToProto(created, c->mutable_created());
    if (modified != absl::InfinitePast()) TimeToProto(modified, c->mutable_modified());
    for (uint32_t k = 0; k < cases.value_counts(row); ++k, ++value) {
      const uint32_t a = cases.value_attributes(value), v = cases.values(value);
      if (a == 0 || a > static_cast<uint32_t>(header.attributes_size()) ||
          v >= static_cast<uint32_t>(cases.value_table_size())) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to attribute ", a, " of ",
                                           header.attributes_size(), " or value ", v, " of ",
                                           cases.value_table_size()));
      }
      (*c->mutable_attributes())[header.attributes(static_cast<int>(a - 1)).id()] = cases.value_table(static_cast<int>(v));
    }
    if (const pb::CompactCaseResidual* r = reader.Residual(cases.residuals(), row)) c->MergeFrom(r->record());
  }
  return absl::OkStatus();
}

}  // namespace thematica::internal
