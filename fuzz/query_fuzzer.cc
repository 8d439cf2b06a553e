// libFuzzer target for the coding-query parser and evaluator on a small fixed
// project (nested codes, themes, overlapping and touching codings, emoji and
// a combining mark). Beyond "no crash": every hit lies inside its document
// and a query gives the same answer twice.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "thematica/project.h"
#include "thematica/query.h"
#include "thematica/text.h"

namespace {

const thematica::Project& Fixture() {
  static const thematica::Project* project = [] {
    auto* p = new thematica::Project("fuzz");
    const std::string text = "Peer 🌉 workers speak up.\ne\xCC\x81 second line, near the bridge.\nThird.";
    const std::string doc = p->AddDocument({.name = "D", .text = text}).value();
    const std::string a = p->AddCode({.name = "Advocacy"}).value();
    const std::string b = p->AddCode({.name = "Voice", .parent_id = a}).value();
    const std::string c = p->AddCode({.name = "Trust"}).value();
    (void)p->AddExcerpt({.document_id = doc, .span = {0, 10}, .code_ids = {a}});
    (void)p->AddExcerpt({.document_id = doc, .span = {5, 20}, .code_ids = {b, c}});
    (void)p->AddExcerpt({.document_id = doc, .span = {20, 30}, .code_ids = {c}});
    (void)p->AddTheme({.name = "Bridge", .code_ids = {a, c}});
    return p;
  }();
  return *project;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string expression(reinterpret_cast<const char*>(data), size);
  const thematica::Project& p = Fixture();
  for (bool descendants : {false, true}) {
    thematica::QueryOptions options{.include_descendants = descendants};
    absl::StatusOr<std::vector<thematica::QueryHit>> hits = thematica::RunQuery(p, expression, options);
    if (!hits.ok()) continue;
    const int64_t length = thematica::CodePointCount(p.documents().front().text);
    for (const thematica::QueryHit& h : *hits) {
      if (h.span.start < 0 || h.span.start > h.span.end || h.span.end > length) std::abort();
    }
    absl::StatusOr<std::vector<thematica::QueryHit>> again = thematica::RunQuery(p, expression, options);
    if (!again.ok() || again->size() != hits->size()) std::abort();
  }
  return 0;
}
