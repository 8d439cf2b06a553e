#include "thematica/analysis.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "internal/analysis_index.h"
#include "internal/cooccurrence_cell.h"
#include "internal/lookup.h"
#include "internal/unicode.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

using internal::AnalysisIndex;
using internal::Coding;

constexpr char kMissing[] = "(missing)";

absl::StatusOr<std::vector<int32_t>> SelectCodes(const AnalysisIndex& index,
                                                 const std::vector<std::string>& code_ids) {
  std::vector<int32_t> out;
  if (code_ids.empty()) {
    for (size_t i = 0; i < index.project().codebook().size(); ++i) out.push_back(static_cast<int32_t>(i));
    return out;
  }
  for (const std::string& id : code_ids) {
    const int c = index.code_index(id);
    if (c < 0) return internal::NotFound("code", id);
    out.push_back(c);
  }
  return out;
}

// --- Co-occurrence: count per unit, then the measure -------------------------

// Per pair of selected codes (rows a, b): in how many units both occur (co);
// per row, in how many units it occurs (own: codings, documents or cases);
// for Jaccard over excerpts, how many of a's codings overlap one of b's
// (involved).
struct PairCounts {
  explicit PairCounts(size_t rows) : n(rows), co(rows * rows, 0), involved(rows * rows, 0), own(rows, 0) {}
  size_t n;
  std::vector<double> co, involved, own;
};

// Unit kExcerpts: codings of different codes that overlap, document by
// document (codings sorted by start).
void CountOverlappingCodings(const AnalysisIndex& index, const std::vector<int32_t>& slot, bool jaccard,
                             PairCounts& counts) {
  const size_t n = counts.n;
  std::vector<double>& co = counts.co;
  std::vector<double>& own = counts.own;
  std::vector<uint32_t> active;           // Positions in the document's list.
  std::vector<std::vector<int32_t>> met;  // Jaccard: per coding, the rows it overlaps.
  for (size_t d = 0; d < index.document_count(); ++d) {
    const std::vector<uint32_t>& list = index.document_codings(static_cast<int32_t>(d));
    active.clear();
    if (jaccard) met.assign(list.size(), {});
    for (size_t i = 0; i < list.size(); ++i) {
      const Coding& x = index.coding(list[i]);
      const int32_t a = slot[x.code];
      if (a < 0) continue;
      own[a] += 1;
      // Codings still open at x.start (sorted by start, so they began before).
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](uint32_t j) { return index.coding(list[j]).end <= x.start; }),
                   active.end());
      for (uint32_t j : active) {
        const int32_t b = slot[index.coding(list[j]).code];
        if (a == b) continue;
        co[a * n + b] += 1;
        co[b * n + a] += 1;
        if (jaccard) {
          met[i].push_back(b);
          met[j].push_back(a);
        }
      }
      active.push_back(static_cast<uint32_t>(i));
    }
    for (size_t k = 0; jaccard && k < met.size(); ++k) {
      std::vector<int32_t>& rows = met[k];
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      const int32_t a = slot[index.coding(list[k]).code];
      for (int32_t b : rows) counts.involved[a * n + b] += 1;
    }
  }
}

// Units kDocuments and kCases: per unit, the selected codes present; then
// every pair of them.
void CountCodesPerUnit(const AnalysisIndex& index, const std::vector<int32_t>& selected,
                       const std::vector<int32_t>& slot, Unit unit, PairCounts& counts) {
  const size_t n = counts.n;
  std::vector<absl::flat_hash_set<int32_t>> per_unit(
      unit == Unit::kDocuments ? index.project().documents().size() : index.project().cases().size());
  for (int32_t a = 0; a < static_cast<int32_t>(n); ++a) {
    if (slot[selected[a]] != a) continue;  // A code listed twice counts for its last row.
    for (uint32_t i : index.postings(selected[a])) {
      const Coding& c = index.coding(i);
      if (unit == Unit::kDocuments) {
        per_unit[c.document].insert(a);
      } else {
        for (int32_t k : index.excerpt_cases(c.excerpt)) per_unit[k].insert(a);
      }
    }
  }
  std::vector<int32_t> present;
  for (const auto& codes : per_unit) {
    present.assign(codes.begin(), codes.end());
    for (size_t i = 0; i < present.size(); ++i) {
      counts.own[present[i]] += 1;
      for (size_t j = 0; j < present.size(); ++j) {
        if (i != j) counts.co[present[i] * n + present[j]] += 1;
      }
    }
  }
}

