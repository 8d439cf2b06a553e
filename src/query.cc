#include "thematica/query.h"

#include "thematica/resolve.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "internal/excerpt_groups.h"
#include "internal/lookup.h"
#include "internal/text_hit.h"
#include "thematica/span_set.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// Within each of `units` (paragraphs or turns, possibly overlapping, so kept
// as they are), the union of a and b where both occur.
SpanSet Within(const SpanSet& a, const SpanSet& b, const std::vector<Span>& units) {
  std::vector<Span> out;
  for (const Span& u : units) {
    const SpanSet in_a = a.Clip(u), in_b = b.Clip(u);
    if (in_a.empty() || in_b.empty()) continue;
    for (const Span& s : in_a.Union(in_b)) out.push_back(s);
  }
  return SpanSet::FromSpans(std::move(out));
}

// What an expression needs from one document.
struct DocumentContext {
  int64_t length = 0;
  absl::flat_hash_map<std::string, SpanSet> code_regions;  // Code id → what it covers.
  std::vector<Span> paragraphs;
  std::vector<Span> turns;
};

// The parsed expression.
struct Node {
  enum Kind { kCode, kNot, kAnd, kOr, kMinus, kNear, kSamePara, kSameTurn } kind;
  std::vector<std::string> code_ids;  // kCode: the code (and descendants).
  int64_t distance = 0;               // kNear.
  int height = 1;                     // Levels of operators below and including this node.
  std::unique_ptr<Node> left, right;

  // What evaluating the expression reads: its codes, and whether it needs
  // the lines or the speaker turns of a document.
  void Needs(absl::flat_hash_set<std::string>& codes, bool& paragraphs, bool& turns) const {
    codes.insert(code_ids.begin(), code_ids.end());
    paragraphs |= kind == kSamePara;
    turns |= kind == kSameTurn;
    if (left != nullptr) left->Needs(codes, paragraphs, turns);
    if (right != nullptr) right->Needs(codes, paragraphs, turns);
  }

  SpanSet Evaluate(const DocumentContext& d) const {
    switch (kind) {
      case kCode: {
        if (code_ids.size() == 1) {
          auto it = d.code_regions.find(code_ids.front());
          return it == d.code_regions.end() ? SpanSet() : it->second;
        }
        std::vector<Span> r;
        for (const std::string& id : code_ids) {
          auto it = d.code_regions.find(id);
          if (it != d.code_regions.end()) r.insert(r.end(), it->second.begin(), it->second.end());
        }
        return SpanSet::FromSpans(std::move(r));
      }
      case kNot:
        return SpanSet({0, d.length}).Difference(left->Evaluate(d));
      case kAnd:
        return left->Evaluate(d).Intersection(right->Evaluate(d));
      case kOr:
        return left->Evaluate(d).Union(right->Evaluate(d));
      case kMinus:
        return left->Evaluate(d).Difference(right->Evaluate(d));
      case kNear:
        return left->Evaluate(d).Near(right->Evaluate(d), distance);
      case kSamePara:
        return Within(left->Evaluate(d), right->Evaluate(d), d.paragraphs);
      case kSameTurn:
        return Within(left->Evaluate(d), right->Evaluate(d), d.turns);
    }
    return {};
  }
};

struct Token {
  std::string text;
  bool quoted = false;
  size_t position = 0;  // Byte offset in the expression, for messages.
};

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view e) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < e.size()) {
    const char c = e[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({std::string(1, c), false, i});
      ++i;
    } else if (c == '"') {
      const size_t close = e.find('"', i + 1);
      if (close == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("unclosed quote at position ", i, " of the query"));
      }
      out.push_back({std::string(e.substr(i + 1, close - i - 1)), true, i});
      i = close + 1;
    } else {
      size_t j = i;
      while (j < e.size() && !absl::ascii_isspace(static_cast<unsigned char>(e[j])) && e[j] != '(' &&
             e[j] != ')' && e[j] != '"') {
        ++j;
      }
      out.push_back({std::string(e.substr(i, j - i)), false, i});
      i = j;
    }
  }
  return out;
}

class Parser {
 public:
  Parser(const Project& p, std::vector<Token> tokens, bool descendants, int max_depth)
      : p_(p), tokens_(std::move(tokens)), descendants_(descendants), max_depth_(max_depth) {}

