// AI-assisted coding on the command line:
//   thematica suggest STUDY --code X --method learned   (runs Python: the methods are Python)
//   thematica runs STUDY                                 (C++)
//   thematica accept STUDY RUN --min-score 0.8           (C++)
//   thematica validate-run STUDY RUN --coder Ana         (runs Python)
// `suggest` and `validate-run` run `python3 -m thematica.ai …` as a child
// process, without a shell; THEMATICA_PYTHON names another interpreter.
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "internal/lookup.h"
#include "thematica/ai.h"
#include "thematica/native_io.h"
#include "thematica/project.h"

extern char** environ;

namespace thematica::cli {
namespace {

// Runs THEMATICA_PYTHON (default python3) -m thematica.ai ARGS…; returns its exit code.
int RunPython(const std::vector<std::string>& args) {
  const char* python = std::getenv("THEMATICA_PYTHON");
  std::vector<std::string> argv = {python != nullptr && *python ? python : "python3", "-m",
                                   "thematica.ai"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = 0;
  if (int err = posix_spawnp(&pid, raw[0], nullptr, nullptr, raw.data(), environ); err != 0) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("cannot run ", argv[0], " (set THEMATICA_PYTHON to a Python with thematica): ",
                     std::strerror(err))));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Fail(absl::InternalError("waitpid failed"));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return kExitFailure;
}

// The run named by an id or a unique prefix of one.
absl::StatusOr<const SuggestionRun*> FindRun(const Project& p, const std::string& key) {
  const SuggestionRun* found = nullptr;
  for (const SuggestionRun& r : p.suggestion_runs()) {
    if (r.id == key) return &r;
    if (absl::StartsWith(r.id, key)) {
      if (found != nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("\"", key, "\" names several runs; give more of the id"));
      }
      found = &r;
    }
  }
  if (found == nullptr) return internal::NotFound("suggestion run", key);
  return found;
}

int RunRuns(const std::string& file) {
  absl::StatusOr<Project> p = LoadProject(file);
  if (!p.ok()) return Fail(p.status());
  std::cout << "id\tmethod\tunit\tsuggestions\tpending\taccepted\trejected\tcreated\tmodel\n";
  for (const SuggestionRun& r : p->suggestion_runs()) {
    int counts[3] = {0, 0, 0};
    for (const Suggestion& s : r.suggestions) ++counts[static_cast<int>(s.status)];
    std::cout << r.id << "\t" << r.method << "\t" << r.unit << "\t" << r.suggestions.size() << "\t"
              << counts[0] << "\t" << counts[1] << "\t" << counts[2] << "\t"
              << absl::FormatTime(absl::RFC3339_sec, r.created, absl::UTCTimeZone()) << "\t"
              << r.model << "\n";
  }
  return kExitOk;
}

struct AcceptArgs {
  std::string file, run, coder;
  double min_score = 0;
};

int RunAccept(const AcceptArgs& args) {
  absl::StatusOr<Project> p = LoadProject(args.file);
  if (!p.ok()) return Fail(p.status());
  absl::StatusOr<const SuggestionRun*> run = FindRun(*p, args.run);
  if (!run.ok()) return Fail(run.status());
  std::string coder_id;
  if (!args.coder.empty()) {
    const Coder* c = p->FindCoderByName(args.coder);
    if (c == nullptr) c = p->FindCoder(args.coder);
    if (c == nullptr) return Fail(absl::NotFoundError(absl::StrCat("coder \"", args.coder, "\" not found")));
    coder_id = c->id;
  }
  const std::string run_id = (*run)->id;
  std::vector<std::string> chosen;
  for (const Suggestion& s : (*run)->suggestions) {
    if (s.status == SuggestionStatus::kPending && s.score >= args.min_score) chosen.push_back(s.id);
  }
  for (const std::string& id : chosen) {
    absl::StatusOr<std::string> e = p->AcceptSuggestion(run_id, id, std::nullopt, coder_id);
    if (!e.ok()) return Fail(e.status());  // Nothing saved: the file is unchanged.
  }
  if (absl::Status s = SaveProject(*p, args.file); !s.ok()) return Fail(s);
  std::cout << "accepted " << chosen.size() << " suggestions of run " << run_id << "\n";
  return kExitOk;
}

struct SuggestArgs {
  std::string file, method = "learned", unit = "sentence", coder;
  std::vector<std::string> codes, documents, options;
  uint64_t seed = 0;
};