// The matrix of `measure` from the counts: on the diagonal a code's own
// count (or 1 when it occurs at all), off it the pair's count, Jaccard or c.
CodeMatrix MatrixOf(const AnalysisIndex& index, const std::vector<int32_t>& selected, const PairCounts& counts,
                    Unit unit, Measure measure) {
  const size_t n = counts.n;
  const std::vector<double>& own = counts.own;
  CodeMatrix out;
  for (int32_t c : selected) out.code_ids.push_back(index.project().codebook().codes()[c].id);
  out.values.assign(n * n, 0);
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      double& v = out.values[a * n + b];
      if (a == b) {
        v = internal::CooccurrenceDiagonal(measure, own[a]);
        continue;
      }
      v = internal::CooccurrenceCell(measure, unit, own[a], own[b], counts.co[a * n + b],
                                     counts.involved[a * n + b] + counts.involved[b * n + a]);
    }
  }
  return out;
}

// --- Crosstab: columns, counts per unit, column totals per unit --------------

// The columns of a crosstab: the attribute's values in order, then
// "(missing)" for cases without a value (and codings without a case).
struct CaseColumns {
  std::vector<std::string> names;
  std::vector<int32_t> of_case;  // Column of each case.
  int32_t missing = 0;
  bool any_missing = false;  // Whether anything fell in "(missing)".
};

CaseColumns ColumnsOf(const Project& p, const AttributeDefinition& attribute) {
  CaseColumns out;
  std::map<std::string, int32_t> value_column;
  std::vector<std::string> case_value(p.cases().size(), kMissing);
  for (size_t k = 0; k < p.cases().size(); ++k) {
    const auto& values = p.cases()[k].attributes;
    auto found = values.find(attribute.id);
    const AttributeValue* v = found == values.end() ? nullptr : &found->second;
    if (v == nullptr) {
      out.any_missing = true;
    } else {
      case_value[k] = v->ToString();
      value_column.emplace(case_value[k], 0);
    }
  }
  for (auto& [value, column] : value_column) {
    column = static_cast<int32_t>(out.names.size());
    out.names.push_back(value);
  }
  out.missing = static_cast<int32_t>(out.names.size());
  out.names.push_back(kMissing);
  out.of_case.resize(p.cases().size());
  for (size_t k = 0; k < p.cases().size(); ++k) {
    out.of_case[k] = case_value[k] == kMissing ? out.missing : value_column.at(case_value[k]);
  }
  return out;
}

// Unit kCases: per row, the distinct cases of the codings of the codes it
// counts (`feeds`), by column. A stamp per case makes each count once.
void CountCasesPerRow(const AnalysisIndex& index, const std::vector<std::vector<int32_t>>& feeds,
                      const CaseColumns& columns, std::vector<int64_t>& counts) {
  const size_t width = columns.names.size();
  std::vector<int64_t> stamp(index.project().cases().size(), -1);
  for (size_t row = 0; row < feeds.size(); ++row) {
    auto count_case = [&](int32_t k) {
      if (stamp[k] == static_cast<int64_t>(row)) return;
      stamp[k] = static_cast<int64_t>(row);
      ++counts[row * width + columns.of_case[k]];
    };
    for (int32_t code : feeds[row]) {
      const std::vector<uint32_t>& postings = index.postings(code);
      const std::vector<int32_t>& posting_cases = index.posting_cases(code);
      for (size_t n = 0; n < postings.size(); ++n) {
        const int32_t k = posting_cases[n];
        if (k >= 0) {
          count_case(k);
        } else if (k == internal::AnalysisIndex::kSeveralCases) {
          for (int32_t each : index.excerpt_cases(index.coding(postings[n]).excerpt)) count_case(each);
        }
      }
    }
  }
}

// The distinct columns of a coding's cases into `cols` ("(missing)" when it
// has none); returns whether it had none.
bool ColumnsOfCoding(const AnalysisIndex& index, const Coding& coding, const CaseColumns& columns,
                     std::vector<int32_t>& cols) {
  cols.clear();
  for (int32_t k : index.excerpt_cases(coding.excerpt)) cols.push_back(columns.of_case[k]);
  const bool none = cols.empty();
  if (none) cols.push_back(columns.missing);
  std::sort(cols.begin(), cols.end());
  cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
  return none;
}

