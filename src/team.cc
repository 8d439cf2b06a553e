#include "thematica/team.h"

#include <algorithm>
#include <string>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/project_loader.h"
#include "internal/sha256.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

using IdSet = absl::flat_hash_set<std::string>;

// Names from the root, as a key ("a\x1fb") that cannot clash with a name.
std::string PathKey(const Codebook& book, absl::string_view id) {
  return book.Path(id, "\x1f");
}

std::vector<std::string> SortedCodes(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::string TextHash(absl::string_view text) { return internal::Sha256Hex(text); }

std::string CombineReport::Summary() const {
  return absl::StrCat(excerpts_added, " excerpts added, ", excerpts_present,
                      " already present, ", added_codes.size(), " new codes",
                      problems.empty() ? std::string()
                                       : absl::StrCat(", ", problems.size(), " problems"));
}

absl::StatusOr<Project> CopyFor(const Project& original, absl::string_view coder,
                                const CopyOptions& options) {
  IdSet documents;
  for (const std::string& id : options.document_ids) {
    if (original.FindDocument(id) == nullptr) {
      return absl::NotFoundError(absl::StrCat("document ", id, " not found"));
    }
    documents.insert(id);
  }
  const bool all_documents = documents.empty();
  const Coder* known = original.FindCoder(coder);
  if (known == nullptr) known = original.FindCoderByName(coder);
  if (known == nullptr && coder.empty()) {
    return absl::InvalidArgumentError("a working copy needs a coder (an id or a name)");
  }

  internal::ProjectLoader load;
  load.SetInfo(original.info());
  for (const Coder& c : original.coders()) load.Add(c);
  for (const AttributeDefinition& a : original.attributes()) load.Add(a);
  for (const Case& c : original.cases()) load.Add(c);
  for (const Document& d : original.documents()) {
    if (all_documents || documents.contains(d.id)) load.Add(d);
  }
  for (const Code& c : original.codebook().codes()) load.Add(c);
  const std::string coder_id = known == nullptr ? std::string() : known->id;
  IdSet excerpts;
  for (const Excerpt& e : original.excerpts()) {
    if (!all_documents && !documents.contains(e.document_id)) continue;
    if (options.blind && e.coder_id != coder_id) continue;
    excerpts.insert(e.id);
    load.Add(e);
  }
  for (const Theme& t : original.themes()) load.Add(t);
  for (const Relation& r : original.relations()) load.Add(r);
  for (const Memo& m : original.memos()) {
    const ObjectKind target = original.KindOf(m.target_id);
    if (target == ObjectKind::kDocument && !all_documents && !documents.contains(m.target_id)) continue;
    if (target == ObjectKind::kExcerpt && !excerpts.contains(m.target_id)) continue;
    if (options.blind && !m.author_id.empty() && m.author_id != coder_id) continue;
    load.Add(m);
  }
  THEMATICA_ASSIGN_OR_RETURN(Project copy,
                             std::move(load).Finish([](const std::vector<std::string>& problems) {
                               return absl::InternalError(absl::StrCat("working copy: ", problems.front()));
                             }));
  if (known == nullptr) {
    copy.SetHistoryEnabled(false);  // The copy starts with an empty log.
    THEMATICA_RETURN_IF_ERROR(copy.AddCoder({.name = std::string(coder)}).status());
    copy.SetHistoryEnabled(true);
    internal::ProjectAccess::SetHistory(copy, {}, {});
  }
  THEMATICA_RETURN_IF_ERROR(copy.SetCurrentCoder(coder));
  return copy;
}

namespace {

// Combine()'s work on one copy: its coders, codes, documents and excerpts
// matched to the result's (by id, then by name, path or text hash), what has
// no match added, every decision noted in the report.
class Combiner {
 public:
  Combiner(Project& result, CombineReport& out,
           absl::flat_hash_map<std::string, std::string>& by_hash, const Project& copy, int index)
      : result(result), out(out), by_hash(by_hash), copy(copy), index(index) {}

  absl::Status Run() {
    THEMATICA_RETURN_IF_ERROR(Coders());
    THEMATICA_RETURN_IF_ERROR(Codes());
    THEMATICA_RETURN_IF_ERROR(Documents());
    return Excerpts();
  }

 private:
  void note(ObjectKind kind, const std::string& copy_id, const std::string& id, std::string name,
            const char* how) {
    out.matches.push_back({index, kind, copy_id, id, std::move(name), how});
  }

  absl::Status Coders() {
  // Coders: by id, then by name, else added.
  for (const Coder& c : copy.coders()) {
    if (result.FindCoder(c.id) != nullptr) {
      coders[c.id] = c.id;
      note(ObjectKind::kCoder, c.id, c.id, c.name, "id");
    } else if (const Coder* same = result.FindCoderByName(c.name)) {
      coders[c.id] = same->id;
      note(ObjectKind::kCoder, c.id, same->id, c.name, "name");
    } else {
      Coder added = c;
      if (result.KindOf(c.id) != ObjectKind::kNone) added.id.clear();
      THEMATICA_ASSIGN_OR_RETURN(std::string id, result.AddCoder(std::move(added)));
      coders[c.id] = id;
      note(ObjectKind::kCoder, c.id, id, c.name, "added");
    }
  }
    return absl::OkStatus();
  }

  absl::Status Codes() {
  // Codes: by id, then by path; else added under the matched parent.
  // Parents first: sort by depth (stable keeps codebook order).
  std::vector<const Code*> codes;
  for (const Code& c : copy.codebook().codes()) codes.push_back(&c);
  std::stable_sort(codes.begin(), codes.end(), [&](const Code* a, const Code* b) {
    return copy.codebook().Depth(a->id) < copy.codebook().Depth(b->id);
  });
  absl::flat_hash_map<std::string, std::string> result_paths;
  for (const Code& c : result.codebook().codes()) {
    result_paths.emplace(PathKey(result.codebook(), c.id), c.id);
  }
  for (const Code* c : codes) {
    const std::string path = copy.codebook().Path(c->id);
    if (result.FindCode(c->id) != nullptr) {
      code_map[c->id] = c->id;
      note(ObjectKind::kCode, c->id, c->id, path, "id");
      continue;
    }
    if (auto it = result_paths.find(PathKey(copy.codebook(), c->id)); it != result_paths.end()) {
      code_map[c->id] = it->second;
      note(ObjectKind::kCode, c->id, it->second, path, "path");
      continue;
    }
    Code added = *c;
    if (result.KindOf(c->id) != ObjectKind::kNone) added.id.clear();
    added.parent_id = c->parent_id.empty() ? std::string() : code_map.at(c->parent_id);
    if (!added.creator_id.empty()) added.creator_id = coders.at(added.creator_id);
    THEMATICA_ASSIGN_OR_RETURN(std::string id, result.AddCode(std::move(added)));
    code_map[c->id] = id;
    result_paths.emplace(PathKey(result.codebook(), id), id);
    out.added_codes.push_back(id);
    note(ObjectKind::kCode, c->id, id, path, "added");
  }
    return absl::OkStatus();
  }

  absl::Status Documents() {
  // Documents: by id, then by text hash; else added.
  for (const Document& d : copy.documents()) {
    if (const Document* same = result.FindDocument(d.id); same != nullptr && same->text == d.text) {
      documents[d.id] = d.id;
      note(ObjectKind::kDocument, d.id, d.id, d.name, "id");
    } else if (auto it = by_hash.find(TextHash(d.text)); it != by_hash.end()) {
      documents[d.id] = it->second;
      note(ObjectKind::kDocument, d.id, it->second, d.name, "text hash");
    } else if (same != nullptr) {
      out.problems.push_back(absl::StrCat("copy ", index, ": document \"", d.name,
                                          "\" has a different text than in the original; its "
                                          "excerpts were left out"));
    } else {
      Document added = d;
      if (result.KindOf(d.id) != ObjectKind::kNone) added.id.clear();
      if (!added.case_id.empty() && result.FindCase(added.case_id) == nullptr) added.case_id.clear();
      for (SpeakerTurn& t : added.speaker_turns) {
        if (!t.case_id.empty() && result.FindCase(t.case_id) == nullptr) t.case_id.clear();
      }
      added.creator_id = added.creator_id.empty() ? "" : coders.at(added.creator_id);
      while (result.FindDocumentByName(added.name) != nullptr) absl::StrAppend(&added.name, " (copy ", index + 1, ")");
      THEMATICA_ASSIGN_OR_RETURN(std::string id, result.AddDocument(std::move(added)));
      documents[d.id] = id;
      by_hash.emplace(TextHash(d.text), id);
      note(ObjectKind::kDocument, d.id, id, d.name, "added");
    }
  }
    return absl::OkStatus();
  }

  absl::Status Excerpts() {
  // Excerpts: by id; an excerpt with the same document, range, coder and
  // codes as one already there is the same coding.
  using Key = std::tuple<std::string, int64_t, int64_t, std::string, std::vector<std::string>>;
  std::set<Key> present;
  for (const Excerpt& e : result.excerpts()) {
    present.insert({e.document_id, e.span.start, e.span.end, e.coder_id, SortedCodes(e.code_ids)});
  }
  for (const Excerpt& e : copy.excerpts()) {
    auto doc = documents.find(e.document_id);
    if (doc == documents.end()) continue;  // Reported with its document.
    Excerpt mapped = e;
    mapped.document_id = doc->second;
    mapped.coder_id = e.coder_id.empty() ? "" : coders.at(e.coder_id);
    for (std::string& c : mapped.code_ids) c = code_map.at(c);
    const std::string name = SpanToString(e.span);
    const Key key{mapped.document_id, mapped.span.start, mapped.span.end, mapped.coder_id,
                  SortedCodes(mapped.code_ids)};
    if (const Excerpt* same = result.FindExcerpt(e.id)) {
      const bool equal = same->document_id == mapped.document_id && same->span == mapped.span &&
                         same->coder_id == mapped.coder_id && same->code_ids == mapped.code_ids;
      if (!equal && !mapped.coder_id.empty() && same->coder_id == mapped.coder_id &&
          same->document_id == mapped.document_id) {
        present.insert(key);
        THEMATICA_RETURN_IF_ERROR(result.UpdateExcerpt(std::move(mapped)));
        note(ObjectKind::kExcerpt, e.id, e.id, name, "updated");
      } else {
        ++out.excerpts_present;
        note(ObjectKind::kExcerpt, e.id, e.id, name, "present");
      }
      continue;
    }
    if (present.contains(key)) {
      ++out.excerpts_present;
      note(ObjectKind::kExcerpt, e.id, "", name, "present");
      continue;
    }
    if (result.KindOf(mapped.id) != ObjectKind::kNone) mapped.id.clear();
    present.insert(key);
    THEMATICA_ASSIGN_OR_RETURN(std::string id, result.AddExcerpt(std::move(mapped)));
    ++out.excerpts_added;
    note(ObjectKind::kExcerpt, e.id, id, name, "added");
  }
    return absl::OkStatus();
  }

  Project& result;
  CombineReport& out;
  // Text hash → document id of the result, for projects made independently.
  absl::flat_hash_map<std::string, std::string>& by_hash;
  const Project& copy;
  const int index;
  // Copy's id → the result's, per kind.
  absl::flat_hash_map<std::string, std::string> coders, code_map, documents;
};

}  // namespace

absl::StatusOr<Project> Combine(const Project& original, const std::vector<const Project*>& copies,
                                CombineReport* report) {
  CombineReport local;
  CombineReport& out = report != nullptr ? *report : local;
  out = CombineReport();
  Project result = original;
  Project::ChangeScope scope(result, absl::StrCat("combine ", copies.size(), " copies"));
  absl::flat_hash_map<std::string, std::string> by_hash;
  for (const Document& d : result.documents()) by_hash.emplace(TextHash(d.text), d.id);
  for (size_t k = 0; k < copies.size(); ++k) {
    THEMATICA_RETURN_IF_ERROR(Combiner(result, out, by_hash, *copies[k], static_cast<int>(k)).Run());
  }
  return result;
}

}  // namespace thematica
