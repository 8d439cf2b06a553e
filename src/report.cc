// The report layer's shared pieces (text escaping, attribution, theme
// support, pipe tables) and WriteReport, which writes every output into one
// folder. The thematic map is in report_map.cc, the theme report in
// report_themes.cc, the codebook document in report_codebook.cc.
#include "thematica/report.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "internal/report_parts.h"
#include "internal/subprocess.h"
#include "internal/enum_names.h"
#include "internal/file_util.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace internal {

absl::flat_hash_map<std::string, ThemeSupport> ThemeSupports(const Project& p, bool include_subthemes) {
  absl::flat_hash_map<std::string, std::vector<const std::string*>> themes_of_code;
  absl::flat_hash_map<std::string, ThemeSupport> out;
  for (const Theme& t : p.themes()) {
    out[t.id];
    for (const std::string& c : p.ThemeCodeIds(t.id, include_subthemes)) themes_of_code[c].push_back(&t.id);
  }
  std::vector<const std::string*> themes;
  for (const Excerpt& e : p.excerpts()) {
    themes.clear();
    for (const std::string& c : e.code_ids) {
      auto it = themes_of_code.find(c);
      if (it != themes_of_code.end()) themes.insert(themes.end(), it->second.begin(), it->second.end());
    }
    if (themes.empty()) continue;
    std::sort(themes.begin(), themes.end());
    themes.erase(std::unique(themes.begin(), themes.end()), themes.end());
    const std::vector<std::string> cases = p.ExcerptCaseIds(e);
    for (const std::string* t : themes) {
      ThemeSupport& s = out[*t];
      s.excerpts.push_back(&e);
      s.cases.insert(cases.begin(), cases.end());
    }
  }
  return out;
}

std::string PipeTable(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
  auto cell = [](absl::string_view s) {
    return absl::StrReplaceAll(internal::MarkdownText(s), {{"|", "\\|"}, {"\r\n", " "}, {"\n", " "}});
  };
  std::string out = "|";
  for (const std::string& h : head) absl::StrAppend(&out, " ", cell(h), " |");
  out += "\n|";
  for (size_t i = 0; i < head.size(); ++i) out += i == 0 ? "---|" : "--:|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const std::string& v : row) absl::StrAppend(&out, " ", cell(v), " |");
    out += "\n";
  }
  return out + "\n";
}

std::string HtmlEscape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

std::string MarkdownEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::string_view("\\`*_{}[]<>#|").find(c) != absl::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string CountOf(int64_t n, absl::string_view singular, absl::string_view plural) {
  if (n == 1) return absl::StrCat(n, " ", singular);
  return plural.empty() ? absl::StrCat(n, " ", singular, "s") : absl::StrCat(n, " ", plural);
}

std::string MarkdownText(absl::string_view text) {
  // Escapes only where Markdown would misread the text: a backslash, a
  // backtick, an emphasis marker that has a partner, "<" opening a tag, "["
  // that could start a link, and a line that would start a heading, list or
  // quote.
  const bool stars = std::count(text.begin(), text.end(), '*') >= 2;
  const bool underscores = std::count(text.begin(), text.end(), '_') >= 2;
  const bool links = text.find("](") != absl::string_view::npos;
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    bool escape = c == '\\' || c == '`' || (c == '*' && stars) || (c == '_' && underscores) ||
                  (c == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) ||
                  ((c == '[' || c == ']') && links);
    if (line_start && (c == '#' || c == '>' || ((c == '-' || c == '+') && next == ' '))) escape = true;
    if (escape) out += '\\';
    out += c;
    line_start = c == '\n';
  }
  return out;
}

}  // namespace internal

namespace {

constexpr internal::EnumName<ReportFormat> kReportFormats[] = {
    {ReportFormat::kMarkdown, "markdown"}, {ReportFormat::kHtml, "html"}, {ReportFormat::kCsv, "csv"}};

}  // namespace

absl::string_view ReportFormatName(ReportFormat format) { return internal::NameIn(kReportFormats, format); }

absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name) {
  if (name == "md") return ReportFormat::kMarkdown;
  return internal::ParseIn(kReportFormats, name, "format");
}

std::string Attribution(const Project& p, const Excerpt& e, const AttributeDefinition* attribute) {
  std::vector<std::string> parts;
  for (const std::string& id : p.ExcerptCaseIds(e)) {
    const Case* c = p.FindCase(id);
    const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(id, attribute->id);
    parts.push_back(v == nullptr ? c->name : absl::StrCat(c->name, ", ", v->ToString()));
  }
  return parts.empty() ? "(unattributed)" : absl::StrCat("(", absl::StrJoin(parts, "; "), ")");
}