// Units kDocuments and kExcerpts: per row, the codings of the codes it
// counts, in each column of their cases; for documents a stamp per document
// and column makes each count once.
void CountCodingsPerRow(const AnalysisIndex& index, const std::vector<std::vector<int32_t>>& feeds, Unit unit,
                        CaseColumns& columns, std::vector<int64_t>& counts) {
  const size_t width = columns.names.size();
  std::vector<int64_t> stamp(unit == Unit::kDocuments ? index.project().documents().size() * width : 0, -1);
  std::vector<int32_t> cols;
  for (size_t row = 0; row < feeds.size(); ++row) {
    for (int32_t code : feeds[row]) {
      for (uint32_t i : index.postings(code)) {
        const Coding& coding = index.coding(i);
        if (ColumnsOfCoding(index, coding, columns, cols)) columns.any_missing = true;
        for (int32_t col : cols) {
          if (unit == Unit::kDocuments) {
            int64_t& seen = stamp[static_cast<size_t>(coding.document) * width + col];
            if (seen == static_cast<int64_t>(row)) continue;
            seen = static_cast<int64_t>(row);
          }
          ++counts[row * width + col];
        }
      }
    }
  }
}

// Column totals: the units that fall in each column.
std::vector<int64_t> ColumnTotals(const AnalysisIndex& index, Unit unit, CaseColumns& columns) {
  const Project& p = index.project();
  std::vector<int64_t> totals(columns.names.size(), 0);
  if (unit == Unit::kCases) {
    for (size_t k = 0; k < p.cases().size(); ++k) ++totals[columns.of_case[k]];
  } else if (unit == Unit::kDocuments) {
    for (const Document& d : p.documents()) {
      absl::flat_hash_set<int32_t> in;
      if (!d.case_id.empty()) in.insert(columns.of_case[index.case_index(d.case_id)]);
      for (const SpeakerTurn& t : d.speaker_turns) {
        if (!t.case_id.empty()) in.insert(columns.of_case[index.case_index(t.case_id)]);
      }
      if (in.empty()) {
        in.insert(columns.missing);
        columns.any_missing = true;
      }
      for (int32_t col : in) ++totals[col];
    }
  } else {
    std::vector<int32_t> cols;
    for (size_t code = 0; code < p.codebook().size(); ++code) {
      for (uint32_t i : index.postings(static_cast<int32_t>(code))) {
        ColumnsOfCoding(index, index.coding(i), columns, cols);
        for (int32_t col : cols) ++totals[col];
      }
    }
  }
  return totals;
}

}  // namespace

Analysis::Analysis(const Project& project) : project_(&project) {}
Analysis::~Analysis() = default;
Analysis::Analysis(Analysis&&) noexcept = default;
Analysis& Analysis::operator=(Analysis&&) noexcept = default;

const AnalysisIndex& Analysis::Index() {
  if (index_ == nullptr) {
    index_ = std::make_unique<AnalysisIndex>(*project_);
  } else {
    index_->Update();
  }
  return *index_;
}

absl::StatusOr<CodeMatrix> Analysis::Cooccurrence(Unit unit, Measure measure,
                                                  const std::vector<std::string>& code_ids) {
  const AnalysisIndex& index = Index();
  THEMATICA_ASSIGN_OR_RETURN(std::vector<int32_t> selected, SelectCodes(index, code_ids));
  const size_t all = index.project().codebook().size();
  const size_t n = selected.size();
  std::vector<int32_t> slot(all, -1);  // Code index → row, -1 when not selected.
  for (size_t i = 0; i < n; ++i) slot[selected[i]] = static_cast<int32_t>(i);
  PairCounts counts(n);
  if (unit == Unit::kExcerpts) {
    CountOverlappingCodings(index, slot, measure == Measure::kJaccard, counts);
  } else {
    CountCodesPerUnit(index, selected, slot, unit, counts);
  }
  return MatrixOf(index, selected, counts, unit, measure);
}

absl::StatusOr<Crosstab> Analysis::CrossTab(absl::string_view attribute_id, Unit unit,
                                            bool include_descendants) {
  const AnalysisIndex& index = Index();
  const Project& p = index.project();
  const AttributeDefinition* attribute = internal::FindAttributeByIdOrName(p, attribute_id);
  if (attribute == nullptr) return internal::NotFound("attribute", attribute_id);
  CaseColumns columns = ColumnsOf(p, *attribute);
  const size_t codes = p.codebook().size();
  const size_t width = columns.names.size();
  // The codes each row counts: its own, and with descendants theirs too.
  std::vector<std::vector<int32_t>> feeds(codes);
  for (size_t c = 0; c < codes; ++c) {
    feeds[c] = include_descendants ? index.WithDescendants(static_cast<int>(c))
                                   : std::vector<int32_t>{static_cast<int32_t>(c)};
  }
  std::vector<int64_t> counts(codes * width, 0);
  if (unit == Unit::kCases) {
    CountCasesPerRow(index, feeds, columns, counts);
  } else {
    CountCodingsPerRow(index, feeds, unit, columns, counts);
  }
  Crosstab out;
  out.column_totals = ColumnTotals(index, unit, columns);
  out.columns = std::move(columns.names);
  if (!columns.any_missing && out.column_totals[columns.missing] == 0) {
    // No "(missing)" column when nothing is missing.
    out.columns.pop_back();
    out.column_totals.pop_back();
    std::vector<int64_t> trimmed;
    for (size_t c = 0; c < codes; ++c) {
      for (size_t j = 0; j + 1 < width; ++j) trimmed.push_back(counts[c * width + j]);
    }
    counts = std::move(trimmed);
  }
  for (const Code& c : p.codebook().codes()) out.code_ids.push_back(c.id);
  out.counts = std::move(counts);
  return out;
}