  absl::StatusOr<std::unique_ptr<Node>> Parse() {
    if (tokens_.empty()) return absl::InvalidArgumentError("the query is empty");
    THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> node, Expression());
    if (at_ < tokens_.size()) return Error("unexpected \"" + tokens_[at_].text + "\"");
    return node;
  }

 private:
  bool IsKeyword(absl::string_view word) const {
    return at_ < tokens_.size() && !tokens_[at_].quoted && absl::AsciiStrToUpper(tokens_[at_].text) == word;
  }
  absl::Status Error(const std::string& what) const {
    const size_t position = at_ < tokens_.size() ? tokens_[at_].position : tokens_.back().position;
    return absl::InvalidArgumentError(absl::StrCat(what, " at position ", position, " of the query"));
  }
  // Parsing, evaluating and freeing the tree recurse as deep as it is high:
  // beyond max_depth the query is refused, so no query can exhaust the stack.
  absl::Status TooDeep() const {
    return Error(absl::StrCat("the query nests operators, NOTs or parentheses more than ", max_depth_,
                              " levels deep (QueryOptions::max_depth); split it into smaller queries"));
  }
  absl::StatusOr<std::unique_ptr<Node>> Binary(Node::Kind kind, std::unique_ptr<Node> l,
                                               std::unique_ptr<Node> r) const {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->height = std::max(l->height, r->height) + 1;
    n->left = std::move(l);
    n->right = std::move(r);
    if (n->height > max_depth_) return TooDeep();
    return n;
  }
  // Counts one level of parser recursion while it lives.
  struct Nesting {
    explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
    ~Nesting() { --depth_; }
    int& depth_;
  };

  absl::StatusOr<std::unique_ptr<Node>> Expression() {
    // OR is associative: a chain of any length becomes a balanced tree.
    std::vector<std::unique_ptr<Node>> terms;
    THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> first, And());
    terms.push_back(std::move(first));
    while (IsKeyword("OR")) {
      ++at_;
      THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> next, And());
      terms.push_back(std::move(next));
    }
    while (terms.size() > 1) {
      std::vector<std::unique_ptr<Node>> paired;
      for (size_t i = 0; i + 1 < terms.size(); i += 2) {
        THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> n,
                                   Binary(Node::kOr, std::move(terms[i]), std::move(terms[i + 1])));
        paired.push_back(std::move(n));
      }
      if (terms.size() % 2 == 1) paired.push_back(std::move(terms.back()));
      terms = std::move(paired);
    }
    return std::move(terms.front());
  }

  absl::StatusOr<std::unique_ptr<Node>> And() {
    THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> left, Unary());
    while (at_ < tokens_.size()) {
      Node::Kind kind;
      int64_t distance = 0;
      if (IsKeyword("AND")) {
        ++at_;
        kind = Node::kAnd;
        if (IsKeyword("NOT")) {
          ++at_;
          kind = Node::kMinus;
        }
      } else if (IsKeyword("NOT")) {
        ++at_;
        kind = Node::kMinus;
      } else if (IsKeyword("SAMEPARA")) {
        ++at_;
        kind = Node::kSamePara;
      } else if (IsKeyword("SAMETURN")) {
        ++at_;
        kind = Node::kSameTurn;
      } else if (at_ < tokens_.size() && !tokens_[at_].quoted &&
                 absl::StartsWithIgnoreCase(tokens_[at_].text, "NEAR/")) {
        if (!absl::SimpleAtoi(tokens_[at_].text.substr(5), &distance) || distance < 0) {
          return Error("NEAR needs a distance in code points, e.g. NEAR/50,");
        }
        ++at_;
        kind = Node::kNear;
      } else {
        break;
      }
      THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> right, Unary());
      THEMATICA_ASSIGN_OR_RETURN(left, Binary(kind, std::move(left), std::move(right)));
      left->distance = distance;
    }
    return left;
  }

  absl::StatusOr<std::unique_ptr<Node>> Unary() {
    if (at_ >= tokens_.size()) return Error("a code or \"(\" expected");
    if (IsKeyword("NOT")) {
      const Nesting nesting(depth_);
      if (depth_ > max_depth_) return TooDeep();
      ++at_;
      THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> inner, Unary());
      auto n = std::make_unique<Node>();
      n->kind = Node::kNot;
      n->height = inner->height + 1;
      n->left = std::move(inner);
      if (n->height > max_depth_) return TooDeep();
      return n;
    }
    const Token& t = tokens_[at_];
    if (!t.quoted && t.text == "(") {
      const Nesting nesting(depth_);
      if (depth_ > max_depth_) return TooDeep();
      ++at_;
      THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> inner, Expression());
      if (at_ >= tokens_.size() || tokens_[at_].text != ")" || tokens_[at_].quoted) return Error("\")\" expected");
      ++at_;
      return inner;
    }
    if (!t.quoted && (t.text == ")" || IsKeyword("AND") || IsKeyword("OR"))) {
      return Error("a code expected, not \"" + t.text + "\"");
    }
    auto n = std::make_unique<Node>();
    n->kind = Node::kCode;
    absl::StatusOr<std::string> code = CodeId(t);
    if (code.ok()) {
      n->code_ids.push_back(*code);
    } else {
      // Not a code: a theme stands for the union of its codes and sub-themes' codes.
      if (code.status().code() != absl::StatusCode::kNotFound) return code.status();
      absl::StatusOr<const Theme*> theme = ThemeOf(t);
      if (!theme.ok()) {
        if (!absl::IsNotFound(theme.status())) return theme.status();
        return absl::NotFoundError(absl::StrCat("no code \"", t.text, "\" (position ", t.position,
                                                " of the query), and no theme of that name"));
      }
      n->code_ids = p_.ThemeCodeIds((*theme)->id, /*include_subthemes=*/true);
    }
    ++at_;
    if (descendants_) {
      const size_t named = n->code_ids.size();
      for (size_t i = 0; i < named; ++i) {
        for (std::string& d : p_.codebook().Descendants(n->code_ids[i])) n->code_ids.push_back(std::move(d));
      }
    }
    return n;
  }

  // The theme or code a token names, by the one rule of thematica/resolve.h
  // (id, path, unique name); the query's own wording when nothing matches.
  absl::StatusOr<const Theme*> ThemeOf(const Token& t) const { return ResolveTheme(p_, t.text); }

  absl::StatusOr<std::string> CodeId(const Token& t) const {
    absl::StatusOr<const Code*> c = ResolveCode(p_, t.text);
    if (c.ok()) return (*c)->id;
    if (!absl::IsNotFound(c.status())) return c.status();
    return absl::NotFoundError(absl::StrCat("no code \"", t.text, "\" (position ", t.position, " of the query)"));
  }

  const Project& p_;
  std::vector<Token> tokens_;
  bool descendants_;
  int max_depth_ = 0;
  int depth_ = 0;  // Current parser recursion (NOTs and parentheses).
  size_t at_ = 0;
};

