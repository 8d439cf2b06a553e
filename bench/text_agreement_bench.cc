// Per-code character-level agreement (NVivo's percent and kappa) between two
// coders of a generated project with 1,000,000 codings, against a direct
// per-character baseline (a coded/not-coded flag per character, code and
// coder, as a spreadsheet or a naive script computes it) measured in the
// same run; both must give the same tables.
//
//   build/dev/bench/text_agreement_bench [--documents=N] [--excerpts=N]
#include <cstdio>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "generate.h"
#include "thematica/text_agreement.h"

namespace {

struct Counts {
  int64_t both = 0, only_a = 0, only_b = 0;
};

// The baseline: flags per character for each side, per document and code.
std::vector<Counts> Baseline(const thematica::Project& p, const std::string& a, const std::string& b,
                             const std::vector<std::string>& codes) {
  absl::flat_hash_map<std::string, size_t> code_index;
  for (size_t i = 0; i < codes.size(); ++i) code_index[codes[i]] = i;
  absl::flat_hash_map<std::string, std::vector<const thematica::Excerpt*>> by_document;
  for (const thematica::Excerpt& e : p.excerpts()) by_document[e.document_id].push_back(&e);
  std::vector<Counts> out(codes.size());
  for (const thematica::Document& d : p.documents()) {
    const int64_t length = p.DocumentIndex(d.id)->length();
    for (size_t c = 0; c < codes.size(); ++c) {
      std::vector<char> fa(length, 0), fb(length, 0);
      bool any = false;
      for (const thematica::Excerpt* e : by_document[d.id]) {
        if (e->coder_id != a && e->coder_id != b) continue;
        bool has = false;
        for (const std::string& id : e->code_ids) has |= id == codes[c];
        if (!has) continue;
        any = true;
        std::vector<char>& f = e->coder_id == a ? fa : fb;
        for (int64_t i = e->span.start; i < e->span.end; ++i) f[i] = 1;
      }
      if (!any) continue;
      for (int64_t i = 0; i < length; ++i) {
        out[c].both += fa[i] & fb[i];
        out[c].only_a += fa[i] & !fb[i];
        out[c].only_b += !fa[i] & fb[i];
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  std::printf("text_agreement_bench: %d documents, %d codings, 4 coders; coder 0 against coder 1\n",
              options.documents, options.excerpts);
  const thematica::Project p = thematica::bench::Generate(options);
  const std::string a = p.coders()[0].id, b = p.coders()[1].id;
  double t = thematica::bench::Now();
  absl::StatusOr<std::vector<thematica::CharacterAgreementRow>> rows =
      thematica::CharacterAgreement(p, {{a}, {b}});
  const double ours = thematica::bench::Now() - t;
  if (!rows.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rows.status().message()).c_str());
    return 1;
  }
  std::vector<std::string> codes;
  std::vector<const thematica::CharacterAgreementRow*> pooled;
  for (const auto& r : *rows) {
    if (r.document_id.empty()) {
      codes.push_back(r.code_id);
      pooled.push_back(&r);
    }
  }
  t = thematica::bench::Now();
  const std::vector<Counts> baseline = Baseline(p, a, b, codes);
  const double theirs = thematica::bench::Now() - t;
  for (size_t c = 0; c < codes.size(); ++c) {
    if (baseline[c].both != pooled[c]->both || baseline[c].only_a != pooled[c]->only_a ||
        baseline[c].only_b != pooled[c]->only_b) {
      std::fprintf(stderr, "code %zu: tables differ\n", c);
      return 1;
    }
  }
  std::printf("per-code kappa for %zu codes (%zu rows)\n", codes.size(), rows->size());
  std::printf("  thematica        %8.3f s\n  per-character    %8.3f s\n  ratio            %8.1f×\n", ours,
              theirs, theirs / ours);
  std::printf("  e.g. %s: percent %.4f, kappa %.4f\n", p.FindCode(codes[0])->name.c_str(),
              pooled[0]->percent, pooled[0]->kappa);
  return 0;
}
