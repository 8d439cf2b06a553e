// The example study with the C++ API: the twin of peer_support.py. Builds the
// peer-support study from study.json, prints the themes with attributed
// quotes and the codes × role table, and writes the same project files, byte
// for byte, as the Python twin.
//
//   peer_support_example [--study=examples/peer_support/study.json]
//                        [--out=out/peer_support]
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "peer_support/study.pb.h"
#include "thematica/analysis.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/status_macros.h"

namespace {

using thematica::Project;
using Study = thematica::examples::Study;

constexpr char kSeparator[] = "\n\n";
constexpr char kUnattributed[] = "Unattributed quotes";

absl::Status AddCodes(Project& p, const google::protobuf::RepeatedPtrField<Study::CodeSpec>& codes,
                      const std::string& parent) {
  for (const Study::CodeSpec& c : codes) {
    THEMATICA_ASSIGN_OR_RETURN(std::string id,
                               p.AddCode({.name = c.name(),
                                          .parent_id = parent,
                                          .description = c.description(),
                                          .inclusion = c.inclusion(),
                                          .exclusion = c.exclusion(),
                                          .example = c.example(),
                                          .color = c.color(),
                                          .codable = c.codable()}));
    THEMATICA_RETURN_IF_ERROR(AddCodes(p, c.children(), id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CodeIdByName(const Project& p, const std::string& name) {
  for (const thematica::Code& c : p.codebook().codes()) {
    if (c.name == name) return c.id;
  }
  return absl::NotFoundError(absl::StrCat("no code named \"", name, "\""));
}

absl::StatusOr<std::string> ThemeIdByName(const Project& p, const std::string& name) {
  for (const thematica::Theme& t : p.themes()) {
    if (t.name == name) return t.id;
  }
  return absl::NotFoundError(absl::StrCat("no theme named \"", name, "\""));
}

absl::Status AddThemes(Project& p, const google::protobuf::RepeatedPtrField<Study::ThemeSpec>& themes,
                       const std::string& parent) {
  for (const Study::ThemeSpec& t : themes) {
    std::vector<std::string> codes;
    for (const std::string& name : t.codes()) {
      THEMATICA_ASSIGN_OR_RETURN(std::string id, CodeIdByName(p, name));
      codes.push_back(id);
    }
    THEMATICA_ASSIGN_OR_RETURN(std::string id, p.AddTheme({.name = t.name(),
                                                           .description = t.description(),
                                                           .parent_id = parent,
                                                           .code_ids = codes,
                                                           .color = t.color()}));
    THEMATICA_RETURN_IF_ERROR(AddThemes(p, t.children(), id));
  }
  return absl::OkStatus();
}

// Same objects, same order, same values as peer_support.py's build().
absl::StatusOr<Project> Build(const Study& study) {
  absl::Time when;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, study.date(), &when, &error)) {
    return absl::InvalidArgumentError(absl::StrCat("study date: ", error));
  }
  Project p(thematica::ProjectOptions{.title = study.title(),
                                      .description = study.description(),
                                      .id_seed = study.seed(),
                                      .fixed_clock = when});
  std::string coder;
  for (const std::string& name : study.coders()) {
    THEMATICA_ASSIGN_OR_RETURN(coder, p.AddCoder({.name = name}));
  }
  for (const Study::Attribute& a : study.attributes()) {
    THEMATICA_ASSIGN_OR_RETURN(thematica::AttributeType type, thematica::ParseAttributeType(a.type()));
    THEMATICA_RETURN_IF_ERROR(
        p.AddAttribute({.name = a.name(), .type = type, .description = a.description()}).status());
  }
  const std::string role = p.FindAttributeByName("role")->id;
  for (const Study::Participant& person : study.participants()) {
    THEMATICA_RETURN_IF_ERROR(
        p.AddCase({.name = person.name(),
                   .attributes = {{role, thematica::AttributeValue(person.role())}}})
            .status());
  }
  THEMATICA_RETURN_IF_ERROR(AddCodes(p, study.codebook(), ""));

  std::map<std::string, std::vector<const Study::Quote*>> by_speaker;
  for (const Study::Quote& q : study.quotes()) {
    by_speaker[q.participant().empty() ? kUnattributed : q.participant()].push_back(&q);
  }
  std::vector<std::string> speakers;
  for (const Study::Participant& person : study.participants()) speakers.push_back(person.name());
  if (by_speaker.contains(kUnattributed)) speakers.push_back(kUnattributed);
  for (const std::string& speaker : speakers) {
    std::vector<std::string> texts;
    for (const Study::Quote* q : by_speaker[speaker]) texts.push_back(q->text());
    std::string case_id;
    if (speaker != kUnattributed) case_id = p.FindCaseByName(speaker)->id;
    THEMATICA_ASSIGN_OR_RETURN(std::string doc,
                               p.AddDocument({.name = speaker,
                                              .text = absl::StrJoin(texts, kSeparator),
                                              .case_id = case_id}));
    int64_t start = 0;
    for (const Study::Quote* q : by_speaker[speaker]) {
      const int64_t end = start + thematica::CodePointCount(q->text());
      std::vector<std::string> codes;
      for (const std::string& name : q->codes()) {
        THEMATICA_ASSIGN_OR_RETURN(std::string id, CodeIdByName(p, name));
        codes.push_back(id);
      }
      THEMATICA_RETURN_IF_ERROR(p.AddExcerpt({.document_id = doc,
                                              .span = {start, end},
                                              .code_ids = codes,
                                              .coder_id = coder})
                                    .status());
      start = end + 2;  // The blank line between quotes.
    }
  }
  THEMATICA_RETURN_IF_ERROR(AddThemes(p, study.themes(), ""));
  for (const Study::RelationSpec& r : study.relations()) {
    THEMATICA_ASSIGN_OR_RETURN(std::string source, ThemeIdByName(p, r.source()));
    THEMATICA_ASSIGN_OR_RETURN(std::string target, ThemeIdByName(p, r.target()));
    THEMATICA_RETURN_IF_ERROR(
        p.AddRelation({.source_id = source, .target_id = target, .label = r.label()}).status());
  }
  for (const Study::MemoSpec& m : study.memos()) {
    THEMATICA_RETURN_IF_ERROR(p.AddMemo({.title = m.title(),
                                         .text = m.text(),
                                         .target_id = p.FindCaseByName(m.target())->id})
                                  .status());
  }
  return p;
}

std::string Attribution(const Project& p, const thematica::Excerpt& e) {
  const std::vector<std::string> cases = p.ExcerptCaseIds(e);
  if (cases.empty()) return "(unattributed)";
  const std::string role = p.FindAttributeByName("role")->id;
  std::vector<std::string> parts;
  for (const std::string& id : cases) {
    const thematica::AttributeValue* value = p.CaseAttribute(id, role);
    parts.push_back(absl::StrCat(p.FindCase(id)->name, ", ", value ? value->ToString() : "?"));
  }
  return absl::StrCat("(", absl::StrJoin(parts, "; "), ")");
}

void PrintThemes(const Project& p, const std::string& parent, int depth) {
  for (const std::string& id : p.ThemeChildren(parent)) {
    const thematica::Theme& theme = *p.FindTheme(id);
    std::cout << "\n" << std::string(depth + 2, '#') << " " << theme.name << "\n"
              << theme.description << "\n";
    const absl::flat_hash_set<std::string> codes(theme.code_ids.begin(), theme.code_ids.end());
    for (const thematica::Excerpt& e : p.excerpts()) {
      for (const std::string& c : e.code_ids) {
        if (codes.contains(c)) {
          std::cout << "  \u201C" << p.ExcerptText(e) << "\u201D " << Attribution(p, e) << "\n";
          break;
        }
      }
    }
    PrintThemes(p, id, depth + 1);
  }
}

// Distinct participants of each role coded with each codable code: the
// codes × role crosstab, counting cases.
int PrintCodeRoleTable(const Project& p) {
  thematica::Analysis analysis(p);
  absl::StatusOr<thematica::Crosstab> table =
      analysis.CrossTab(p.FindAttributeByName("role")->id, thematica::Unit::kCases);
  if (!table.ok()) {
    std::cerr << table.status().message() << "\n";
    return 1;
  }
  std::vector<std::string> heads;
  for (size_t j = 0; j < table->columns.size(); ++j) {
    heads.push_back(absl::StrCat(table->columns[j], " (n=", table->column_totals[j], ")"));
  }
  size_t width = 4;
  for (const thematica::Code& c : p.codebook().codes()) {
    if (c.codable) {
      width = std::max(width, static_cast<size_t>(thematica::CodePointCount(p.codebook().Path(c.id, "/"))));
    }
  }
  std::cout << "\n" << absl::StrFormat("%-*s  ", width, "code") << absl::StrJoin(heads, "  ") << "\n";
  for (size_t i = 0; i < table->code_ids.size(); ++i) {
    if (!p.FindCode(table->code_ids[i])->codable) continue;
    std::cout << absl::StrFormat("%-*s  ", width, p.codebook().Path(table->code_ids[i], "/"));
    for (size_t j = 0; j < heads.size(); ++j) {
      std::cout << (j ? "  " : "") << absl::StrFormat("%*d", heads[j].size(), table->at(i, j));
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string study_path = "examples/peer_support/study.json";
  std::string out = "out/peer_support";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--study=")) study_path = arg.substr(8);
    else if (absl::StartsWith(arg, "--out=")) out = arg.substr(6);
    else {
      std::cerr << "usage: peer_support_example [--study=FILE] [--out=DIR]\n";
      return 2;
    }
  }
  std::ifstream in(study_path, std::ios::binary);
  if (!in) {
    std::cerr << study_path << ": cannot be read\n";
    return 1;
  }
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Study study;
  google::protobuf::util::JsonParseOptions options;
  if (auto s = google::protobuf::util::JsonStringToMessage(json, &study, options); !s.ok()) {
    std::cerr << study_path << ": " << s.message() << "\n";
    return 1;
  }
  absl::StatusOr<Project> project = Build(study);
  if (!project.ok()) {
    std::cerr << project.status().message() << "\n";
    return 1;
  }
  const Project& p = *project;
  std::cout << "# " << p.title() << "\n"
            << p.cases().size() << " participants, " << p.documents().size() << " documents, "
            << p.codebook().size() << " codes, " << p.excerpts().size() << " coded quotes, "
            << p.themes().size() << " themes, " << p.relations().size() << " relations\n";
  PrintThemes(p, "", 0);
  std::cout << "\n## Participants coded per code, by role\n";
  if (PrintCodeRoleTable(p) != 0) return 1;
  std::filesystem::create_directories(out);
  for (const char* name : {"peer_support.thematica", "peer_support.json"}) {
    const std::string path = absl::StrCat(out, "/", name);
    if (absl::Status s = thematica::SaveProject(p, path); !s.ok()) {
      std::cerr << s.message() << "\n";
      return 1;
    }
  }
  std::cout << "\nwrote " << out << "/peer_support.thematica and " << out << "/peer_support.json\n";
  return 0;
}
