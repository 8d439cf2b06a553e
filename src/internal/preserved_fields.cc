#include "internal/preserved_fields.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "internal/json_split.h"

namespace thematica::internal {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

// The project header's lists of objects that have ids of their own.
bool IsEntityList(const FieldDescriptor* f) {
  if (f->containing_type()->full_name() != "thematica.v1.Project" || !f->is_repeated() ||
      f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return false;
  }
  const FieldDescriptor* id = f->message_type()->FindFieldByName("id");
  return id != nullptr && id->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
}

std::string Join(const std::string& path, absl::string_view segment) {
  return path.empty() ? std::string(segment) : absl::StrCat(path, std::string(1, kPathSeparator), segment);
}

bool IsPlainMessage(const FieldDescriptor* f) {
  return f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         f->message_type()->well_known_type() == Descriptor::WELLKNOWNTYPE_UNSPECIFIED;
}

// --- Binary ------------------------------------------------------------------

void CollectBinaryAt(const Message& m, const std::string& id, const std::string& path,
                     PreservedFieldMap& out, bool split_entities) {
  const Reflection* r = m.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = r->GetUnknownFields(m);
  if (!unknown.empty()) {
    // JSON members carried through a binary file go back to being members.
    google::protobuf::UnknownFieldSet wire;
    for (int i = 0; i < unknown.field_count(); ++i) {
      const google::protobuf::UnknownField& f = unknown.field(i);
      if (f.number() == kJsonCarrierField &&
          f.type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
        out[id].json.emplace_back(path, f.length_delimited());
      } else {
        wire.AddField(f);
      }
    }
    if (!wire.empty()) {
      std::string bytes;
      wire.SerializeToString(&bytes);
      out[id].binary.emplace_back(path, std::move(bytes));
    }
  }
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string at = Join(path, f->name());
    if (f->is_map()) {
      const FieldDescriptor* key = f->message_type()->map_key();
      const FieldDescriptor* value = f->message_type()->map_value();
      if (!IsPlainMessage(value) || key->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        const Message& entry = r->GetRepeatedMessage(m, f, i);
        const Reflection* er = entry.GetReflection();
        CollectBinaryAt(er->GetMessage(entry, value), id, Join(at, er->GetString(entry, key)), out,
                        false);
      }
    } else if (f->is_repeated()) {
      const bool entities = split_entities && IsEntityList(f);
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        const Message& element = r->GetRepeatedMessage(m, f, i);
        if (entities) {
          const std::string element_id =
              element.GetReflection()->GetString(element, element.GetDescriptor()->FindFieldByName("id"));
          CollectBinaryAt(element, element_id, "", out, false);
        } else {
          CollectBinaryAt(element, id, Join(at, absl::StrCat(i)), out, false);
        }
      }
    } else {
      CollectBinaryAt(r->GetMessage(m, f), id, at, out, false);
    }
  }
}

// The message `path` names inside `m`, or null when it is not there.
Message* NavigateBinary(Message* m, absl::string_view path) {
  if (path.empty()) return m;
  std::vector<absl::string_view> segments = absl::StrSplit(path, kPathSeparator);
  for (size_t i = 0; i < segments.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(segments[i]));
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return nullptr;
    const Reflection* r = m->GetReflection();
    if (f->is_map()) {
      if (++i == segments.size()) return nullptr;
      const FieldDescriptor* key = f->message_type()->map_key();
      const FieldDescriptor* value = f->message_type()->map_value();
      Message* found = nullptr;
      for (int k = 0; k < r->FieldSize(*m, f) && found == nullptr; ++k) {
        Message* entry = r->MutableRepeatedMessage(m, f, k);
        if (entry->GetReflection()->GetString(*entry, key) == segments[i]) {
          found = entry->GetReflection()->MutableMessage(entry, value);
        }
      }
      if (found == nullptr) return nullptr;
      m = found;
    } else if (f->is_repeated()) {
      int index = 0;
      if (++i == segments.size() || !absl::SimpleAtoi(segments[i], &index) || index < 0 ||
          index >= r->FieldSize(*m, f)) {
        return nullptr;
      }
      m = r->MutableRepeatedMessage(m, f, index);
    } else {
      m = r->MutableMessage(m, f);
    }
  }
  return m;
}

void ApplyBinaryAt(const PreservedFields& fields, Message* message) {
  for (const auto& [path, bytes] : fields.binary) {
    Message* target = NavigateBinary(message, path);
    if (target == nullptr) continue;
    google::protobuf::UnknownFieldSet unknown;
    if (!unknown.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) continue;
    target->GetReflection()->MutableUnknownFields(target)->MergeFrom(unknown);
  }
  for (const auto& [path, member] : fields.json) {
    Message* target = NavigateBinary(message, path);
    if (target == nullptr) continue;
    target->GetReflection()->MutableUnknownFields(target)->AddLengthDelimited(kJsonCarrierField, member);
  }
}

// --- JSON ----------------------------------------------------------------------