absl::StatusOr<std::string> ReportAttribute(const Project& project,
                                            const std::optional<std::string>& requested,
                                            absl::string_view preferred) {
  if (!requested.has_value()) {
    return project.FindAttributeByName(preferred) != nullptr ? std::string(preferred) : "";
  }
  if (requested->empty() || project.FindAttributeByName(*requested) != nullptr ||
      project.FindAttribute(*requested) != nullptr) {
    return *requested;
  }
  std::vector<std::string> names;
  for (const AttributeDefinition& a : project.attributes()) names.push_back(a.name);
  return absl::NotFoundError(absl::StrCat("no attribute \"", *requested, "\" (the project has: ",
                                          names.empty() ? "none" : absl::StrJoin(names, ", "), ")"));
}

namespace {

std::string PandocProgram() {
  const char* env = std::getenv("THEMATICA_PANDOC");
  return env != nullptr && *env != '\0' ? env : "pandoc";
}

absl::Status PandocMissing(const std::string& program) {
  return absl::FailedPreconditionError(absl::StrCat("Pandoc '", program,
                                                    "' not found: install pandoc (Debian: apt-get install pandoc) "
                                                    "or set THEMATICA_PANDOC"));
}

}  // namespace

absl::StatusOr<std::string> MarkdownToDocx(absl::string_view markdown, absl::string_view resource_folder) {
  const std::string program = PandocProgram();
  // Plain prose: "$5 and $6", "~10" or "@P13" in a quote stay text, not math,
  // subscripts or citations. Markdown in on standard input, the .docx out on
  // standard output: no shell, no temporary files.
  absl::StatusOr<internal::ProcessResult> run = internal::RunProcess(
      {program, "--from=markdown-smart-tex_math_dollars-raw_tex-subscript-superscript-citations", "--to=docx",
       "--resource-path", resource_folder.empty() ? std::string(".") : std::string(resource_folder), "-o", "-"},
      markdown);
  if (absl::IsNotFound(run.status())) return PandocMissing(program);
  if (!run.ok()) return run.status();
  if (run->exit_code != 0 || run->out.empty()) {
    return absl::InternalError(absl::StrCat("Pandoc failed (exit ", run->exit_code, "): ", run->err));
  }
  return std::move(run->out);
}

std::vector<std::string> ReportFiles() {
  return {"thematic_map.dot", "thematic_map.svg", "thematic_map.png", "thematic_map.pdf",
          "report.md",        "report.html",      "report.docx",      "codebook.md",
          "codebook.html",    "codebook.csv",     "codebook.docx"};
}

absl::Status WriteReport(const Project& p, absl::string_view folder, const ReportOptions& options,
                         const std::function<void(int, int)>& progress) {
  // Render and check the tools first: a missing Graphviz or Pandoc stops the
  // report before anything is written.
  const std::string dot = ThematicMapDot(p);
  THEMATICA_ASSIGN_OR_RETURN(std::string svg, RenderDot(dot, "svg"));
  THEMATICA_ASSIGN_OR_RETURN(std::string png, RenderDot(ThematicMapDot(p, {.dpi = 192}), "png"));
  THEMATICA_ASSIGN_OR_RETURN(std::string pdf, RenderDot(dot, "pdf"));
  {
    const std::string program = PandocProgram();
    absl::StatusOr<internal::ProcessResult> version = internal::RunProcess({program, "--version"}, "");
    if (absl::IsNotFound(version.status())) return PandocMissing(program);
    if (!version.ok()) return version.status();
  }
  std::error_code error;
  std::filesystem::create_directories(std::string(folder), error);
  if (error) return IoError(error.value(), "create folder", folder);
  ReportOptions html = options;
  html.format = ReportFormat::kHtml;
  html.map_svg = svg;
  ReportOptions markdown = options;
  markdown.format = ReportFormat::kMarkdown;
  markdown.map_image = "thematic_map.png";
  const std::string report_md = ThemeReport(p, markdown);
  const std::string folder_path(folder);
  const std::vector<std::pair<std::string, std::function<absl::StatusOr<std::string>()>>> files = {
      {"thematic_map.dot", [&] { return dot; }},
      {"thematic_map.svg", [&] { return ScalableSvg(svg); }},
      {"thematic_map.png", [&] { return png; }},
      {"thematic_map.pdf", [&] { return pdf; }},
      {"report.md", [&] { return report_md; }},
      {"report.html", [&] { return ThemeReport(p, html); }},
      {"report.docx", [&] { return MarkdownToDocx(report_md, folder_path); }},
      {"codebook.md", [&] { return CodebookDocument(p, ReportFormat::kMarkdown); }},
      {"codebook.html", [&] { return CodebookDocument(p, ReportFormat::kHtml); }},
      {"codebook.csv", [&] { return CodebookDocument(p, ReportFormat::kCsv); }},
      {"codebook.docx", [&] { return MarkdownToDocx(CodebookTable(p), folder_path); }},
  };
  for (size_t i = 0; i < files.size(); ++i) {
    THEMATICA_ASSIGN_OR_RETURN(std::string content, files[i].second());
    THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(absl::StrCat(folder, "/", files[i].first), content));
    if (progress) progress(static_cast<int>(i + 1), static_cast<int>(files.size()));
  }
  return absl::OkStatus();
}

}  // namespace thematica
