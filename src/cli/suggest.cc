#include "cli/suggest.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace thematica::cli {
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

std::vector<std::string> CodeNames(const Project& project) {
  std::vector<std::string> out;
  for (const Code& c : project.codebook().codes()) {
    out.push_back(c.name);
    if (!c.parent_id.empty()) out.push_back(project.codebook().Path(c.id, "/"));
  }
  return out;
}

std::vector<std::string> ThemeNames(const Project& project) {
  std::vector<std::string> out;
  for (const Theme& t : project.themes()) out.push_back(t.name);
  return out;
}

std::vector<std::string> AttributeNames(const Project& project) {
  std::vector<std::string> out;
  for (const AttributeDefinition& a : project.attributes()) out.push_back(a.name);
  return out;
}

std::vector<std::string> CoderNames(const Project& project) {
  std::vector<std::string> out;
  for (const Coder& c : project.coders()) out.push_back(c.name);
  return out;
}

std::vector<std::string> DocumentNames(const Project& project) {
  std::vector<std::string> out;
  for (const Document& d : project.documents()) out.push_back(d.name);
  return out;
}

absl::StatusOr<const Code*> FindCode(const Project& p, const std::string& key) {
  const std::vector<std::string> path = absl::StrSplit(key, '/');
  if (path.size() > 1) {
    if (const Code* c = p.codebook().FindByPath(path)) return c;
  }
  const Code* found = nullptr;
  for (const Code& c : p.codebook().codes()) {
    if (c.name != key) continue;
    if (found != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("several codes are named \"", key, "\": give the path, e.g. \"",
                                                     p.codebook().Path(c.id, "/"), "\""));
    }
    found = &c;
  }
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no code named \"", key, "\"", DidYouMean(key, CodeNames(p))));
  }
  return found;
}

absl::StatusOr<const Theme*> FindTheme(const Project& p, const std::string& key) {
  if (const Theme* t = p.FindTheme(key)) return t;
  for (const Theme& t : p.themes()) {
    if (t.name == key) return &t;
  }
  return absl::NotFoundError(absl::StrCat("no theme named \"", key, "\"", DidYouMean(key, ThemeNames(p))));
}

absl::StatusOr<const AttributeDefinition*> FindAttribute(const Project& p, const std::string& key) {
  if (const AttributeDefinition* a = p.FindAttributeByName(key)) return a;
  if (const AttributeDefinition* a = p.FindAttribute(key)) return a;
  return absl::NotFoundError(absl::StrCat("no attribute named \"", key, "\"", DidYouMean(key, AttributeNames(p))));
}

absl::StatusOr<const Coder*> FindCoder(const Project& p, const std::string& key) {
  if (const Coder* c = p.FindCoderByName(key)) return c;
  return absl::NotFoundError(absl::StrCat("no coder named \"", key, "\"", DidYouMean(key, CoderNames(p))));
}

absl::StatusOr<const Document*> FindDocument(const Project& p, const std::string& key) {
  if (const Document* d = p.FindDocument(key)) return d;
  if (const Document* d = p.FindDocumentByName(key)) return d;
  return absl::NotFoundError(absl::StrCat("no document named \"", key, "\"", DidYouMean(key, DocumentNames(p))));
}

}  // namespace thematica::cli
