// The theme report: the results section of a paper (title, the map as
// Figure 1, a summary table, then each theme with its participants by
// attribute, representative quotes and memos), as Markdown or HTML.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "internal/report_parts.h"
#include "thematica/report.h"

namespace thematica {
namespace {

const AttributeDefinition* Attribute(const Project& p, const std::string& name) {
  const AttributeDefinition* a = p.FindAttributeByName(name);
  return a != nullptr ? a : p.FindAttribute(name);
}

// Hierarchy order: each theme followed by its sub-themes.
void Walk(const Project& p, const std::string& parent, int depth,
          const std::function<void(const Theme&, int)>& visit) {
  for (const std::string& id : p.ThemeChildren(parent)) {
    visit(*p.FindTheme(id), depth);
    Walk(p, id, depth + 1, visit);
  }
}

std::string CodeNames(const Project& p, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const std::string& id : ids) names.push_back(p.codebook().Path(id, "/"));
  return absl::StrJoin(names, ", ");
}

// English plural of a noun phrase ("patient" → "patients", "HCP" → "HCPs").
std::string Plural(absl::string_view word) {
  if (word.empty()) return std::string(word);
  const char last = word.back();
  if (absl::EndsWith(word, "s") || absl::EndsWith(word, "x") || absl::EndsWith(word, "z") ||
      absl::EndsWith(word, "ch") || absl::EndsWith(word, "sh")) {
    return absl::StrCat(word, "es");
  }
  if (last == 'y' && word.size() > 1 && absl::string_view("aeiou").find(word[word.size() - 2]) == absl::string_view::npos) {
    return absl::StrCat(word.substr(0, word.size() - 1), "ies");
  }
  return absl::StrCat(word, "s");
}

constexpr char kNoValue[] = "no value";

std::string ValueOf(const Project& p, const std::string& case_id, const AttributeDefinition* attribute) {
  const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(case_id, attribute->id);
  return v == nullptr || v->ToString().empty() ? kNoValue : v->ToString();
}

// Every value of the attribute among the cases, sorted, with how many cases
// have it ("no value" last).
std::vector<std::pair<std::string, int>> ValueTotals(const Project& p, const AttributeDefinition* attribute) {
  std::map<std::string, int> counts;
  int missing = 0;
  for (const Case& c : p.cases()) {
    const std::string v = ValueOf(p, c.id, attribute);
    if (v == kNoValue) ++missing; else ++counts[v];
  }
  std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
  if (missing > 0) out.push_back({kNoValue, missing});
  return out;
}

std::string HtmlTable(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                      absl::string_view caption = "") {
  std::string out = "<table>\n";
  if (!caption.empty()) absl::StrAppend(&out, "<caption>", internal::HtmlEscape(caption), "</caption>\n");
  out += "<thead><tr>";
  for (const std::string& h : head) absl::StrAppend(&out, "<th>", internal::HtmlEscape(h), "</th>");
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "<th scope=\"row\">" : "<td>", internal::HtmlEscape(row[i]), i == 0 ? "</th>" : "</td>");
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// Up to `max` quotes that show the theme best: greedily the excerpt that
// adds a participant not yet quoted, then a value of the attribute not yet
// covered, then carries the most of the theme's codes; earlier first on ties.
// Excerpts in `used` are skipped unless `repeat`.
std::vector<const Excerpt*> Representative(const Project& p, const std::vector<const Excerpt*>& candidates,
                                           const std::vector<std::string>& theme_codes,
                                           const AttributeDefinition* attribute, int max,
                                           const std::set<std::string>& used, bool repeat) {
  std::vector<const Excerpt*> pool;
  for (const Excerpt* e : candidates) {
    if (repeat || !used.contains(e->id)) pool.push_back(e);
  }
  if (max < 0) return pool;
  const absl::flat_hash_set<std::string> codes(theme_codes.begin(), theme_codes.end());
  std::set<std::string> cases_seen, values_seen;
  std::vector<const Excerpt*> chosen;
  std::vector<bool> taken(pool.size(), false);
  while (static_cast<int>(chosen.size()) < max) {
    int best = -1;
    std::tuple<int, int, int> best_score{-1, -1, -1};
    for (size_t i = 0; i < pool.size(); ++i) {
      if (taken[i]) continue;
      const std::vector<std::string> cases = p.ExcerptCaseIds(*pool[i]);
      int new_case = 0, new_value = 0, own = 0;
      for (const std::string& c : cases) {
        new_case |= !cases_seen.contains(c);
        new_value |= !values_seen.contains(ValueOf(p, c, attribute));
      }
      for (const std::string& c : pool[i]->code_ids) own += codes.contains(c);
      const std::tuple<int, int, int> score{new_case, new_value, own};
      if (score > best_score) {
        best_score = score;
        best = static_cast<int>(i);
      }
    }
    if (best < 0) break;
    taken[best] = true;
    chosen.push_back(pool[best]);
    for (const std::string& c : p.ExcerptCaseIds(*pool[best])) {
      cases_seen.insert(c);
      values_seen.insert(ValueOf(p, c, attribute));
    }
  }
  // In the order they were coded, as the reader meets them in the data.
  std::sort(chosen.begin(), chosen.end(), [&](const Excerpt* a, const Excerpt* b) {
    return std::find(candidates.begin(), candidates.end(), a) < std::find(candidates.begin(), candidates.end(), b);
  });
  return chosen;
}

std::string MapCaption(const Project& p) {
  return absl::StrCat("Figure 1. Thematic map", p.title().empty() ? "" : absl::StrCat(" of ", p.title()),
                      ". Boxes are themes (sub-themes dashed, inside the theme they belong to); the box with "
                      "a bold double outline is the core theme; arrows are the relations between themes. Each "
                      "theme shows its number of excerpts and participants.");
}

// What every step of one theme report reads.
struct ReportContext {
  ReportContext(const Project& project, const ReportOptions& options)
      : p(project),
        o(options),
        supports(internal::ThemeSupports(project, /*include_subthemes=*/true)),
        own_supports(internal::ThemeSupports(project, /*include_subthemes=*/false)),
        attribute(Attribute(project, options.attribute)),
        html(options.format == ReportFormat::kHtml),
        values(ValueTotals(project, attribute)),
        attribute_name(attribute == nullptr ? "attribute" : attribute->name) {}

