#include "thematica/diff.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "team/fields.h"
#include "thematica/text.h"

namespace thematica {
namespace {

using team::FieldSpec;
using team::KindSpec;

template <typename T>
std::string Display(const FieldSpec<T>& f, const Project& p, const T& item) {
  return f.display ? f.display(p, item) : f.show(item);
}

// `name_of()` is called only when a field differs (most objects are unchanged).
template <typename T, typename N>
void DiffFields(const KindSpec<T>& spec, const Project& a, const T& x, const Project& b, const T& y,
                const std::string& id, N name_of, std::vector<DiffChange>& out) {
  std::string name;
  for (const FieldSpec<T>& f : spec.fields) {
    if (f.equal(x, y)) continue;
    if (name.empty()) name = name_of();
    out.push_back({spec.kind, id, name, f.change, f.name, Display(f, a, x), Display(f, b, y)});
  }
}

template <typename T>
void DiffKind(const KindSpec<T>& spec, const Project& a, const Project& b, std::vector<DiffChange>& out) {
  for (const T& y : spec.items(b)) {
    const T* x = spec.find(a, y.id);
    if (x == nullptr) {
      out.push_back({spec.kind, y.id, spec.name(b, y), DiffChangeType::kAdded, "", "", ""});
    } else {
      DiffFields(spec, a, *x, b, y, y.id, [&] { return spec.name(b, y); }, out);
    }
  }
  for (const T& x : spec.items(a)) {
    if (spec.find(b, x.id) == nullptr) {
      out.push_back({spec.kind, x.id, spec.name(a, x), DiffChangeType::kRemoved, "", "", ""});
    }
  }
}

std::string AttributeName(const Project& a, const Project& b, const std::string& id) {
  if (const AttributeDefinition* d = b.FindAttribute(id)) return d->name;
  if (const AttributeDefinition* d = a.FindAttribute(id)) return d->name;
  return id;
}

void DiffCaseValues(const Project& a, const Project& b, std::vector<DiffChange>& out) {
  for (const Case& y : b.cases()) {
    const Case* x = a.FindCase(y.id);
    if (x == nullptr || x->attributes == y.attributes) continue;
    auto row = [&](const std::string& attribute, const AttributeValue* before, const AttributeValue* after) {
      out.push_back({ObjectKind::kCase, y.id, y.name, DiffChangeType::kChanged,
                     absl::StrCat("attribute:", AttributeName(a, b, attribute)),
                     before == nullptr ? "" : before->ToString(), after == nullptr ? "" : after->ToString()});
    };
    for (const auto& [attribute, value] : y.attributes) {
      auto it = x->attributes.find(attribute);
      if (it == x->attributes.end()) row(attribute, nullptr, &value);
      else if (!(it->second == value)) row(attribute, &it->second, &value);
    }
    for (const auto& [attribute, value] : x->attributes) {
      if (!y.attributes.contains(attribute)) row(attribute, &value, nullptr);
    }
  }
}

std::string Shorten(absl::string_view text, size_t max_code_points = 60) {
  std::string one_line = absl::StrReplaceAll(text, {{"\r\n", "⏎"}, {"\n", "⏎"}, {"\r", "⏎"}});
  TextIndex index(one_line);
  if (index.length() <= static_cast<int64_t>(max_code_points)) return one_line;
  return absl::StrCat(index.Slice(one_line, Span{0, static_cast<int64_t>(max_code_points)}), "…");
}

}  // namespace

absl::string_view DiffChangeTypeName(DiffChangeType type) {
  switch (type) {
    case DiffChangeType::kAdded: return "added";
    case DiffChangeType::kRemoved: return "removed";
    case DiffChangeType::kChanged: return "changed";
    case DiffChangeType::kMoved: return "moved";
    case DiffChangeType::kRenamed: return "renamed";
    case DiffChangeType::kRecoded: return "recoded";
  }
  return "changed";
}

ProjectDiff Diff(const Project& a, const Project& b) {
  ProjectDiff d;
  std::vector<DiffChange>& out = d.changes;
  {
    const KindSpec<ProjectInfo> spec = team::ProjectInfoSpec();
    DiffFields(spec, a, a.info(), b, b.info(), b.id(), [&] { return b.title(); }, out);
  }
  DiffKind(team::CoderSpec(), a, b, out);
  DiffKind(team::AttributeSpec(), a, b, out);
  DiffKind(team::CaseSpec(), a, b, out);
  DiffCaseValues(a, b, out);
  DiffKind(team::DocumentSpec(), a, b, out);
  DiffKind(team::CodeSpec(), a, b, out);
  DiffKind(team::ExcerptSpec(), a, b, out);
  DiffKind(team::ThemeSpec(), a, b, out);
  DiffKind(team::RelationSpec(), a, b, out);
  DiffKind(team::MemoSpec(), a, b, out);
  return d;
}

std::string ProjectDiff::ToText() const {
  if (changes.empty()) return "no changes\n";
  std::string out;
  for (const DiffChange& c : changes) {
    absl::StrAppend(&out, ObjectKindName(c.kind), " ", DiffChangeTypeName(c.change), ": ", Shorten(c.name));
    if (c.change == DiffChangeType::kAdded || c.change == DiffChangeType::kRemoved) {
      absl::StrAppend(&out, "\n");
      continue;
    }
    if (c.change != DiffChangeType::kRenamed || c.kind == ObjectKind::kProject) absl::StrAppend(&out, " — ", c.field);
    absl::StrAppend(&out, ": ", Shorten(c.before), " → ", Shorten(c.after), "\n");
  }
  return out;
}

std::string ProjectText(const Project& p) {
  std::vector<std::string> lines;
  auto sorted_block = [&](std::vector<std::string> block) {
    std::sort(block.begin(), block.end());
    for (std::string& l : block) lines.push_back(std::move(l));
  };
  lines.push_back(absl::StrCat("project ", p.title()));
  if (!p.info().description.empty()) lines.push_back(absl::StrCat("  description: ", Shorten(p.info().description, 200)));
  std::vector<std::string> block;
  for (const Coder& c : p.coders()) block.push_back(absl::StrCat("coder ", c.name));
  sorted_block(std::move(block));
  block = {};
  for (const AttributeDefinition& a : p.attributes()) {
    block.push_back(absl::StrCat("attribute ", a.name, " (", AttributeTypeName(a.type), ")"));
  }
  sorted_block(std::move(block));
  block = {};
  for (const Case& c : p.cases()) {
    std::string line = absl::StrCat("case ", c.name);
    for (const auto& [attribute, value] : c.attributes) {
      const AttributeDefinition* d = p.FindAttribute(attribute);
      absl::StrAppend(&line, "; ", d == nullptr ? attribute : d->name, "=", value.ToString());
    }
    block.push_back(std::move(line));
  }
  sorted_block(std::move(block));
  block = {};
  for (const Code& c : p.codebook().codes()) {
    std::string line = absl::StrCat("code ", p.codebook().Path(c.id));
    if (!c.description.empty()) absl::StrAppend(&line, ": ", Shorten(c.description, 200));
    block.push_back(std::move(line));
  }
  sorted_block(std::move(block));
  block = {};
  for (const Theme& t : p.themes()) {
    block.push_back(absl::StrCat("theme ", t.name, ": ",
                                 absl::StrJoin(t.code_ids, ", ", [&](std::string* out, const std::string& id) {
                                   absl::StrAppend(out, p.codebook().Path(id));
                                 })));
  }
  sorted_block(std::move(block));
  block = {};
  auto end_name = [&](const std::string& id) {
    if (const Theme* t = p.FindTheme(id)) return t->name;
    return p.codebook().Path(id);
  };
  for (const Relation& r : p.relations()) {
    block.push_back(absl::StrCat("relation ", end_name(r.source_id), " -[", r.label, "]-> ", end_name(r.target_id)));
  }
  sorted_block(std::move(block));
  block = {};
  for (const Memo& m : p.memos()) {
    block.push_back(absl::StrCat("memo ", m.title, ": ", Shorten(m.text, 200)));
  }
  sorted_block(std::move(block));
  // Documents with their text, then their codings in text order.
  std::vector<const Document*> docs;
  for (const Document& d : p.documents()) docs.push_back(&d);
  std::sort(docs.begin(), docs.end(), [](const Document* x, const Document* y) { return x->name < y->name; });
  absl::flat_hash_map<std::string, std::vector<const Excerpt*>> by_doc;
  for (const Excerpt& e : p.excerpts()) by_doc[e.document_id].push_back(&e);
  for (const Document* d : docs) {
    const Case* c = p.FindCase(d->case_id);
    lines.push_back(absl::StrCat("document ", d->name, c == nullptr ? "" : absl::StrCat(" (case ", c->name, ")")));
    for (absl::string_view line : absl::StrSplit(d->text, '\n')) lines.push_back(absl::StrCat("  | ", line));
    std::vector<const Excerpt*>& list = by_doc[d->id];
    std::sort(list.begin(), list.end(), [](const Excerpt* x, const Excerpt* y) { return x->span < y->span; });
    for (const Excerpt* e : list) {
      std::string codes = absl::StrJoin(e->code_ids, ", ", [&](std::string* out, const std::string& id) {
        absl::StrAppend(out, p.codebook().Path(id));
      });
      const Coder* coder = p.FindCoder(e->coder_id);
      lines.push_back(absl::StrCat("  excerpt ", team::ShowSpan(e->span), " ", codes,
                                   coder == nullptr ? "" : absl::StrCat(" by ", coder->name), ": \"",
                                   Shorten(p.ExcerptText(*e)), "\""));
    }
  }
  return absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

}  // namespace thematica
