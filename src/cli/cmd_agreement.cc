// `thematica agreement FILE --coders A,B [--method nvivo|segment]
// [--codes X,Y] [--min_overlap 0.9] [--per_document] [--disagreements]
// [--csv] [--out FILE]`: agreement of two coders (or groups: A+C,B) per code.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/table.h"
#include "thematica/native_io.h"
#include "thematica/text_agreement.h"

ABSL_FLAG(std::string, coders, "", "agreement: two coders by name, A,B; a group is A+C");
ABSL_FLAG(std::string, method, "nvivo", "agreement: nvivo (characters) or segment (MAXQDA)");
ABSL_FLAG(std::string, codes, "", "agreement: codes to compare by name or path, comma-separated");
ABSL_FLAG(double, min_overlap, 0.9, "agreement: segment overlap needed to agree, in (0, 1]");
ABSL_FLAG(bool, per_document, false, "agreement: a row per code and document too");
ABSL_FLAG(bool, disagreements, false, "agreement: list where the two coders differ instead");

namespace thematica::cli {
namespace {

int RunAgreement(const std::vector<std::string>& args);

const Command kAgreement = {
    .name = "agreement",
    .usage = "agreement FILE --coders A,B [--method nvivo|segment] [--codes X,Y] [--per_document] "
             "[--disagreements] [--csv] [--out FILE]",
    .summary = "inter-coder agreement per code (NVivo character kappa, MAXQDA segments), or the "
               "disagreements to resolve",
    .run = RunAgreement};
const CommandRegistrar kRegisterAgreement(kAgreement);

absl::StatusOr<std::vector<std::string>> CoderIds(const Project& p, absl::string_view names) {
  std::vector<std::string> ids;
  for (absl::string_view name : absl::StrSplit(names, '+')) {
    const Coder* c = p.FindCoderByName(name);
    if (c == nullptr) return absl::NotFoundError(absl::StrCat("no coder named \"", name, "\""));
    ids.push_back(c->id);
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> CodeIds(const Project& p, const std::string& names) {
  std::vector<std::string> ids;
  if (names.empty()) return ids;
  for (absl::string_view name : absl::StrSplit(names, ',')) {
    const Code* found = p.codebook().FindByPath(absl::StrSplit(name, '/'));
    if (found == nullptr) {
      for (const Code& c : p.codebook().codes()) {
        if (c.name == name) found = &c;
      }
    }
    if (found == nullptr) return absl::NotFoundError(absl::StrCat("no code named \"", name, "\""));
    ids.push_back(found->id);
  }
  return ids;
}

std::string DocumentName(const Project& p, const std::string& id) {
  return id.empty() ? "(all documents)" : p.FindDocument(id)->name;
}

int RunAgreement(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage(kAgreement, "expected one FILE");
  const std::vector<std::string> sides = absl::StrSplit(absl::GetFlag(FLAGS_coders), ',');
  if (sides.size() != 2 || sides[0].empty() || sides[1].empty()) {
    return Usage(kAgreement, "--coders needs two coders, e.g. --coders Ana,Ben");
  }
  absl::StatusOr<Project> project = LoadProject(args[0]);
  if (!project.ok()) return Fail(project.status());
  const Project& p = *project;
  absl::StatusOr<std::vector<std::string>> a = CoderIds(p, sides[0]), b = CoderIds(p, sides[1]);
  if (!a.ok()) return Fail(a.status());
  if (!b.ok()) return Fail(b.status());
  absl::StatusOr<std::vector<std::string>> codes = CodeIds(p, absl::GetFlag(FLAGS_codes));
  if (!codes.ok()) return Fail(codes.status());
  const CoderSets coders{*a, *b};
  auto path = [&](const std::string& code) { return p.codebook().Path(code, "/"); };
  const bool per_document = absl::GetFlag(FLAGS_per_document);

  if (absl::GetFlag(FLAGS_disagreements)) {
    absl::StatusOr<std::vector<Disagreement>> rows = Disagreements(p, coders, *codes);
    if (!rows.ok()) return Fail(rows.status());
    Table t({"document", "start", "end", "text", sides[0], sides[1]});
    for (const Disagreement& d : *rows) {
      std::vector<std::string> ca, cb;
      for (const auto& c : d.codes_a) ca.push_back(path(c));
      for (const auto& c : d.codes_b) cb.push_back(path(c));
      t.AddRow({DocumentName(p, d.document_id), absl::StrCat(d.span.start), absl::StrCat(d.span.end),
                std::string(p.DocumentText(d.document_id, d.span).value()), absl::StrJoin(ca, "; "),
                absl::StrJoin(cb, "; ")});
    }
    if (absl::Status s = t.Emit(); !s.ok()) return Fail(s);
    return kExitOk;
  }
  const std::string method = absl::GetFlag(FLAGS_method);
  if (method == "nvivo") {
    absl::StatusOr<std::vector<CharacterAgreementRow>> rows = CharacterAgreement(p, coders, *codes);
    if (!rows.ok()) return Fail(rows.status());
    Table t({"code", "document", "both", "only_a", "only_b", "neither", "percent", "kappa"});
    for (const auto& r : *rows) {
      if (!per_document && !r.document_id.empty()) continue;
      t.AddRow({path(r.code_id), DocumentName(p, r.document_id), absl::StrCat(r.both), absl::StrCat(r.only_a),
                absl::StrCat(r.only_b), absl::StrCat(r.neither), Fixed(100 * r.percent, 2), Fixed(r.kappa)});
    }
    if (absl::Status s = t.Emit(); !s.ok()) return Fail(s);
    return kExitOk;
  }
  if (method == "segment") {
    absl::StatusOr<std::vector<SegmentAgreementRow>> rows =
        SegmentAgreement(p, coders, absl::GetFlag(FLAGS_min_overlap), *codes);
    if (!rows.ok()) return Fail(rows.status());
    Table t({"code", "document", "segments_a", "segments_b", "agreed_a", "agreed_b", "percent", "kappa"});
    for (const auto& r : *rows) {
      if (!per_document && !r.document_id.empty()) continue;
      t.AddRow({path(r.code_id), DocumentName(p, r.document_id), absl::StrCat(r.segments_a),
                absl::StrCat(r.segments_b), absl::StrCat(r.agreed_a), absl::StrCat(r.agreed_b),
                Fixed(100 * r.percent, 2), Fixed(r.kappa)});
    }
    if (absl::Status s = t.Emit(); !s.ok()) return Fail(s);
    return kExitOk;
  }
  return Usage(kAgreement, absl::StrCat("unknown --method ", method, " (nvivo or segment)"));
}

}  // namespace
}  // namespace thematica::cli