// Line spans (paragraphs) of a text in code points.
std::vector<Span> Lines(const Document& d, int64_t length) {
  std::vector<Span> out;
  int64_t start = 0, cp = 0;
  for (unsigned char c : d.text) {
    if ((c & 0xC0) == 0x80) continue;
    if (c == '\n') {
      if (cp > start) out.push_back({start, cp});
      start = cp + 1;
    }
    ++cp;
  }
  if (length > start) out.push_back({start, length});
  return out;
}

// The options' filters, resolved: documents, coders (and origins: "human",
// "rule", "import", "model", the excerpts of that provenance) and cases.
struct Filters {
  absl::flat_hash_set<std::string> documents, coders, cases;
  absl::flat_hash_set<ProvenanceKind> origins;
  bool case_filter = false;

  // Whether an excerpt's coder (or origin) and cases pass.
  bool Keeps(const Project& project, const Excerpt& e) const {
    if ((!coders.empty() || !origins.empty()) && !coders.contains(e.coder_id) &&
        !origins.contains(e.provenance.kind)) {
      return false;
    }
    if (!case_filter) return true;
    const std::vector<std::string> speaks_for = project.ExcerptCaseIds(e);
    return std::any_of(speaks_for.begin(), speaks_for.end(),
                       [&](const std::string& c) { return cases.contains(c); });
  }
};

