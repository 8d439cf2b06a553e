#include "generate.h"

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "internal/project_loader.h"

namespace thematica::bench {

Project Generate(const Options& o) {
  static const char* kWords[] = {
      "peer", "support", "worker", "hospital", "trust", "bridge", "care", "nurse",
      "discharge", "community", "experience", "boundaries", "training", "voice",
      "caf\xC3\xA9", "na\xC3\xAFve", "stability", "housing", "listen", "system"};
  static const char* kRoles[] = {"patient", "HCP", "peer worker", "employer"};
  std::mt19937_64 rng(o.seed);
  Project p(thematica::ProjectOptions{.title = "generated",
                                      .id_seed = o.seed,
                                      .fixed_clock = absl::FromUnixSeconds(1700000000)});
  // Generated content, not edits: no change log (history_bench measures it).
  p.SetHistoryEnabled(false);
  p.Reserve(o.documents, o.excerpts);
  std::vector<std::string> coders, codes, docs;
  for (int i = 0; i < o.coders; ++i) coders.push_back(p.AddCoder({.name = absl::StrCat("coder ", i)}).value());
  const std::string role = p.AddAttribute({.name = "role"}).value();
  for (int i = 0; i < o.root_codes; ++i) {
    const std::string parent = p.AddCode({.name = absl::StrCat("theme ", i)}).value();
    codes.push_back(parent);
    for (int j = 0; j < o.children_per_root; ++j) {
      codes.push_back(p.AddCode({.name = absl::StrCat("code ", i, ".", j), .parent_id = parent}).value());
    }
  }
  std::vector<int64_t> lengths;
  for (int d = 0; d < o.documents; ++d) {
    const std::string c = p.AddCase({.name = absl::StrCat("P", d),
                                     .attributes = {{role, AttributeValue(kRoles[d % 4])}}})
                              .value();
    std::string text;
    text.reserve(o.document_bytes + 100);
    while (static_cast<int>(text.size()) < o.document_bytes) {
      absl::StrAppend(&text, kWords[rng() % 20], (rng() % 12 == 0) ? ".\n" : " ");
    }
    lengths.push_back(CodePointCount(text));
    docs.push_back(p.AddDocument({.name = absl::StrCat("doc ", d), .text = std::move(text), .case_id = c}).value());
  }
  for (int e = 0; e < o.excerpts; ++e) {
    const size_t d = rng() % docs.size();
    const int64_t room = std::max<int64_t>(lengths[d] - 200, 1);
    const int64_t start = static_cast<int64_t>(rng() % room);
    const int64_t end = std::min<int64_t>(start + 20 + static_cast<int64_t>(rng() % 180), lengths[d]);
    std::vector<std::string> ids = {codes[rng() % codes.size()]};
    if (rng() % 3 == 0) {
      const std::string& second = codes[rng() % codes.size()];
      if (second != ids[0]) ids.push_back(second);
    }
    (void)p.AddExcerpt({.document_id = docs[d], .span = {start, end}, .code_ids = std::move(ids),
                        .coder_id = coders[rng() % coders.size()]})
        .value();
  }
  thematica::internal::ProjectAccess::SetHistory(p, {}, {});  // A fresh log, switched on.
  return p;
}

Options OptionsFromArgs(int argc, char** argv) {
  Options options{.documents = 100000, .excerpts = 1000000};
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (absl::StartsWith(arg, "--documents=")) (void)absl::SimpleAtoi(arg.substr(12), &options.documents);
    if (absl::StartsWith(arg, "--excerpts=")) (void)absl::SimpleAtoi(arg.substr(11), &options.excerpts);
  }
  return options;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace thematica::bench
