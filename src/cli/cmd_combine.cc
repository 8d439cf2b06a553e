// `thematica combine ORIGINAL COPY... -o OUT [--report CSV]`: brings the
// coders' working copies back into one project (team.h).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "thematica/project_file.h"
#include "thematica/team.h"

namespace thematica::cli {
namespace {

struct CombineArgs {
  std::string original, out;
  std::vector<std::string> copies;
};

int RunCombine(const CombineArgs& args) {
  absl::StatusOr<ImportResult> original = ReadProjectFile(args.original);
  if (!original.ok()) return Fail(original.status());
  std::vector<Project> copies;
  copies.reserve(args.copies.size());
  for (const std::string& path : args.copies) {
    absl::StatusOr<ImportResult> copy = ReadProjectFile(path);
    if (!copy.ok()) return Fail(copy.status());
    copies.push_back(std::move(copy->project));
  }
  std::vector<const Project*> pointers;
  for (const Project& p : copies) pointers.push_back(&p);
  CombineReport report;
  absl::StatusOr<Project> combined = Combine(original->project, pointers, &report);
  if (!combined.ok()) return Fail(combined.status());
  if (absl::Status s = WriteProjectFile(*combined, args.out); !s.ok()) return Fail(s);
  for (const CombineMatch& m : report.matches) {
    if (m.kind == ObjectKind::kExcerpt) continue;
    if (m.matched_by == "id") continue;
    std::cout << args.copies[static_cast<size_t>(m.copy)] << ": " << ObjectKindName(m.kind) << " \""
              << m.name << "\" " << (m.matched_by == "added" ? "added" : absl::StrCat("matched by ", m.matched_by))
              << "\n";
  }
  for (const std::string& p : report.problems) std::cerr << "warning: " << p << "\n";
  std::cout << "wrote " << args.out << ": " << report.Summary() << "\n";
  return kExitOk;
}

const CommandRegistrar kCombine({
    .name = "combine",
    .summary = "combine coders' working copies (from copy-for, or independent projects) into one "
               "project, matched by id, code path and document text",
    .example = "thematica combine study.thematica ana.thematica ben.thematica -o combined.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<CombineArgs>();
      app.add_option("ORIGINAL", args->original, "the project the copies were made from")->required();
      app.add_option("COPY", args->copies, "the coders' copies")->required();
      app.add_option("-o,--output", args->out, "the combined project to write")->required();
      return [args] { return RunCombine(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
