// `thematica agreement FILE --coders A,B [--method nvivo|segment]
// [--codes X,Y] [--min-overlap 0.9] [--per-document] [--documents double-coded|all] [--disagreements]
// [--format text|csv|json] [--out FILE]`: agreement of two coders (or
// groups: A+C,B) per code, on a project in any format.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/suggest.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/text_agreement.h"

namespace thematica::cli {
namespace {

struct AgreementArgs {
  std::string file;
  std::string coders;
  std::string method = "nvivo";
  std::vector<std::string> codes;
  double min_overlap = 0.9;
  bool per_document = false;
  bool disagreements = false;
  std::string documents = "double-coded";
  OutputOptions output;
};

absl::StatusOr<std::vector<std::string>> CoderIds(const Project& p, absl::string_view names) {
  std::vector<std::string> ids;
  for (absl::string_view name : absl::StrSplit(names, '+')) {
    absl::StatusOr<const Coder*> c = FindCoder(p, std::string(name));
    if (!c.ok()) return c.status();
    ids.push_back((*c)->id);
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> CodeIds(const Project& p, const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const std::string& name : names) {
    absl::StatusOr<const Code*> c = FindCode(p, name);
    if (!c.ok()) return c.status();
    ids.push_back((*c)->id);
  }
  return ids;
}

std::string DocumentName(const Project& p, const std::string& id) {
  return id.empty() ? "(all documents)" : p.FindDocument(id)->name;
}

int RunAgreement(const AgreementArgs& args) {
  const std::vector<std::string> sides = absl::StrSplit(args.coders, ',');
  if (sides.size() != 2 || sides[0].empty() || sides[1].empty()) {
    return Usage("agreement", "--coders needs two coders, e.g. --coders Ana,Ben");
  }
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  const Project& p = in->project;
  absl::StatusOr<std::vector<std::string>> a = CoderIds(p, sides[0]), b = CoderIds(p, sides[1]);
  if (!a.ok()) return Fail(a.status());
  if (!b.ok()) return Fail(b.status());
  absl::StatusOr<std::vector<std::string>> codes = CodeIds(p, args.codes);
  if (!codes.ok()) return Fail(codes.status());
  const CoderSets coders{*a, *b};
  auto path = [&](const std::string& code) { return p.codebook().Path(code, "/"); };

  if (args.disagreements) {
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
    if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
    return kExitOk;
  }
  if (args.method == "nvivo") {
    const DocumentScope scope = ParseDocumentScope(args.documents).value();  // Checked by CLI11.
    absl::StatusOr<std::vector<CharacterAgreementRow>> rows = CharacterAgreement(p, coders, *codes, scope);
    if (!rows.ok()) return Fail(rows.status());
    Table t({"code", "document", "both", "only_a", "only_b", "neither", "percent", "kappa"});
    for (const auto& r : *rows) {
      if (!args.per_document && !r.document_id.empty()) continue;
      t.AddRow({path(r.code_id), DocumentName(p, r.document_id), absl::StrCat(r.both), absl::StrCat(r.only_a),
                absl::StrCat(r.only_b), absl::StrCat(r.neither), Fixed(100 * r.percent, 2), Fixed(r.kappa)});
    }
    if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
    return kExitOk;
  }
  absl::StatusOr<std::vector<SegmentAgreementRow>> rows = SegmentAgreement(p, coders, args.min_overlap, *codes);
  if (!rows.ok()) return Fail(rows.status());
  Table t({"code", "document", "segments_a", "segments_b", "agreed_a", "agreed_b", "percent", "kappa"});
  for (const auto& r : *rows) {
    if (!args.per_document && !r.document_id.empty()) continue;
    t.AddRow({path(r.code_id), DocumentName(p, r.document_id), absl::StrCat(r.segments_a),
              absl::StrCat(r.segments_b), absl::StrCat(r.agreed_a), absl::StrCat(r.agreed_b),
              Fixed(100 * r.percent, 2), Fixed(r.kappa)});
  }
  if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

const CommandRegistrar kAgreement({
    .name = "agreement",
    .summary = "inter-coder agreement per code (NVivo character kappa, MAXQDA segments), or the "
               "disagreements to resolve",
    .example = "thematica agreement study.thematica --coders Ana,Ben --method segment --per-document\n"
               "  thematica agreement study.thematica --coders Ana+Cy,Ben --disagreements --format csv --out todo.csv",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<AgreementArgs>();
      app.add_option("FILE", args->file, "a project file (any format)")->required();
      app.add_option("--coders", args->coders, "the two sides by coder name, A,B; a group is A+C")->required();
      app.add_option("--method", args->method, "nvivo (characters, Cohen's kappa) or segment (MAXQDA)")
          ->check(CLI::IsMember({"nvivo", "segment"}));
      app.add_option("--codes", args->codes, "only these codes, by name or path, comma-separated")->delimiter(',')->allow_extra_args(false);
      app.add_option("--min-overlap,--min_overlap", args->min_overlap,
                     "segment: the overlap two segments need to agree, in (0, 1]");
      app.add_flag("--per-document,--per_document", args->per_document, "a row per code and document too");
      app.add_option("--documents", args->documents,
                     "nvivo: which documents the pooled rows cover: double-coded (both sides coded "
                     "them; the default) or all")
          ->check(CLI::IsMember({"double-coded", "all"}));
      app.add_flag("--disagreements", args->disagreements, "list where the two sides differ instead");
      AddOutputFlags(app, args->output);
      return [args] { return RunAgreement(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
