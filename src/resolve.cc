#include "thematica/resolve.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "internal/lookup.h"

namespace thematica {
namespace {

// Code points of `s` (lowercased when ASCII); bytes of invalid UTF-8 count one each.
std::vector<uint32_t> Points(absl::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    uint32_t cp = n == 1 ? absl::ascii_tolower(c) : c;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 8) | static_cast<unsigned char>(s[i + k]);
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace

int EditDistance(absl::string_view a, absl::string_view b) {
  const std::vector<uint32_t> x = Points(a), y = Points(b);
  std::vector<int> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[y.size()];
}

std::vector<std::string> Closest(absl::string_view name, const std::vector<std::string>& candidates,
                                 size_t limit) {
  std::vector<std::pair<int, std::string>> scored;
  std::set<std::string> seen;
  for (const std::string& c : candidates) {
    if (!seen.insert(c).second) continue;
    const int d = EditDistance(name, c);
    const int longer = static_cast<int>(std::max(Points(name).size(), Points(c).size()));
    const bool contains = !name.empty() && absl::StrContains(absl::AsciiStrToLower(c), absl::AsciiStrToLower(name));
    if (d <= std::max(2, longer / 3) || contains) scored.emplace_back(contains ? std::min(d, 1) : d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& l, const auto& r) { return l.first < r.first; });
  std::vector<std::string> out;
  for (size_t k = 0; k < scored.size() && k < limit; ++k) out.push_back(scored[k].second);
  return out;
}

std::string DidYouMean(absl::string_view name, const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  const std::vector<std::string> close = Closest(name, candidates);
  std::string text;
  if (!close.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& c : close) quoted.push_back(absl::StrCat("\"", c, "\""));
    text = absl::StrCat("; did you mean ", absl::StrJoin(quoted, " or "), "?");
  }
  std::set<std::string> unique(candidates.begin(), candidates.end());
  std::vector<std::string> all(unique.begin(), unique.end());
  if (all.size() > 20) {
    all.resize(20);
    all.push_back("…");
  }
  return absl::StrCat(text, " (the study has: ", absl::StrJoin(all, ", "), ")");
}

namespace {

std::string ThemePath(const Project& p, const Theme& t) {
  std::vector<absl::string_view> names = {t.name};
  const Theme* cur = &t;
  for (size_t guard = 0; !cur->parent_id.empty() && guard < p.themes().size(); ++guard) {
    cur = p.FindTheme(cur->parent_id);
    if (cur == nullptr) break;
    names.push_back(cur->name);
  }
  std::reverse(names.begin(), names.end());
  return absl::StrJoin(names, "/");
}

absl::Status Missing(const Project& p, absl::string_view kind, absl::string_view key) {
  return absl::NotFoundError(absl::StrCat("no ", kind, " with id or name \"", key, "\"",
                                          DidYouMean(key, TypedNames(p, kind))));
}

// Steps 2 and 3 of the rule for a hierarchy (codes, themes): the object at
// `key` as a path, else the one object named `key`.
template <typename T, typename PathFn, typename ByPathFn>
absl::StatusOr<const T*> ByPathOrName(const Project& p, const std::vector<T>& items, absl::string_view kind,
                                      absl::string_view plural, absl::string_view key, PathFn path,
                                      ByPathFn by_path) {
  if (absl::StrContains(key, '/')) {
    if (const T* found = by_path(std::vector<std::string>(absl::StrSplit(key, '/')))) return found;
  }
  std::vector<const T*> named;
  for (const T& item : items) {
    if (item.name == key) named.push_back(&item);
  }
  if (named.size() == 1) return named.front();
  if (named.empty()) return Missing(p, kind, key);
  std::vector<std::string> paths;
  for (const T* item : named) paths.push_back(absl::StrCat("\"", path(*item), "\""));
  std::sort(paths.begin(), paths.end());
  return absl::InvalidArgumentError(absl::StrCat("several ", plural, " are named \"", key, "\" (",
                                                 absl::StrJoin(paths, ", "), "): give the path or the id"));
}

}  // namespace

std::vector<std::string> TypedNames(const Project& p, absl::string_view kind) {
  std::vector<std::string> out;
  auto names = [&](const auto& items) {
    for (const auto& item : items) out.push_back(item.name);
  };
  if (kind == "code") {
    for (const Code& c : p.codebook().codes()) {
      out.push_back(c.name);
      if (!c.parent_id.empty()) out.push_back(p.codebook().Path(c.id, "/"));
    }
  } else if (kind == "theme") {
    for (const Theme& t : p.themes()) {
      out.push_back(t.name);
      if (!t.parent_id.empty()) out.push_back(ThemePath(p, t));
    }
  } else if (kind == "coder") {
    names(p.coders());
  } else if (kind == "case") {
    names(p.cases());
  } else if (kind == "document") {
    names(p.documents());
  } else if (kind == "attribute") {
    names(p.attributes());
  }
  return out;
}

absl::StatusOr<const Code*> ResolveCode(const Project& p, absl::string_view key) {
  if (const Code* c = p.FindCode(key)) return c;
  return ByPathOrName<Code>(
      p, p.codebook().codes(), "code", "codes", key, [&](const Code& c) { return p.codebook().Path(c.id, "/"); },
      [&](const std::vector<std::string>& path) { return p.codebook().FindByPath(path); });
}

absl::StatusOr<const Theme*> ResolveTheme(const Project& p, absl::string_view key) {
  if (const Theme* t = p.FindTheme(key)) return t;
  return ByPathOrName<Theme>(
      p, p.themes(), "theme", "themes", key, [&](const Theme& t) { return ThemePath(p, t); },
      [&](const std::vector<std::string>& path) {
        const Theme* cur = nullptr;
        for (const std::string& name : path) {
          cur = p.FindThemeByName(name, cur == nullptr ? "" : cur->id);
          if (cur == nullptr) return cur;
        }
        return cur;
      });
}

absl::StatusOr<const Coder*> ResolveCoder(const Project& p, absl::string_view key) {
  if (const Coder* c = p.FindCoder(key)) return c;
  if (const Coder* c = p.FindCoderByName(key)) return c;  // Names are unique.
  return Missing(p, "coder", key);
}

absl::StatusOr<const Case*> ResolveCase(const Project& p, absl::string_view key) {
  if (const Case* c = p.FindCase(key)) return c;
  if (const Case* c = p.FindCaseByName(key)) return c;
  return Missing(p, "case", key);
}

absl::StatusOr<const Document*> ResolveDocument(const Project& p, absl::string_view key) {
  if (const Document* d = internal::FindDocumentByIdOrName(p, key)) return d;
  return Missing(p, "document", key);
}

absl::StatusOr<const AttributeDefinition*> ResolveAttribute(const Project& p, absl::string_view key) {
  if (const AttributeDefinition* a = internal::FindAttributeByIdOrName(p, key)) return a;
  return Missing(p, "attribute", key);
}

}  // namespace thematica