absl::StatusOr<std::vector<SaturationStep>> Analysis::Saturation(const std::vector<std::string>& order) {
  const AnalysisIndex& index = Index();
  const Project& p = index.project();
  std::vector<int32_t> documents;
  if (order.empty()) {
    for (size_t d = 0; d < p.documents().size(); ++d) documents.push_back(static_cast<int32_t>(d));
  } else {
    absl::flat_hash_set<int32_t> seen;
    for (const std::string& id : order) {
      int d = index.document_index(id);
      if (d < 0) {
        const Document* by_name = p.FindDocumentByName(id);
        if (by_name == nullptr) return internal::NotFound("document", id);
        d = index.document_index(by_name->id);
      }
      if (!seen.insert(d).second) {
        return absl::InvalidArgumentError(absl::StrCat("document \"", p.documents()[d].name, "\" is listed twice"));
      }
      documents.push_back(d);
    }
  }
  std::vector<char> known(p.codebook().size(), 0);
  std::vector<SaturationStep> out;
  int64_t total = 0;
  for (int32_t d : documents) {
    SaturationStep step{.document_id = p.documents()[d].id};
    std::vector<int32_t> fresh;
    for (uint32_t i : index.document_codings(d)) {
      const int32_t c = index.coding(i).code;
      if (!known[c]) {
        known[c] = 1;
        fresh.push_back(c);
      }
    }
    std::sort(fresh.begin(), fresh.end());  // Codebook order.
    for (int32_t c : fresh) step.new_code_ids.push_back(p.codebook().codes()[c].id);
    total += static_cast<int64_t>(fresh.size());
    step.cumulative = total;
    out.push_back(std::move(step));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> Analysis::CodedExcerpts(absl::string_view code_id,
                                                                 bool include_descendants) {
  const AnalysisIndex& index = Index();
  const int code = index.code_index(code_id);
  if (code < 0) return internal::NotFound("code", code_id);
  const std::vector<int32_t> codes =
      include_descendants ? index.WithDescendants(code) : std::vector<int32_t>{code};
  // Project order: the excerpts' positions in project.excerpts(), found by id.
  const Project& p = index.project();
  std::vector<size_t> positions;
  for (int32_t c : codes) {
    for (uint32_t i : index.postings(c)) {
      const Excerpt* e = p.FindExcerpt(index.excerpt_id(index.coding(i).excerpt));
      positions.push_back(static_cast<size_t>(e - p.excerpts().data()));
    }
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  std::vector<std::string> out;
  out.reserve(positions.size());
  for (size_t at : positions) out.push_back(p.excerpts()[at].id);
  return out;
}

std::vector<CodeCount> Analysis::CodeCounts(bool include_descendants) {
  const AnalysisIndex& index = Index();
  const Project& p = index.project();
  const size_t codes = p.codebook().size();
  // A stamp per excerpt, document and case makes each count once per row.
  std::vector<int64_t> excerpt_stamp(index.excerpt_slots(), -1);
  std::vector<int64_t> document_stamp(p.documents().size(), -1);
  std::vector<int64_t> case_stamp(p.cases().size(), -1);
  std::vector<CodeCount> out;
  out.reserve(codes);
  for (size_t row = 0; row < codes; ++row) {
    const int64_t stamp = static_cast<int64_t>(row);
    CodeCount count{.code_id = p.codebook().codes()[row].id};
    auto count_case = [&](int32_t k) {
      if (case_stamp[k] == stamp) return;
      case_stamp[k] = stamp;
      ++count.cases;
    };
    const std::vector<int32_t> feeds = include_descendants ? index.WithDescendants(static_cast<int>(row))
                                                           : std::vector<int32_t>{static_cast<int32_t>(row)};
    for (int32_t code : feeds) {
      const std::vector<uint32_t>& postings = index.postings(code);
      const std::vector<int32_t>& posting_cases = index.posting_cases(code);
      for (size_t n = 0; n < postings.size(); ++n) {
        const Coding& c = index.coding(postings[n]);
        if (excerpt_stamp[c.excerpt] == stamp) continue;  // Counted through another code.
        excerpt_stamp[c.excerpt] = stamp;
        ++count.excerpts;
        if (document_stamp[c.document] != stamp) {
          document_stamp[c.document] = stamp;
          ++count.documents;
        }
        if (posting_cases[n] >= 0) {
          count_case(posting_cases[n]);
        } else if (posting_cases[n] == AnalysisIndex::kSeveralCases) {
          for (int32_t k : index.excerpt_cases(c.excerpt)) count_case(k);
        }
      }
    }
    out.push_back(std::move(count));
  }
  return out;
}

std::vector<std::string> Words(absl::string_view text) { return internal::LowercaseWords(text); }

const std::vector<std::string>& EnglishStopwords() {
  static const auto* words = new std::vector<std::string>{
      "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
      "been", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don't", "for", "from",
      "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "i'm", "if", "in",
      "into", "is", "it", "it's", "its", "just", "like", "me", "more", "my", "no", "not", "of", "on",
      "or", "our", "out", "over", "so", "some", "such", "than", "that", "that's", "the", "their",
      "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "up", "us",
      "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will",
      "with", "would", "you", "your"};
  return *words;
}

absl::StatusOr<std::vector<WordCount>> Analysis::WordFrequencies(WordGroup group,
                                                                 const std::vector<std::string>& stopwords,
                                                                 size_t top) {
  const AnalysisIndex& index = Index();
  const Project& p = index.project();
  absl::flat_hash_set<std::string> stop;
  for (const std::string& w : stopwords) {
    for (std::string& lowered : internal::LowercaseWords(w)) stop.insert(std::move(lowered));
  }
  // group id → word → count.
  std::map<std::string, absl::flat_hash_map<std::string, int64_t>> counts;
  auto add = [&](const std::string& group_id, absl::string_view text) {
    auto& words = counts[group_id];
    for (std::string& w : internal::LowercaseWords(text)) {
      if (!stop.contains(w)) ++words[w];
    }
  };
  std::vector<std::string> group_order;
  switch (group) {
    case WordGroup::kProject:
      group_order.push_back("");
      for (const Document& d : p.documents()) add("", d.text);
      break;
    case WordGroup::kDocument:
      for (const Document& d : p.documents()) {
        group_order.push_back(d.id);
        add(d.id, d.text);
      }
      break;
    case WordGroup::kCase: {
      for (const Case& c : p.cases()) group_order.push_back(c.id);
      // A document's words go to its case, or a speaker turn's to the turn's case.
      for (const Document& d : p.documents()) {
        const TextIndex& ti = *p.DocumentIndex(d.id);
        std::vector<Span> claimed;
        for (const SpeakerTurn& t : d.speaker_turns) {
          if (t.case_id.empty()) continue;
          add(t.case_id, ti.Slice(d.text, t.span));
          claimed.push_back(t.span);
        }
        if (d.case_id.empty()) continue;
        std::sort(claimed.begin(), claimed.end());
        int64_t at = 0;
        for (const Span& s : claimed) {
          if (s.start > at) add(d.case_id, ti.Slice(d.text, {at, s.start}));
          at = std::max(at, s.end);
        }
        add(d.case_id, ti.Slice(d.text, {at, ti.length()}));
      }
      break;
    }
    case WordGroup::kCode:
      for (const Code& c : p.codebook().codes()) group_order.push_back(c.id);
      for (size_t d = 0; d < index.document_count(); ++d) {
        const Document& document = p.documents()[d];
        const TextIndex& text = *p.DocumentIndex(document.id);
        for (uint32_t i : index.document_codings(static_cast<int32_t>(d))) {
          const Coding& c = index.coding(i);
          add(p.codebook().codes()[c.code].id, text.Slice(document.text, {c.start, c.end}));
        }
      }
      break;
  }
  std::vector<WordCount> out;
  for (const std::string& g : group_order) {
    auto it = counts.find(g);
    if (it == counts.end()) continue;
    std::vector<std::pair<std::string, int64_t>> words(it->second.begin(), it->second.end());
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (top > 0 && words.size() > top) words.resize(top);
    for (auto& [w, n] : words) out.push_back({g, std::move(w), n});
  }
  return out;
}

}  // namespace thematica