absl::StatusOr<Filters> ResolveFilters(const Project& project, const QueryOptions& options) {
  Filters out;
  for (const std::string& id : options.document_ids) {
    const Document* d = internal::FindDocumentByIdOrName(project, id);
    if (d == nullptr) return internal::NotFound("document", id);
    out.documents.insert(d->id);
  }
  for (const std::string& id : options.coder_ids) {
    if (project.FindCoder(id) != nullptr) {
      out.coders.insert(id);
    } else if (std::optional<ProvenanceKind> kind = ParseProvenanceKind(id)) {
      out.origins.insert(*kind);
    } else {
      return internal::NotFound("coder", id);
    }
  }
  out.case_filter = !options.case_ids.empty() || !options.attributes.empty();
  for (const Case& c : project.cases()) {
    bool keep = options.case_ids.empty() ||
                std::find(options.case_ids.begin(), options.case_ids.end(), c.id) != options.case_ids.end();
    for (const auto& [name, value] : options.attributes) {
      const AttributeDefinition* a = project.FindAttributeByName(name);
      if (a == nullptr) return internal::NotFound("attribute", name);
      const AttributeValue* v = project.CaseAttribute(c.id, a->id);
      keep = keep && v != nullptr && v->ToString() == value;
    }
    if (keep) out.cases.insert(c.id);
  }
  return out;
}

// What an expression reads: its codes, and whether it needs lines or turns.
struct Reads {
  absl::flat_hash_set<std::string> codes;
  bool paragraphs = false, turns = false;
};

// One document's context, from its excerpts that passed the filters.
DocumentContext ContextOf(const Document& d, const TextIndex& index, const std::vector<const Excerpt*>& excerpts,
                          const Reads& needs) {
  DocumentContext context;
  context.length = index.length();
  absl::flat_hash_map<std::string, std::vector<Span>> coded;  // Code id → its codings' spans.
  for (const Excerpt* e : excerpts) {
    for (const std::string& c : e->code_ids) {
      if (needs.codes.contains(c)) coded[c].push_back(e->span);
    }
  }
  for (auto& [code, spans] : coded) context.code_regions[code] = SpanSet::FromSpans(std::move(spans));
  if (needs.paragraphs) context.paragraphs = Lines(d, context.length);
  if (needs.turns) {
    for (const SpeakerTurn& t : d.speaker_turns) context.turns.push_back(t.span);
  }
  return context;
}

}  // namespace

absl::StatusOr<std::vector<QueryHit>> RunQuery(const Project& project, absl::string_view expression,
                                               const QueryOptions& options) {
  if (options.context < 0) {
    return absl::InvalidArgumentError(absl::StrCat("context must be 0 or more, not ", options.context));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(expression));
  if (options.max_depth < 1) {
    return absl::InvalidArgumentError(absl::StrCat("max_depth must be at least 1, not ", options.max_depth));
  }
  Parser parser(project, std::move(tokens), options.include_descendants, options.max_depth);
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<Node> query, parser.Parse());
  THEMATICA_ASSIGN_OR_RETURN(const Filters filters, ResolveFilters(project, options));

  // Only what the expression reads is gathered per document.
  Reads needs;
  query->Needs(needs.codes, needs.paragraphs, needs.turns);
  const std::vector<std::vector<const Excerpt*>> by_document =
      internal::ExcerptsByDocument(project, [&](const Excerpt& e) {
        return std::any_of(e.code_ids.begin(), e.code_ids.end(),
                           [&](const std::string& c) { return needs.codes.contains(c); }) &&
               filters.Keeps(project, e);
      });
  std::vector<QueryHit> hits;
  for (size_t document = 0; document < project.documents().size(); ++document) {
    const Document& d = project.documents()[document];
    if (!filters.documents.empty() && !filters.documents.contains(d.id)) continue;
    const TextIndex& index = *project.DocumentIndex(d.id);
    const DocumentContext context = ContextOf(d, index, by_document[document], needs);
    for (const Span& s : query->Evaluate(context)) hits.push_back(internal::HitIn(d, index, s, options.context));
  }
  return hits;
}

}  // namespace thematica