int RunSuggest(const SuggestArgs& a) {
  if (absl::Status s = CheckAiEnabled(); !s.ok()) return Fail(s);
  std::vector<std::string> args = {"suggest", a.file, "--method", a.method, "--unit", a.unit,
                                   "--seed", std::to_string(a.seed)};
  for (const std::string& c : a.codes) args.insert(args.end(), {"--code", c});
  for (const std::string& d : a.documents) args.insert(args.end(), {"--document", d});
  for (const std::string& o : a.options) args.insert(args.end(), {"--option", o});
  if (!a.coder.empty()) args.insert(args.end(), {"--coder", a.coder});
  return RunPython(args);
}

const CommandRegistrar kSuggest({
    .name = "suggest",
    .summary = "propose codings with an AI method (learned, embedding, llm) and save them as a run",
    .example = "thematica suggest study.thematica --code Advocacy --method learned --unit sentence\n"
               "thematica suggest study.thematica --code Trust --method llm "
               "--option endpoint=http://127.0.0.1:11434/v1 --option model=llama3",
    .setup = [](CLI::App& app) -> Runner {
      auto a = std::make_shared<SuggestArgs>();
      app.add_option("STUDY", a->file, "a .thematica or .json project (saved with the new run)")->required();
      app.add_option("--code", a->codes, "a code to suggest (repeat for several)")->required();
      app.add_option("--method", a->method, "learned (default), embedding or llm");
      app.add_option("--unit", a->unit, "sentence (default), paragraph or turn");
      app.add_option("--seed", a->seed, "random seed (default 0)");
      app.add_option("--document", a->documents, "only these documents (repeatable)");
      app.add_option("--option", a->options, "a method option KEY=VALUE (repeatable)");
      app.add_option("--coder", a->coder, "who starts the run");
      return [a] { return RunSuggest(*a); };
    }});

const CommandRegistrar kRuns({
    .name = "runs",
    .summary = "list a project's suggestion runs (AI-assisted coding)",
    .example = "thematica runs study.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto file = std::make_shared<std::string>();
      app.add_option("STUDY", *file, "a .thematica or .json project")->required();
      return [file] { return RunRuns(*file); };
    }});

const CommandRegistrar kAccept({
    .name = "accept",
    .summary = "accept a run's pending suggestions (at least --min-score) as excerpts",
    .example = "thematica accept study.thematica 1f2e3d4c --min-score 0.8 --coder Ana",
    .setup = [](CLI::App& app) -> Runner {
      auto a = std::make_shared<AcceptArgs>();
      app.add_option("STUDY", a->file, "a .thematica or .json project (saved)")->required();
      app.add_option("RUN", a->run, "the run's id or a unique prefix of it")->required();
      app.add_option("--min-score", a->min_score, "accept only suggestions scoring at least this");
      app.add_option("--coder", a->coder, "the person accepting (name or id)");
      return [a] { return RunAccept(*a); };
    }});

const CommandRegistrar kValidateRun({
    .name = "validate-run",
    .summary = "a validation report of a suggestion run against a coder (Markdown or HTML)",
    .example = "thematica validate-run study.thematica 1f2e3d4c --coder Ana > validation.md",
    .setup = [](CLI::App& app) -> Runner {
      auto file = std::make_shared<std::string>();
      auto run = std::make_shared<std::string>();
      auto coders = std::make_shared<std::vector<std::string>>();
      auto format = std::make_shared<std::string>("markdown");
      app.add_option("STUDY", *file, "a .thematica or .json project")->required();
      app.add_option("RUN", *run, "the run's id or a unique prefix of it")->required();
      app.add_option("--coder", *coders, "the person (repeat for a consensus)")->required();
      app.add_option("--format", *format, "markdown (default) or html");
      return [=] {
        absl::StatusOr<Project> p = LoadProject(*file);
        if (!p.ok()) return Fail(p.status());
        absl::StatusOr<const SuggestionRun*> r = FindRun(*p, *run);
        if (!r.ok()) return Fail(r.status());
        std::vector<std::string> args = {"validate-run", *file, (*r)->id, "--format", *format};
        for (const std::string& c : *coders) args.insert(args.end(), {"--coder", c});
        return RunPython(args);
      };
    }});

}  // namespace
}  // namespace thematica::cli