const FieldDescriptor* FieldForKey(const Descriptor* d, absl::string_view key) {
  const std::string name(key);
  if (const FieldDescriptor* f = d->FindFieldByName(name)) return f;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == key) return d->field(i);
  }
  return nullptr;
}

std::optional<std::string> JsonId(absl::string_view object) {
  absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(object);
  if (!members.ok()) return std::nullopt;
  for (const JsonMember& m : *members) {
    if (m.key == "id" && m.value.size() >= 2 && m.value.front() == '"') {
      return std::string(m.value.substr(1, m.value.size() - 2));
    }
  }
  return std::nullopt;
}

bool StartsWith(absl::string_view value, char c) {
  value = absl::StripLeadingAsciiWhitespace(value);
  return !value.empty() && value.front() == c;
}

absl::Status CollectJsonAt(absl::string_view json, const Descriptor* d, const std::string& id,
                           const std::string& path, PreservedFieldMap& out, bool split_entities);

absl::Status CollectJsonMembers(const std::vector<JsonMember>& members, const Descriptor* d,
                                const std::string& id, const std::string& path, PreservedFieldMap& out,
                                bool split_entities) {
  for (const JsonMember& m : members) {
    const FieldDescriptor* f = FieldForKey(d, m.key);
    if (f == nullptr) {
      // Wire fields carried through a JSON file go back to being wire fields.
      std::string wire;
      if (m.key == kWireCarrierKey && m.value.size() >= 2 && m.value.front() == '"' &&
          absl::Base64Unescape(m.value.substr(1, m.value.size() - 2), &wire)) {
        out[id].binary.emplace_back(path, std::move(wire));
      } else {
        out[id].json.emplace_back(path, absl::StrCat("\"", m.key, "\": ", m.value));
      }
      continue;
    }
    if (!IsPlainMessage(f)) continue;
    const std::string at = Join(path, f->name());
    if (f->is_map()) {
      const FieldDescriptor* value = f->message_type()->map_value();
      if (!IsPlainMessage(value) || !StartsWith(m.value, '{')) continue;
      absl::StatusOr<std::vector<JsonMember>> entries = SplitJsonObject(m.value);
      if (!entries.ok()) return entries.status();
      for (const JsonMember& e : *entries) {
        if (!StartsWith(e.value, '{')) continue;
        absl::Status s = CollectJsonAt(e.value, value->message_type(), id, Join(at, e.key), out, false);
        if (!s.ok()) return s;
      }
    } else if (f->is_repeated()) {
      if (!StartsWith(m.value, '[')) continue;
      absl::StatusOr<std::vector<absl::string_view>> elements = SplitJsonArray(m.value);
      if (!elements.ok()) return elements.status();
      const bool entities = split_entities && IsEntityList(f);
      for (size_t i = 0; i < elements->size(); ++i) {
        absl::string_view element = (*elements)[i];
        if (!StartsWith(element, '{')) continue;
        absl::Status s;
        if (entities) {
          s = CollectJsonAt(element, f->message_type(), JsonId(element).value_or(""), "", out, false);
        } else {
          s = CollectJsonAt(element, f->message_type(), id, Join(at, absl::StrCat(i)), out, false);
        }
        if (!s.ok()) return s;
      }
    } else if (StartsWith(m.value, '{')) {
      absl::Status s = CollectJsonAt(m.value, f->message_type(), id, at, out, false);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CollectJsonAt(absl::string_view json, const Descriptor* d, const std::string& id,
                           const std::string& path, PreservedFieldMap& out, bool split_entities) {
  absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(json);
  if (!members.ok()) return members.status();
  return CollectJsonMembers(*members, d, id, path, out, split_entities);
}

// The text of the object `path` names inside the object `json`, if any.
std::optional<absl::string_view> NavigateJson(absl::string_view json, const Descriptor* d,
                                              absl::string_view path) {
  if (path.empty()) return json;
  std::vector<absl::string_view> segments = absl::StrSplit(path, kPathSeparator);
  for (size_t i = 0; i < segments.size(); ++i) {
    const FieldDescriptor* f = d != nullptr ? d->FindFieldByName(std::string(segments[i])) : nullptr;
    if (f == nullptr) return std::nullopt;
    absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(json);
    if (!members.ok()) return std::nullopt;
    auto it = std::find_if(members->begin(), members->end(), [&](const JsonMember& m) {
      return m.key == f->name() || m.key == f->json_name();
    });
    if (it == members->end()) return std::nullopt;
    json = it->value;
    if (f->is_map()) {
      if (++i == segments.size()) return std::nullopt;
      absl::StatusOr<std::vector<JsonMember>> entries = SplitJsonObject(json);
      if (!entries.ok()) return std::nullopt;
      auto e = std::find_if(entries->begin(), entries->end(),
                            [&](const JsonMember& m) { return m.key == segments[i]; });
      if (e == entries->end()) return std::nullopt;
      json = e->value;
      d = f->message_type()->map_value()->message_type();
    } else if (f->is_repeated()) {
      size_t index = 0;
      absl::StatusOr<std::vector<absl::string_view>> elements = SplitJsonArray(json);
      if (++i == segments.size() || !elements.ok() || !absl::SimpleAtoi(segments[i], &index) ||
          index >= elements->size()) {
        return std::nullopt;
      }
      json = (*elements)[index];
      d = f->message_type();
    } else {
      d = f->message_type();
    }
  }
  return json;
}

// Where to insert into `text`: (offset of an object's closing brace, members).
using Insertion = std::pair<size_t, std::vector<std::string>>;

void PlanJson(const PreservedFields& fields, absl::string_view text, absl::string_view object,
              const Descriptor* d, std::vector<Insertion>& plan) {
  std::vector<std::pair<std::string, std::string>> members = fields.json;
  for (const auto& [path, bytes] : fields.binary) {
    members.emplace_back(path, absl::StrCat("\"", kWireCarrierKey, "\": \"", absl::Base64Escape(bytes), "\""));
  }
  for (const auto& [path, member] : members) {
    std::optional<absl::string_view> target = NavigateJson(object, d, path);
    if (!target) continue;
    absl::string_view t = absl::StripTrailingAsciiWhitespace(*target);
    if (t.empty() || t.back() != '}') continue;
    const size_t brace = static_cast<size_t>(t.data() - text.data()) + t.size() - 1;
    auto it = std::find_if(plan.begin(), plan.end(), [&](const Insertion& i) { return i.first == brace; });
    if (it == plan.end()) {
      plan.push_back({brace, {}});
      it = plan.end() - 1;
    }
    it->second.push_back(member);
  }
}

}  // namespace

void CollectBinary(const Message& message, const std::string& id, PreservedFieldMap& out,
                   bool split_entities) {
  CollectBinaryAt(message, id, "", out, split_entities);
}

void ApplyBinary(const PreservedFieldMap& all, const std::string& id, Message* message,
                 bool split_entities) {
  if (all.empty()) return;
  if (auto it = all.find(id); it != all.end()) ApplyBinaryAt(it->second, message);
  if (!split_entities) return;
  const Reflection* r = message->GetReflection();
  const Descriptor* d = message->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (!IsEntityList(f)) continue;
    for (int k = 0; k < r->FieldSize(*message, f); ++k) {
      Message* element = r->MutableRepeatedMessage(message, f, k);
      const std::string element_id =
          element->GetReflection()->GetString(*element, element->GetDescriptor()->FindFieldByName("id"));
      if (auto it = all.find(element_id); it != all.end()) ApplyBinaryAt(it->second, element);
    }
  }
}

absl::Status CollectJson(absl::string_view json, const Descriptor* descriptor, const std::string& id,
                         PreservedFieldMap& out, bool split_entities) {
  return CollectJsonAt(json, descriptor, id, "", out, split_entities);
}

absl::Status CollectJsonRecord(absl::string_view json, const Descriptor* descriptor,
                               PreservedFieldMap& out) {
  absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(json);
  if (!members.ok()) return members.status();
  std::string id;
  for (const JsonMember& m : *members) {
    if (m.key == "id" && m.value.size() >= 2 && m.value.front() == '"') {
      id = std::string(m.value.substr(1, m.value.size() - 2));
    }
  }
  return CollectJsonMembers(*members, descriptor, id, "", out, false);
}

void ApplyJson(const PreservedFieldMap& all, const std::string& id, const Descriptor* descriptor,
               std::string& json, bool split_entities) {
  if (all.empty()) return;
  std::vector<Insertion> plan;
  if (auto it = all.find(id); it != all.end()) PlanJson(it->second, json, json, descriptor, plan);
  if (split_entities) {
    absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(json);
    if (members.ok()) {
      for (const JsonMember& m : *members) {
        const FieldDescriptor* f = FieldForKey(descriptor, m.key);
        if (f == nullptr || !IsEntityList(f)) continue;
        absl::StatusOr<std::vector<absl::string_view>> elements = SplitJsonArray(m.value);
        if (!elements.ok()) continue;
        for (absl::string_view element : *elements) {
          std::optional<std::string> element_id = JsonId(element);
          if (!element_id) continue;
          if (auto it = all.find(*element_id); it != all.end()) {
            PlanJson(it->second, json, element, f->message_type(), plan);
          }
        }
      }
    }
  }
  // Last first, so earlier offsets stay valid.
  std::sort(plan.begin(), plan.end(), [](const Insertion& a, const Insertion& b) { return a.first > b.first; });
  for (const auto& [brace, added] : plan) {
    size_t end = brace;  // Just after the object's last member (or its '{').
    while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(json[end - 1]))) --end;
    const bool empty_object = end > 0 && json[end - 1] == '{';
    const std::string text = absl::StrJoin(added, ",\n");
    json.insert(end, empty_object ? text : absl::StrCat(",\n", text));
  }
}

}  // namespace thematica::internal
