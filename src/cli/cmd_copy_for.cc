// `thematica copy-for STUDY --coder NAME [--documents ID_OR_NAME...] [--not-blind] -o OUT`:
// a coder's working copy for blind parallel coding (team.h).
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

struct CopyForArgs {
  std::string study, coder, out;
  std::vector<std::string> documents;
  bool not_blind = false;
};

int RunCopyFor(const CopyForArgs& args) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.study);
  if (!in.ok()) return Fail(in.status());
  const Project& study = in->project;
  CopyOptions options{.blind = !args.not_blind};
  for (const std::string& d : args.documents) {
    const Document* doc = study.FindDocument(d);
    if (doc == nullptr) doc = study.FindDocumentByName(d);
    if (doc == nullptr) {
      return Fail(absl::NotFoundError(absl::StrCat("no document with id or name \"", d, "\" in ",
                                                   args.study)));
    }
    options.document_ids.push_back(doc->id);
  }
  absl::StatusOr<Project> copy = CopyFor(study, args.coder, options);
  if (!copy.ok()) return Fail(copy.status());
  if (absl::Status s = WriteProjectFile(*copy, args.out); !s.ok()) return Fail(s);
  std::cout << "wrote " << args.out << ": " << copy->documents().size() << " documents, "
            << copy->codebook().size() << " codes, " << copy->excerpts().size()
            << " excerpts, for " << args.coder << (options.blind ? " (blind)" : "") << "\n";
  return kExitOk;
}

const CommandRegistrar kCopyFor({
    .name = "copy-for",
    .summary = "a coder's working copy for blind parallel coding: codebook and documents, "
               "ids kept, no other coder's codings",
    .example = "thematica copy-for study.thematica --coder Ana -o ana.thematica\n"
               "  thematica copy-for study.thematica --coder Ben --documents \"P4 interview\" -o ben.json",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<CopyForArgs>();
      app.add_option("STUDY", args->study, "the project to copy (any project format)")->required();
      app.add_option("--coder", args->coder, "the coder's name or id (a new name adds the coder)")
          ->required();
      app.add_option("--documents", args->documents, "documents to code (ids or names; default all)");
      app.add_flag("--not-blind", args->not_blind, "keep the other coders' codings in the copy");
      app.add_option("-o,--output", args->out, "the copy to write (.thematica or .json)")->required();
      return [args] { return RunCopyFor(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
