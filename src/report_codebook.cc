// The codebook document: every code in hierarchy order with its definition,
// rules, example, memos and counts, as Markdown, HTML or CSV, and as one
// table for .docx.
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "internal/csv.h"
#include "internal/report_parts.h"
#include "thematica/report.h"

namespace thematica {
namespace {

using internal::CsvField;

// Codes in hierarchy order with their depth, and the counts each shows: a
// codable code its own, a folder (not codable) its whole subtree.
struct CodebookRows {
  std::vector<std::pair<const Code*, int>> order;
  std::map<std::string, CodeCount> counts;
  // Per row, the path shown: in full up to kShownLevels levels, deeper ones
  // as "… / " and the last kShownLevels names, so that the document grows
  // linearly with the codebook however deep it is.
  std::vector<std::vector<const std::string*>> shown_path;
  std::string Path(size_t row, absl::string_view separator) const {
    const auto& names = shown_path[row];
    std::string out = names.size() < static_cast<size_t>(order[row].second) + 1 ? "…" : "";
    for (const std::string* name : names) absl::StrAppend(&out, out.empty() ? "" : separator, *name);
    return out;
  }
};

constexpr size_t kShownLevels = 8;

CodebookRows RowsOf(const Project& p) {
  CodebookRows rows;
  // Project::CodeCounts, not the analysis index's: its subtree counts stay
  // linear in a codebook of any depth (test_hardening's 20,000-deep chain).
  const std::vector<CodeCount> own = p.CodeCounts(), subtree = p.CodeCounts(/*include_descendants=*/true);
  for (size_t i = 0; i < own.size(); ++i) {
    const Code* c = p.FindCode(own[i].code_id);
    rows.counts[own[i].code_id] = c != nullptr && !c->codable ? subtree[i] : own[i];
  }
  // Depth first with an explicit stack (any depth), children grouped once.
  absl::flat_hash_map<absl::string_view, std::vector<const Code*>> children;
  for (const Code& c : p.codebook().codes()) children[c.parent_id].push_back(&c);
  std::vector<const std::string*> ancestors;  // Names from the root to the current parent.
  std::vector<std::pair<const std::vector<const Code*>*, size_t>> stack;
  auto kids = [&](absl::string_view of) -> const std::vector<const Code*>* {
    auto it = children.find(of);
    return it == children.end() ? nullptr : &it->second;
  };
  if (const auto* roots = kids("")) stack.push_back({roots, 0});
  while (!stack.empty()) {
    auto& [list, next] = stack.back();
    if (next == list->size()) {
      stack.pop_back();
      if (!ancestors.empty()) ancestors.pop_back();
      continue;
    }
    const Code* c = (*list)[next++];
    const int depth = static_cast<int>(stack.size()) - 1;
    rows.order.push_back({c, depth});
    std::vector<const std::string*> shown(
        ancestors.end() - std::min(ancestors.size(), kShownLevels - 1), ancestors.end());
    shown.push_back(&c->name);
    rows.shown_path.push_back(std::move(shown));
    if (const auto* below = kids(c->id)) {
      ancestors.push_back(&c->name);
      stack.push_back({below, 0});
    }
  }
  return rows;
}

}  // namespace

std::string CodebookDocument(const Project& p, ReportFormat format) {
  const CodebookRows rows = RowsOf(p);
  std::string out;
  if (format == ReportFormat::kCsv) {
    out = "path,name,parent,description,inclusion,exclusion,example,color,codable,excerpts,documents,cases\r\n";
    for (size_t row = 0; row < rows.order.size(); ++row) {
      const Code* c = rows.order[row].first;
      const CodeCount& n = rows.counts.at(c->id);
      const std::string parent = c->parent_id.empty() ? "" : p.FindCode(c->parent_id)->name;
      out += absl::StrJoin(
          std::vector<std::string>{CsvField(rows.Path(row, "/")), CsvField(c->name), CsvField(parent),
                                   CsvField(c->description), CsvField(c->inclusion), CsvField(c->exclusion),
                                   CsvField(c->example), CsvField(c->color), c->codable ? "true" : "false",
                                   absl::StrCat(n.excerpts), absl::StrCat(n.documents), absl::StrCat(n.cases)},
          ",");
      out += "\r\n";
    }
    return out;
  }
  const bool html = format == ReportFormat::kHtml;
  if (html) {
    absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                    internal::HtmlEscape(p.title()), " — codebook</title>\n<style>", internal::kReportStyle, "</style>\n</head>\n<body>\n<h1>",
                    "Codebook: ", internal::HtmlEscape(p.title()), "</h1>\n");
  } else {
    absl::StrAppend(&out, "# Codebook: ", internal::MarkdownText(p.title()), "\n\n");
  }
  for (size_t row = 0; row < rows.order.size(); ++row) {
    const auto& [c, depth] = rows.order[row];
    const CodeCount& n = rows.counts.at(c->id);
    const std::string counts_line =
        absl::StrCat(internal::CountOf(n.excerpts, "excerpt"), ", ", internal::CountOf(n.documents, "document"), ", ",
                     internal::CountOf(n.cases, "case"), c->codable ? "" : " (a folder: not codable; counts of its subtree)");
    const std::vector<std::pair<const char*, const std::string*>> fields = {
        {"Definition", &c->description}, {"Include", &c->inclusion}, {"Exclude", &c->exclusion},
        {"Example", &c->example}};
    std::vector<const Memo*> memos = p.MemosFor(c->id);
    if (html) {
      const int level = std::min(depth + 2, 6);
      absl::StrAppend(&out, "<h", level, ">", internal::HtmlEscape(rows.Path(row, " / ")), "</h", level,
                      ">\n<p class=\"meta\">", internal::HtmlEscape(counts_line), "</p>\n<dl>\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "<dt>", label, "</dt><dd>", internal::HtmlEscape(*value), "</dd>\n");
      }
      for (const Memo* m : memos) {
        absl::StrAppend(&out, "<dt>Memo", m->title.empty() ? "" : absl::StrCat(": ", internal::HtmlEscape(m->title)),
                        "</dt><dd>", internal::HtmlEscape(m->text), "</dd>\n");
      }
      out += "</dl>\n";
    } else {
      absl::StrAppend(&out, std::string(std::min(depth + 2, 6), '#'), " ",
                      internal::MarkdownText(rows.Path(row, " / ")), "\n\n*", counts_line, "*\n\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "- **", label, ":** ", internal::MarkdownText(*value), "\n");
      }
      for (const Memo* m : memos) {
        absl::StrAppend(&out, "- **Memo", m->title.empty() ? "" : absl::StrCat(": ", internal::MarkdownText(m->title)),
                        ":** ", absl::StrReplaceAll(internal::MarkdownText(m->text), {{"\n", " "}}), "\n");
      }
      out += "\n";
    }
  }
  if (html) out += "</body>\n</html>\n";
  return out;
}

std::string CodebookTable(const Project& p) {
  const CodebookRows rows = RowsOf(p);
  std::vector<std::vector<std::string>> table;
  for (size_t row = 0; row < rows.order.size(); ++row) {
    const Code* c = rows.order[row].first;
    const CodeCount& n = rows.counts.at(c->id);
    std::vector<std::string> memos;
    for (const Memo* m : p.MemosFor(c->id)) memos.push_back(m->title.empty() ? m->text : absl::StrCat(m->title, ": ", m->text));
    table.push_back({absl::StrCat(rows.Path(row, " / "), c->codable ? "" : " (folder)"), c->description,
                     c->inclusion, c->exclusion, c->example, absl::StrJoin(memos, " "), absl::StrCat(n.excerpts),
                     absl::StrCat(n.documents), absl::StrCat(n.cases)});
  }
  return absl::StrCat("# Codebook: ", internal::MarkdownText(p.title()), "\n\n",
                      internal::PipeTable({"Code", "Definition", "Include", "Exclude", "Example", "Memos", "Excerpts",
                                 "Documents", "Cases"},
                                table),
                      "Counts of a folder (a code that only groups others) are those of its whole subtree.\n");
}

}  // namespace thematica