  const Project& p;
  const ReportOptions& o;
  const absl::flat_hash_map<std::string, internal::ThemeSupport> supports;
  const absl::flat_hash_map<std::string, internal::ThemeSupport> own_supports;
  const AttributeDefinition* attribute;
  const bool html;
  const std::vector<std::pair<std::string, int>> values;
  const std::string attribute_name;
};

// The title, the description and the map as Figure 1; in HTML, the document
// head as well.
std::string ReportHead(const ReportContext& r) {
  const Project& p = r.p;
  std::string out;
  if (r.html) {
    absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                    internal::HtmlEscape(p.title()), " — themes</title>\n<style>", internal::kReportStyle,
                    "</style>\n</head>\n<body>\n<h1>", internal::HtmlEscape(p.title()), "</h1>\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, "<p>", internal::HtmlEscape(p.info().description), "</p>\n");
    if (!r.o.map_svg.empty()) {
      const size_t svg = r.o.map_svg.find("<svg");
      absl::StrAppend(&out, "<figure class=\"map\">\n",
                      ScalableSvg(svg == std::string::npos ? r.o.map_svg : r.o.map_svg.substr(svg)),
                      "\n<figcaption>", internal::HtmlEscape(MapCaption(p)), "</figcaption>\n</figure>\n");
    }
  } else {
    absl::StrAppend(&out, "# ", internal::MarkdownText(p.title()), "\n\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, internal::MarkdownText(p.info().description), "\n\n");
    if (!r.o.map_image.empty()) {
      absl::StrAppend(&out, "![", internal::MarkdownText(MapCaption(p)), "](", r.o.map_image, ")\n\n");
    }
  }
  return out;
}

// Table 1: themes × attribute values (participants), and excerpts.
std::string SummaryTable(const ReportContext& r) {
  std::vector<std::string> head = {"Theme"};
  for (const auto& [value, n] : r.values) head.push_back(absl::StrCat(value, " (n=", n, ")"));
  head.push_back("Participants");
  head.push_back("Excerpts");
  std::vector<std::vector<std::string>> rows;
  Walk(r.p, "", 0, [&](const Theme& t, int depth) {
    const internal::ThemeSupport& s = r.supports.at(t.id);
    std::map<std::string, int> per_value;
    for (const std::string& c : s.cases) ++per_value[ValueOf(r.p, c, r.attribute)];
    std::string marker;
    for (int i = 0; i < depth; ++i) marker += "– ";
    std::vector<std::string> row = {absl::StrCat(marker, t.name)};
    for (const auto& [value, n] : r.values) row.push_back(absl::StrCat(per_value[value]));
    row.push_back(absl::StrCat(s.cases.size()));
    row.push_back(absl::StrCat(s.excerpts.size()));
    rows.push_back(std::move(row));
  });
  const std::string caption =
      absl::StrCat("Table 1. Participants quoted per theme, by ", r.attribute_name, " (sub-themes marked –)");
  if (r.html) return HtmlTable(head, rows, caption);
  return absl::StrCat(internal::PipeTable(head, rows), internal::MarkdownText(caption), "\n\n");
}

// A theme's participants and excerpts: the line under its heading
// ("5 participants (3 patients, 2 HCPs), 9 excerpts") and its table by
// attribute value.
struct ThemeCounts {
  std::string participants;
  std::vector<std::vector<std::string>> table;
};

ThemeCounts CountsOf(const ReportContext& r, const internal::ThemeSupport& s) {
  std::map<std::string, int> per_value, excerpts_per_value;
  for (const std::string& c : s.cases) ++per_value[ValueOf(r.p, c, r.attribute)];
  for (const Excerpt* e : s.excerpts) {
    std::set<std::string> its;
    for (const std::string& c : r.p.ExcerptCaseIds(*e)) its.insert(ValueOf(r.p, c, r.attribute));
    for (const std::string& v : its) ++excerpts_per_value[v];
  }
  std::vector<std::string> by_value;
  for (const auto& [value, n] : per_value) {
    by_value.push_back(value == kNoValue ? absl::StrCat(n, " ", value) : internal::CountOf(n, value, Plural(value)));
  }
  ThemeCounts out;
  out.participants = absl::StrCat(internal::CountOf(static_cast<int64_t>(s.cases.size()), "participant"), " (",
                                  by_value.empty() ? "none" : absl::StrJoin(by_value, ", "), "), ",
                                  internal::CountOf(static_cast<int64_t>(s.excerpts.size()), "excerpt"));
  for (const auto& [value, n] : r.values) {
    if (per_value[value] == 0) continue;
    out.table.push_back({value, absl::StrCat(per_value[value], " of ", n), absl::StrCat(excerpts_per_value[value])});
  }
  return out;
}

// A theme's heading, description, counts, sub-themes and codes (in HTML, the
// section opens here).
std::string ThemeOverview(const ReportContext& r, const Theme& t, int depth) {
  const Project& p = r.p;
  const int level = std::min(depth + 2, 6);
  std::vector<std::string> subthemes;
  for (const std::string& id : p.ThemeChildren(t.id)) subthemes.push_back(p.FindTheme(id)->name);
  const ThemeCounts counts = CountsOf(r, r.supports.at(t.id));
  const std::vector<std::string> head = {r.attribute_name, "Participants", "Excerpts"};
  std::string out;
  if (r.html) {
    absl::StrAppend(&out, "<section>\n<h", level, ">", internal::HtmlEscape(t.name), "</h", level, ">\n");
    if (!t.description.empty()) absl::StrAppend(&out, "<p>", internal::HtmlEscape(t.description), "</p>\n");
    absl::StrAppend(&out, "<p class=\"meta\">", internal::HtmlEscape(counts.participants), "</p>\n");
    if (!counts.table.empty()) out += HtmlTable(head, counts.table);
    if (!subthemes.empty()) {
      absl::StrAppend(&out, "<p class=\"meta\">Sub-themes: ", internal::HtmlEscape(absl::StrJoin(subthemes, "; ")), "</p>\n");
    }
    if (!t.code_ids.empty()) {
      absl::StrAppend(&out, "<p class=\"meta\">Codes: ", internal::HtmlEscape(CodeNames(p, t.code_ids)), "</p>\n");
    }
  } else {
    absl::StrAppend(&out, std::string(level, '#'), " ", internal::MarkdownText(t.name), "\n\n");
    if (!t.description.empty()) absl::StrAppend(&out, internal::MarkdownText(t.description), "\n\n");
    absl::StrAppend(&out, "*", internal::MarkdownText(counts.participants), "*\n\n");
    if (!counts.table.empty()) out += internal::PipeTable(head, counts.table);
    if (!subthemes.empty()) absl::StrAppend(&out, "Sub-themes: ", internal::MarkdownText(absl::StrJoin(subthemes, "; ")), "\n\n");
    if (!t.code_ids.empty()) absl::StrAppend(&out, "Codes: ", internal::MarkdownText(CodeNames(p, t.code_ids)), "\n\n");
  }
  return out;
}

// The theme's representative quotes, from its own codes (sub-themes show
// theirs), each attributed; the quoted excerpts are added to `used`.
std::string ThemeQuotes(const ReportContext& r, const Theme& t, std::set<std::string>& used) {
  const Project& p = r.p;
  const internal::ThemeSupport& own = r.own_supports.at(t.id);
  const std::vector<const Excerpt*> quotes =
      Representative(p, own.excerpts, t.code_ids, r.attribute, r.o.max_quotes, used, r.o.repeat_quotes);
  std::string out;
  for (const Excerpt* e : quotes) {
    used.insert(e->id);
    const std::string quote = std::string(p.ExcerptText(*e));
    const std::string who = Attribution(p, *e, r.attribute);
    if (r.html) {
      absl::StrAppend(&out, "<blockquote>“", absl::StrReplaceAll(internal::HtmlEscape(quote), {{"\n", "<br>\n"}}),
                      "” <span class=\"who\">", internal::HtmlEscape(who), "</span></blockquote>\n");
    } else {
      std::vector<std::string> lines = absl::StrSplit(quote, '\n');
      for (std::string& line : lines) line = internal::MarkdownText(absl::StripSuffix(line, "\r"));
      absl::StrAppend(&out, "> “", absl::StrJoin(lines, "  \n> "), "” ", internal::MarkdownText(who), "\n\n");
    }
  }
  return out;
}

// The memos on the theme and on each of its codes.
std::string ThemeMemos(const ReportContext& r, const Theme& t) {
  const Project& p = r.p;
  std::vector<std::string> targets = {t.id};
  targets.insert(targets.end(), t.code_ids.begin(), t.code_ids.end());
  std::string out;
  for (const std::string& target : targets) {
    for (const Memo* m : p.MemosFor(target)) {
      const std::string about = target == t.id ? "" : absl::StrCat(" (code ", p.codebook().Path(target, "/"), ")");
      const std::string title = absl::StrCat("Memo", m->title.empty() ? "" : absl::StrCat(": ", m->title), about);
      if (r.html) {
        absl::StrAppend(&out, "<aside class=\"memo\"><strong>", internal::HtmlEscape(title), ".</strong> ",
                        absl::StrReplaceAll(internal::HtmlEscape(m->text), {{"\n", "<br>\n"}}), "</aside>\n");
      } else {
        absl::StrAppend(&out, "**", internal::MarkdownText(title), ".** ",
                        absl::StrReplaceAll(internal::MarkdownText(m->text), {{"\n", "  \n"}}), "\n\n");
      }
    }
  }
  return out;
}

}  // namespace

std::string ThemeReport(const Project& p, const ReportOptions& o) {
  const ReportContext r(p, o);
  std::string out = ReportHead(r) + SummaryTable(r);
  std::set<std::string> used;
  Walk(p, "", 0, [&](const Theme& t, int depth) {
    out += ThemeOverview(r, t, depth);
    out += ThemeQuotes(r, t, used);
    if (o.memos) out += ThemeMemos(r, t);
    if (r.html) out += "</section>\n";
  });
  if (r.html) out += "</body>\n</html>\n";
  return out;
}

}  // namespace thematica
