#include "thematica/codebook.h"

#include "internal/entity_table.h"
#include "internal/hierarchy.h"
#include "internal/project_rules.h"
#include "internal/string_rules.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "thematica/status_macros.h"

namespace thematica {

struct Codebook::Table {
  EntityTable<Code> codes;
  // parent id + "/" + name → id: sibling names are checked in O(1).
  absl::flat_hash_map<std::string, std::string> by_parent_and_name;
};

Codebook::Codebook() : t_(std::make_unique<Table>()) {}
Codebook::~Codebook() = default;
Codebook::Codebook(const Codebook& other) : t_(std::make_unique<Table>(*other.t_)) {}
Codebook& Codebook::operator=(const Codebook& other) {
  if (this != &other) t_ = std::make_unique<Table>(*other.t_);
  return *this;
}
Codebook::Codebook(Codebook&& other) : t_(std::make_unique<Table>(std::move(*other.t_))) {
  *other.t_ = Table();
}
Codebook& Codebook::operator=(Codebook&& other) {
  if (this != &other) {
    *t_ = std::move(*other.t_);
    *other.t_ = Table();
  }
  return *this;
}

const std::vector<Code>& Codebook::codes() const { return t_->codes.items(); }
size_t Codebook::size() const { return t_->codes.size(); }
const Code* Codebook::Find(absl::string_view id) const { return t_->codes.Find(id); }
void Codebook::Reserve(size_t n) { t_->codes.Reserve(n); }

absl::StatusOr<std::string> NormalizeColor(absl::string_view color) {
  if (color.empty()) return std::string();
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid colour \"", color, "\" (expected #RRGGBB or #RGB)"));
  };
  if (color[0] != '#' || (color.size() != 7 && color.size() != 4)) return bad();
  std::string hex = absl::AsciiStrToLower(color.substr(1));
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return bad();
  }
  if (hex.size() == 3) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
  return absl::StrCat("#", hex);
}

std::string Codebook::SiblingKey(absl::string_view parent_id, absl::string_view name) {
  return absl::StrCat(parent_id, "/", name);  // Ids hold no "/".
}

void Codebook::Index(const Code& code) { t_->by_parent_and_name.emplace(SiblingKey(code.parent_id, code.name), code.id); }

void Codebook::Unindex(const Code& code) {
  auto it = t_->by_parent_and_name.find(SiblingKey(code.parent_id, code.name));
  if (it != t_->by_parent_and_name.end() && it->second == code.id) t_->by_parent_and_name.erase(it);
}

const Code* Codebook::FindChild(absl::string_view parent_id,
                                absl::string_view name) const {
  auto it = t_->by_parent_and_name.find(SiblingKey(parent_id, name));
  return it == t_->by_parent_and_name.end() ? nullptr : Find(it->second);
}

const Code* Codebook::FindByPath(const std::vector<std::string>& names) const {
  const Code* current = nullptr;
  for (const std::string& name : names) {
    current = FindChild(current == nullptr ? "" : current->id, name);
    if (current == nullptr) return nullptr;
  }
  return current;
}

std::vector<std::string> Codebook::Children(absl::string_view id) const {
  return internal::Hierarchy(t_->codes).Children(id);
}

std::vector<std::string> Codebook::Descendants(absl::string_view id) const {
  return internal::Hierarchy(t_->codes).Descendants(id);
}

std::vector<std::string> Codebook::Ancestors(absl::string_view id) const {
  return internal::Hierarchy(t_->codes).Ancestors(id);
}

std::string Codebook::Path(absl::string_view id,
                           absl::string_view separator) const {
  std::vector<std::string> names;
  for (const std::string& a : Ancestors(id)) {
    const Code* c = Find(a);
    names.push_back(c == nullptr ? a : c->name);
  }
  const Code* self = Find(id);
  names.push_back(self == nullptr ? std::string(id) : self->name);
  return absl::StrJoin(names, separator);
}

int Codebook::Depth(absl::string_view id) const { return internal::Hierarchy(t_->codes).Depth(id); }

absl::Status Codebook::CheckName(const Code& code) const {
  const Code* same = FindChild(code.parent_id, code.name);
  internal::FirstViolation first;
  internal::StringRules(code, "code", first);
  internal::CodeNameRules(*this, code, same != nullptr && same->id != code.id, first);
  return first.status();
}

absl::StatusOr<std::string> Codebook::Add(Code code, IdGenerator& ids) {
  if (code.id.empty()) code.id = ids.Next();
  internal::FirstViolation first;
  internal::CodeIdRules(code, t_->codes.contains(code.id), first);
  internal::CodeParentRule(*this, code, first);
  THEMATICA_RETURN_IF_ERROR(first.status());
  THEMATICA_ASSIGN_OR_RETURN(code.color, NormalizeColor(code.color));
  THEMATICA_RETURN_IF_ERROR(CheckName(code));
  std::string id = code.id;
  Index(code);
  t_->codes.Insert(std::move(code));
  return id;
}

absl::Status Codebook::Update(Code code) {
  const Code* old = Find(code.id);
  if (old == nullptr) {
    return absl::NotFoundError(absl::StrCat("code ", code.id, " not found"));
  }
  internal::FirstViolation first;
  internal::CodeParentRule(*this, code, first);
  internal::CodeCycleRule(*this, code, old->name,
                          t_->codes.contains(code.parent_id) &&
                              internal::Hierarchy(t_->codes).WouldCycle(code.id, code.parent_id),
                          first);
  THEMATICA_RETURN_IF_ERROR(first.status());
  THEMATICA_ASSIGN_OR_RETURN(code.color, NormalizeColor(code.color));
  THEMATICA_RETURN_IF_ERROR(CheckName(code));
  Unindex(*old);
  Index(code);
  *t_->codes.FindMutable(code.id) = std::move(code);
  return absl::OkStatus();
}

absl::Status Codebook::Rename(absl::string_view id, std::string name) {
  const Code* c = Find(id);
  if (c == nullptr) return absl::NotFoundError(absl::StrCat("code ", id, " not found"));
  Code updated = *c;
  updated.name = std::move(name);
  return Update(std::move(updated));
}

absl::Status Codebook::Move(absl::string_view id, std::string new_parent_id) {
  const Code* c = Find(id);
  if (c == nullptr) return absl::NotFoundError(absl::StrCat("code ", id, " not found"));
  Code updated = *c;
  updated.parent_id = std::move(new_parent_id);
  return Update(std::move(updated));
}

void Codebook::Erase(const absl::flat_hash_set<std::string>& ids) {
  for (const std::string& id : ids) {
    if (const Code* c = Find(id)) Unindex(*c);
  }
  t_->codes.Erase(ids);
}

void Codebook::InsertUnchecked(Code code) {
  Index(code);
  t_->codes.Insert(std::move(code));
}

void Codebook::InsertUncheckedAt(size_t position, Code code) {
  Index(code);
  t_->codes.InsertAt(position, std::move(code));
}

void Codebook::ReplaceUnchecked(Code code) {
  Code* old = t_->codes.FindMutable(code.id);
  if (old == nullptr) return;
  Unindex(*old);
  Index(code);
  *old = std::move(code);
}

std::vector<std::string> Codebook::Problems() const {
  std::vector<std::string> problems;
  internal::AllViolations all(problems);
  internal::CodebookRules(*this, all);
  return problems;
}

}  // namespace thematica
