#include "thematica/codebook.h"

#include "internal/entity_table.h"
#include "internal/hierarchy.h"
#include "internal/string_rules.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(code, "code"));
  if (absl::StripAsciiWhitespace(code.name).empty()) {
    return absl::InvalidArgumentError("a code needs a name");
  }
  if (absl::StrContains(code.name, '/')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a code name cannot contain \"/\", which separates the levels of a code path: \"",
        code.name, "\""));
  }
  if (const Code* c = FindChild(code.parent_id, code.name); c != nullptr && c->id != code.id) {
    return absl::AlreadyExistsError(absl::StrCat(
        "a code named \"", code.name, "\" already exists ",
        code.parent_id.empty() ? std::string("at the top level")
                               : absl::StrCat("under \"", Path(code.parent_id), "\"")));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Codebook::Add(Code code, IdGenerator& ids) {
  if (code.id.empty()) code.id = ids.Next();
  if (!IsCanonicalGuid(code.id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("code id \"", code.id, "\" is not a lower-case GUID"));
  }
  if (t_->codes.contains(code.id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("a code with id ", code.id, " already exists"));
  }
  if (!code.parent_id.empty() && !t_->codes.contains(code.parent_id)) {
    return absl::NotFoundError(
        absl::StrCat("parent code ", code.parent_id, " not found"));
  }
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
  if (!code.parent_id.empty()) {
    if (!t_->codes.contains(code.parent_id)) {
      return absl::NotFoundError(
          absl::StrCat("parent code ", code.parent_id, " not found"));
    }
    if (code.parent_id == code.id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot move \"", old->name, "\" under itself"));
    }
    if (internal::Hierarchy(t_->codes).WouldCycle(code.id, code.parent_id)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot move \"", old->name, "\" under its own descendant \"",
          Path(code.parent_id), "\": that would make a cycle"));
    }
  }
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
  absl::flat_hash_set<absl::string_view> ids;
  absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> names;
  for (const Code& c : t_->codes.items()) {
    const std::string where = absl::StrCat("code ", c.id, " (\"", c.name, "\")");
    if (!IsCanonicalGuid(c.id)) problems.push_back(absl::StrCat(where, ": id is not a lower-case GUID"));
    if (!ids.insert(c.id).second) problems.push_back(absl::StrCat(where, ": id used twice"));
    if (absl::StripAsciiWhitespace(c.name).empty()) problems.push_back(absl::StrCat(where, ": empty name"));
    if (!names.insert({c.parent_id, c.name}).second) {
      problems.push_back(absl::StrCat(where, ": name repeated among siblings"));
    }
    if (!c.parent_id.empty() && !t_->codes.contains(c.parent_id)) {
      problems.push_back(absl::StrCat(where, ": parent ", c.parent_id, " not found"));
    }
    absl::StatusOr<std::string> color = NormalizeColor(c.color);
    if (!color.ok()) {
      problems.push_back(absl::StrCat(where, ": ", color.status().message()));
    } else if (*color != c.color) {
      problems.push_back(absl::StrCat(where, ": colour \"", c.color, "\" not in #rrggbb form"));
    }
  }
  // Cycles: walk up from every code, stopping at codes already known to
  // reach a root (linear in the number of codes, however deep the tree).
  enum class State { kUnknown, kOnPath, kRooted, kCycle };
  absl::flat_hash_map<absl::string_view, State> state;
  state.reserve(t_->codes.size());
  std::vector<const Code*> path;
  for (const Code& c : t_->codes.items()) {
    path.clear();
    const Code* cur = &c;
    State end = State::kRooted;
    while (cur != nullptr) {
      State& st = state[cur->id];
      if (st == State::kRooted || st == State::kCycle) {
        end = st;
        break;
      }
      if (st == State::kOnPath) {
        end = State::kCycle;
        break;
      }
      st = State::kOnPath;
      path.push_back(cur);
      cur = cur->parent_id.empty() ? nullptr : Find(cur->parent_id);
    }
    for (const Code* p : path) state[p->id] = end;
    if (end == State::kCycle) {
      problems.push_back(absl::StrCat("code ", c.id, " (\"", c.name,
                                      "\"): its parents form a cycle"));
    }
  }
  return problems;
}

}  // namespace thematica
