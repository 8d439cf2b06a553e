// REFI-QDA XML export: a Project as project.qde and .qdc (see refi_qda.h).
#include "io/refi_xml_common.h"

namespace thematica {
namespace {

using namespace refi_xml;  // NOLINT: the shared helpers of the REFI-QDA XML files.

// --- Export ----------------------------------------------------------------------

class Exporter {
 public:
  explicit Exporter(const thematica::Project& p, const QdpxWriteOptions& options = {},
                    std::vector<std::string>* warnings = nullptr)
      : p_(p), options_(options), warnings_(warnings), ids_(Fnv1a(p.id())) {
    for (const Memo& m : p.memos()) memos_by_target_[m.target_id].push_back(&m);
  }

  std::string Qde(bool inline_text, std::vector<std::pair<std::string, std::string>>* files);
  std::string Qdc();

 private:
  void Times(pugi::xml_node n, absl::Time created, absl::Time modified,
             const char* created_attr = "creationDateTime",
             const char* modified_attr = "modifiedDateTime") {
    if (created != absl::InfinitePast()) n.append_attribute(created_attr) = FormatDateTime(created).c_str();
    if (modified != absl::InfinitePast()) n.append_attribute(modified_attr) = FormatDateTime(modified).c_str();
  }
  void User(pugi::xml_node n, const char* attr, const std::string& id) {
    if (!id.empty() && p_.FindCoder(id) != nullptr) {
      n.append_attribute(attr) = id.c_str();
    } else if (!fallback_user_.empty()) {
      n.append_attribute(attr) = fallback_user_.c_str();
    }
  }
  void Warn(std::string message) {
    if (warnings_ != nullptr) warnings_->push_back(std::move(message));
  }
  bool qualcoder() const { return options_.target == ExportTarget::kQualCoder; }
  // One PlainTextSelection per Coding, for tools that read only the first
  // Coding of a selection (QualCoder) or write them so (NVivo).
  bool one_coding_per_selection() const {
    return qualcoder() || options_.target == ExportTarget::kNvivo;
  }
  std::string Origin() const;
  // The selections of `d`, whose text the file holds as `written`; `lf_cps`
  // maps code points of d.text to those of `written` (empty: the same).
  // The parts of Qde(), in the schema's order.
  void ChooseFallbackUser();
  void Users(pugi::xml_node root);
  void Variables(pugi::xml_node root);
  void Cases(pugi::xml_node root);
  void Sources(pugi::xml_node root, bool inline_text,
               std::vector<std::pair<std::string, std::string>>* files);
  void TextSource(pugi::xml_node sources, const Document& d,
                  const std::vector<const Excerpt*>& excerpts, bool inline_text,
                  std::vector<std::pair<std::string, std::string>>* files);
  void Notes(pugi::xml_node root);
  void Links(pugi::xml_node root);
  void Selections(pugi::xml_node s, absl::string_view written,
                  const std::vector<int64_t>& lf_cps,
                  const std::vector<const Excerpt*>& excerpts,
                  std::vector<const Excerpt*>* whole);
  void Text(pugi::xml_node parent, const char* name, absl::string_view text) {
    parent.append_child(name).text().set(std::string(text).c_str());
  }
  void NoteRefs(pugi::xml_node n, const std::string& target, const char* element = "NoteRef") {
    auto it = memos_by_target_.find(target);
    if (it == memos_by_target_.end()) return;
    for (const Memo* m : it->second) {
      n.append_child(element).append_attribute("targetGUID") = m->id.c_str();
    }
  }
  void Codes(pugi::xml_node parent, const std::string& id, bool project);
  void Sets(pugi::xml_node root, bool project);
  void Opaque(pugi::xml_node parent, absl::string_view kind);
  void Graph(pugi::xml_node root);

  const thematica::Project& p_;
  const QdpxWriteOptions options_;
  std::vector<std::string>* warnings_;
  IdGenerator ids_;
  absl::flat_hash_map<std::string, std::vector<const Memo*>> memos_by_target_;
  // QualCoder: the <User> named by objects that have no coder.
  std::string fallback_user_;
};

std::string Exporter::Origin() const {
  if (options_.target == ExportTarget::kRefi) return ThematicaOrigin();
  return absl::StrCat("Thematica 0.1.0 (positions: ",
                      PositionConventionName(ConventionForTarget(options_.target)),
                      qualcoder() ? " of the text as written, LF line ends"
                                  : " of the text as written",
                      "; for ", ExportTargetName(options_.target), ")");
}

// `text` with every CRLF and lone CR made LF; `cps[i]` is where code point i
// of `text` lands in the result (size: code points + 1).
std::string LfOnly(absl::string_view text, std::vector<int64_t>* cps) {
  std::string out;
  out.reserve(text.size());
  int64_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool starts_code_point = (c & 0xC0) != 0x80;
    if (starts_code_point) cps->push_back(cp);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // Dropped.
    out += c == '\r' ? '\n' : static_cast<char>(c);
    if (starts_code_point) ++cp;
  }
  cps->push_back(cp);
  return out;
}

void Exporter::Selections(pugi::xml_node s, absl::string_view written,
                          const std::vector<int64_t>& lf_cps,
                          const std::vector<const Excerpt*>& excerpts,
                          std::vector<const Excerpt*>* whole) {
  // Positions in the target's unit, counted on the text as the file holds it.
  std::optional<internal::PositionMap> map;
  std::optional<TextIndex> index;
  auto in_written = [&](int64_t cp) {
    return lf_cps.empty() ? cp : lf_cps[static_cast<size_t>(cp)];
  };
  auto position = [&](int64_t cp) {
    if (!map.has_value()) map.emplace(written, ConventionForTarget(options_.target));
    return map->FromCodePoint(in_written(cp));
  };
  for (const Excerpt* e : excerpts) {
    if (e->metadata.contains("refi:wholeSource") && e->code_ids.size() == 1) {
      whole->push_back(e);
      continue;
    }
    std::vector<std::string> guids;
    if (auto g = e->metadata.find("refi:codingGUIDs"); g != e->metadata.end()) {
      guids = absl::StrSplit(g->second, ',', absl::SkipEmpty());
    }
    if (guids.size() != e->code_ids.size()) guids.clear();
    const size_t groups = one_coding_per_selection() ? e->code_ids.size() : 1;
    for (size_t group = 0; group < groups; ++group) {
      pugi::xml_node sel = s.append_child("PlainTextSelection");
      sel.append_attribute("guid") = (group == 0 ? e->id : ids_.Next()).c_str();
      if (qualcoder()) {
        // QualCoder writes the quote as the name; so do we, as it shows it.
        if (!index.has_value()) index.emplace(written);
        sel.append_attribute("name") =
            std::string(index->Slice(written, {in_written(e->span.start), in_written(e->span.end)}))
                .c_str();
      } else if (auto n = e->metadata.find("refi:name"); n != e->metadata.end()) {
        sel.append_attribute("name") = n->second.c_str();
      }
      sel.append_attribute("startPosition") = position(e->span.start);
      sel.append_attribute("endPosition") = position(e->span.end);
      User(sel, "creatingUser", e->coder_id);
      Times(sel, e->created, e->modified);
      if (auto n = e->metadata.find("refi:description"); n != e->metadata.end()) {
        Text(sel, "Description", n->second);
      }
      const size_t first = groups == 1 ? 0 : group;
      const size_t last = groups == 1 ? e->code_ids.size() : group + 1;
      for (size_t i = first; i < last; ++i) {
        pugi::xml_node coding = sel.append_child("Coding");
        coding.append_attribute("guid") = (guids.empty() ? ids_.Next() : guids[i]).c_str();
        User(coding, "creatingUser", e->coder_id);
        Times(coding, e->created, absl::InfinitePast());
        coding.append_child("CodeRef").append_attribute("targetGUID") = e->code_ids[i].c_str();
      }
      if (group == 0) NoteRefs(sel, e->id);
    }
  }
}

void Exporter::Codes(pugi::xml_node parent, const std::string& id, bool project) {
  // Children grouped in one pass, then written depth first with an explicit
  // stack: linear in the codebook and safe at any depth.
  absl::flat_hash_map<absl::string_view, std::vector<const Code*>> children;
  for (const Code& c : p_.codebook().codes()) children[c.parent_id].push_back(&c);
  struct Level {
    pugi::xml_node parent;
    const std::vector<const Code*>* codes;
    size_t next = 0;
  };
  static const std::vector<const Code*> kNone;
  auto kids = [&](absl::string_view of) {
    auto it = children.find(of);
    return it == children.end() ? &kNone : &it->second;
  };
  std::vector<Level> stack = {{parent, kids(id)}};
  while (!stack.empty()) {
    Level& level = stack.back();
    if (level.next == level.codes->size()) {
      stack.pop_back();
      continue;
    }
    const Code& c = *(*level.codes)[level.next++];
    pugi::xml_node n = level.parent.append_child("Code");
    n.append_attribute("guid") = c.id.c_str();
    n.append_attribute("name") = c.name.c_str();
    n.append_attribute("isCodable") = c.codable ? "true" : "false";
    if (!c.color.empty()) n.append_attribute("color") = c.color.c_str();
    std::string d = Pack(c.description, {{"inclusion", c.inclusion},
                                         {"exclusion", c.exclusion},
                                         {"example", c.example}});
    if (!d.empty()) Text(n, "Description", d);
    if (project) NoteRefs(n, c.id);
    stack.push_back({n, kids(c.id)});
  }
}

void Exporter::Sets(pugi::xml_node root, bool project) {
  if (p_.themes().empty()) return;
  pugi::xml_node sets = root.append_child("Sets");
  for (const Theme& t : p_.themes()) {
    pugi::xml_node s = sets.append_child("Set");
    s.append_attribute("guid") = t.id.c_str();
    s.append_attribute("name") = t.name.c_str();
    std::string d = Pack(t.description, {{"parent", t.parent_id}, {"color", t.color}});
    if (!d.empty()) Text(s, "Description", d);
    for (const std::string& code : t.code_ids) {
      s.append_child("MemberCode").append_attribute(project ? "targetGUID" : "guid") = code.c_str();
    }
    if (!project) continue;
    auto sources = t.metadata.find("refi:memberSources");
    if (sources != t.metadata.end()) {
      for (absl::string_view src : absl::StrSplit(sources->second, ',', absl::SkipEmpty())) {
        s.append_child("MemberSource").append_attribute("targetGUID") = std::string(src).c_str();
      }
    }
    NoteRefs(s, t.id, "MemberNote");
  }
}

void Exporter::Opaque(pugi::xml_node parent, absl::string_view kind) {
  const std::string prefix = absl::StrCat(kOpaquePrefix, kind, ":");
  for (auto it = p_.info().metadata.lower_bound(prefix);
       it != p_.info().metadata.end() && absl::StartsWith(it->first, prefix); ++it) {
    pugi::xml_document fragment;
    if (fragment.load_buffer(it->second.data(), it->second.size(), pugi::parse_default,
                             pugi::encoding_utf8)) {
      parent.append_copy(fragment.document_element());
    }
  }
}

void Exporter::Graph(pugi::xml_node root) {
  bool nested = std::any_of(p_.themes().begin(), p_.themes().end(),
                            [](const Theme& t) { return !t.parent_id.empty(); });
  if (!nested && p_.relations().empty()) return;
  pugi::xml_node g = root.append_child("Graph");
  g.append_attribute("guid") = ids_.Next().c_str();
  g.append_attribute("name") = std::string(kThemeGraphName).c_str();
  absl::flat_hash_map<std::string, std::string> vertex_of;  // object → vertex
  std::vector<pugi::xml_node> edges;
  auto vertex = [&](const std::string& object) {
    auto [it, fresh] = vertex_of.try_emplace(object);
    if (!fresh) return it->second;
    it->second = ids_.Next();
    const int i = static_cast<int>(vertex_of.size()) - 1;
    pugi::xml_node v = g.append_child("Vertex");
    v.append_attribute("guid") = it->second.c_str();
    v.append_attribute("representedGUID") = object.c_str();
    const Theme* t = p_.FindTheme(object);
    const Code* c = p_.FindCode(object);
    v.append_attribute("name") = t != nullptr ? t->name.c_str() : c != nullptr ? c->name.c_str() : "";
    v.append_attribute("firstX") = (i % 8) * 200;
    v.append_attribute("firstY") = (i / 8) * 120;
    v.append_attribute("secondX") = (i % 8) * 200 + 160;
    v.append_attribute("secondY") = (i / 8) * 120 + 60;
    v.append_attribute("shape") = t != nullptr ? "RoundedRectangle" : "Rectangle";
    std::string color = t != nullptr ? t->color : c != nullptr ? c->color : "";
    if (!color.empty()) v.append_attribute("color") = color.c_str();
    return it->second;
  };
  struct PendingEdge {
    std::string from, to, name, represented, direction;
  };
  std::vector<PendingEdge> pending;
  for (const Theme& t : p_.themes()) {
    if (t.parent_id.empty()) continue;
    pending.push_back({vertex(t.parent_id), vertex(t.id), std::string(kSubThemeEdge), "", "OneWay"});
  }
  for (const Relation& r : p_.relations()) {
    pending.push_back({vertex(r.source_id), vertex(r.target_id), r.label, r.id,
                       DirectionName(r.direction)});
  }
  // Vertices first, then edges (the schema's order).
  for (const PendingEdge& pe : pending) {
    pugi::xml_node e = g.append_child("Edge");
    e.append_attribute("guid") = ids_.Next().c_str();
    if (!pe.represented.empty()) e.append_attribute("representedGUID") = pe.represented.c_str();
    e.append_attribute("name") = pe.name.c_str();
    e.append_attribute("sourceVertex") = pe.from.c_str();
    e.append_attribute("targetVertex") = pe.to.c_str();
    e.append_attribute("direction") = pe.direction.c_str();
  }
}

void Exporter::ChooseFallbackUser() {
  if (qualcoder()) {
    // QualCoder attributes every coding to a user; objects without a coder
    // get one that says where they came from.
    auto unattributed = [&](const std::string& id) {
      return id.empty() || p_.FindCoder(id) == nullptr;
    };
    bool any = unattributed(p_.info().creator_id);
    for (const Excerpt& e : p_.excerpts()) any = any || unattributed(e.coder_id);
    for (const Document& d : p_.documents()) any = any || unattributed(d.creator_id);
    for (const Memo& m : p_.memos()) any = any || unattributed(m.author_id);
    if (any) fallback_user_ = ids_.Next();
  }
}

void Exporter::Users(pugi::xml_node root) {
  if (!p_.coders().empty() || !fallback_user_.empty()) {
    pugi::xml_node users = root.append_child("Users");
    for (const Coder& c : p_.coders()) {
      pugi::xml_node u = users.append_child("User");
      u.append_attribute("guid") = c.id.c_str();
      u.append_attribute("name") = c.name.c_str();
      if (auto id = c.metadata.find("refi:id"); id != c.metadata.end()) {
        u.append_attribute("id") = id->second.c_str();
      }
    }
    if (!fallback_user_.empty()) {
      pugi::xml_node u = users.append_child("User");
      u.append_attribute("guid") = fallback_user_.c_str();
      u.append_attribute("name") = "Thematica (no coder recorded)";
    }
  }
}

void Exporter::Variables(pugi::xml_node root) {
  if (!p_.attributes().empty()) {
    pugi::xml_node vars = root.append_child("Variables");
    for (const AttributeDefinition& a : p_.attributes()) {
      pugi::xml_node v = vars.append_child("Variable");
      v.append_attribute("guid") = a.id.c_str();
      v.append_attribute("name") = a.name.c_str();
      auto refi = a.metadata.find("refi:typeOfVariable");
      const char* type = a.type == AttributeType::kBoolean  ? "Boolean"
                         : a.type == AttributeType::kNumber ? "Float"
                         : a.type == AttributeType::kDate   ? "Date"
                                                            : "Text";
      if (refi != a.metadata.end() &&
          ((refi->second == "Integer" && a.type == AttributeType::kNumber) ||
           (refi->second == "DateTime" && a.type == AttributeType::kText))) {
        type = refi->second.c_str();
      }
      v.append_attribute("typeOfVariable") = type;
      if (!a.description.empty()) Text(v, "Description", a.description);
    }
  }
}

void Exporter::Cases(pugi::xml_node root) {
  absl::flat_hash_map<std::string, std::vector<std::string>> case_documents;
  for (const Document& d : p_.documents()) {
    if (!d.case_id.empty()) case_documents[d.case_id].push_back(d.id);
  }
  if (!p_.cases().empty()) {
    pugi::xml_node cases = root.append_child("Cases");
    for (const Case& c : p_.cases()) {
      pugi::xml_node n = cases.append_child("Case");
      n.append_attribute("guid") = c.id.c_str();
      n.append_attribute("name") = c.name.c_str();
      if (!c.description.empty()) Text(n, "Description", c.description);
      // Members we keep but do not model, back in the schema's order.
      pugi::xml_document kept;
      if (auto xml = c.metadata.find("refi:caseXml"); xml != c.metadata.end()) {
        kept.load_buffer(xml->second.data(), xml->second.size(), pugi::parse_default,
                         pugi::encoding_utf8);
      }
      for (pugi::xml_node ref : Kids(kept.document_element(), "CodeRef")) n.append_copy(ref);
      for (const AttributeDefinition& a : p_.attributes()) {
        auto value = c.attributes.find(a.id);
        if (value == c.attributes.end()) continue;
        pugi::xml_node vv = n.append_child("VariableValue");
        vv.append_child("VariableRef").append_attribute("targetGUID") = a.id.c_str();
        const AttributeValue& v = value->second;
        if (const double* num = v.number()) {
          auto refi = a.metadata.find("refi:typeOfVariable");
          bool integer = refi != a.metadata.end() && refi->second == "Integer" &&
                         *num == static_cast<double>(static_cast<int64_t>(*num));
          Text(vv, integer ? "IntegerValue" : "FloatValue",
               integer ? absl::StrCat(static_cast<int64_t>(*num)) : FormatDecimal(*num));
        } else if (const bool* b = v.boolean()) {
          Text(vv, "BooleanValue", *b ? "true" : "false");
        } else if (v.date() != nullptr) {
          Text(vv, "DateValue", v.ToString());
        } else {
          auto refi = a.metadata.find("refi:typeOfVariable");
          bool datetime = refi != a.metadata.end() && refi->second == "DateTime";
          Text(vv, datetime ? "DateTimeValue" : "TextValue", *v.text());
        }
      }
      for (const std::string& d : case_documents[c.id]) {
        n.append_child("SourceRef").append_attribute("targetGUID") = d.c_str();
      }
      for (pugi::xml_node ref : Kids(kept.document_element(), "SelectionRef")) {
        n.append_copy(ref);
      }
    }
  }
}

void Exporter::Sources(pugi::xml_node root, bool inline_text,
                       std::vector<std::pair<std::string, std::string>>* files) {
  absl::flat_hash_map<std::string, std::vector<const Excerpt*>> excerpts_of;
  for (const Excerpt& e : p_.excerpts()) excerpts_of[e.document_id].push_back(&e);
  const bool any_opaque_source =
      p_.info().metadata.lower_bound(absl::StrCat(kOpaquePrefix, "source:")) !=
          p_.info().metadata.end() &&
      absl::StartsWith(p_.info().metadata.lower_bound(absl::StrCat(kOpaquePrefix, "source:"))->first,
                       absl::StrCat(kOpaquePrefix, "source:"));
  if (!p_.documents().empty() || any_opaque_source) {
    pugi::xml_node sources = root.append_child("Sources");
    for (const Document& d : p_.documents()) TextSource(sources, d, excerpts_of[d.id], inline_text, files);
    Opaque(sources, "source");
  }
}

void Exporter::TextSource(pugi::xml_node sources, const Document& d,
                          const std::vector<const Excerpt*>& excerpts, bool inline_text,
                          std::vector<std::pair<std::string, std::string>>* files) {
  pugi::xml_node s = sources.append_child("TextSource");
  s.append_attribute("guid") = d.id.c_str();
  s.append_attribute("name") = d.name.c_str();
  // QualCoder's importer mangles CRLF: it gets LF-only text.
  std::vector<int64_t> lf_cps;
  std::string lf_text;
  if (qualcoder()) lf_text = LfOnly(d.text, &lf_cps);
  const absl::string_view text = qualcoder() ? absl::string_view(lf_text) : d.text;
  if (qualcoder()) {
    const int64_t astral = std::count_if(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0xF0;
    });
    if (astral > 0) {
      Warn(absl::StrCat("source \"", d.name, "\" holds ", astral,
                        " character(s) above U+FFFF (emoji, …): the positions written are "
                        "right, but QualCoder 4.0 computes its own quote text by code "
                        "points and shows the quotes after them shifted"));
    }
  }
  if (!inline_text) {
    std::string file = absl::StrCat(d.id, ".txt");
    s.append_attribute("plainTextPath") = absl::StrCat("internal://", file).c_str();
    files->emplace_back(absl::StrCat("sources/", file), std::string(text));
    // The imported original as the rich-text file, named as NVivo names
    // its .docx files.
    if (d.source_file.has_value()) {
      if (std::string ext = internal::RichTextExtension(*d.source_file); !ext.empty()) {
        std::string rich = absl::StrCat(d.id, ".", ext);
        s.append_attribute("richTextPath") = absl::StrCat("internal://", rich).c_str();
        files->emplace_back(absl::StrCat("sources/", rich), d.source_file->content);
      }
    }
  }
  User(s, "creatingUser", d.creator_id);
  Times(s, d.created, d.modified);
  if (!d.description.empty()) Text(s, "Description", d.description);
  if (inline_text) Text(s, "PlainTextContent", text);
  std::vector<const Excerpt*> whole;
  Selections(s, text, lf_cps, excerpts, &whole);
  for (const Excerpt* e : whole) {
    pugi::xml_node coding = s.append_child("Coding");
    coding.append_attribute("guid") = e->id.c_str();
    User(coding, "creatingUser", e->coder_id);
    Times(coding, e->created, absl::InfinitePast());
    coding.append_child("CodeRef").append_attribute("targetGUID") = e->code_ids[0].c_str();
    NoteRefs(coding, e->id);
  }
  NoteRefs(s, d.id);
}

void Exporter::Notes(pugi::xml_node root) {
  if (!p_.memos().empty()) {
    pugi::xml_node notes = root.append_child("Notes");
    for (const Memo& m : p_.memos()) {
      pugi::xml_node n = notes.append_child("Note");
      n.append_attribute("guid") = m.id.c_str();
      n.append_attribute("name") = m.title.c_str();
      User(n, "creatingUser", m.author_id);
      Times(n, m.created, m.modified);
      if (auto d = m.metadata.find("refi:description"); d != m.metadata.end()) {
        Text(n, "Description", d->second);
      }
      Text(n, "PlainTextContent", m.text);
    }
  }
}

void Exporter::Links(pugi::xml_node root) {
  const std::string link_prefix = absl::StrCat(kOpaquePrefix, "link:");
  auto first_link = p_.info().metadata.lower_bound(link_prefix);
  if (!p_.relations().empty() || (first_link != p_.info().metadata.end() &&
                                  absl::StartsWith(first_link->first, link_prefix))) {
    pugi::xml_node links = root.append_child("Links");
    for (const Relation& r : p_.relations()) {
      pugi::xml_node l = links.append_child("Link");
      l.append_attribute("guid") = r.id.c_str();
      l.append_attribute("name") = r.label.c_str();
      l.append_attribute("direction") = DirectionName(r.direction);
      if (auto c = r.metadata.find("refi:color"); c != r.metadata.end()) {
        l.append_attribute("color") = c->second.c_str();
      }
      l.append_attribute("originGUID") = r.source_id.c_str();
      l.append_attribute("targetGUID") = r.target_id.c_str();
      NoteRefs(l, r.id);
    }
    Opaque(links, "link");
  }
}

std::string Exporter::Qde(bool inline_text,
                          std::vector<std::pair<std::string, std::string>>* files) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node root = doc.append_child("Project");
  root.append_attribute("xmlns") = std::string(kProjectNs).c_str();
  root.append_attribute("name") = p_.title().c_str();
  root.append_attribute("origin") = Origin().c_str();
  ChooseFallbackUser();
  User(root, "creatingUserGUID", p_.info().creator_id);
  Times(root, p_.info().created, p_.info().modified);
  if (auto base = p_.info().metadata.find("refi:basePath"); base != p_.info().metadata.end()) {
    root.append_attribute("basePath") = base->second.c_str();
  }
  Users(root);
  if (p_.codebook().size() > 0) Codes(root.append_child("CodeBook").append_child("Codes"), "", true);
  Variables(root);
  Cases(root);
  Sources(root, inline_text, files);
  Notes(root);
  Links(root);
  Sets(root, true);
  {
    pugi::xml_node graphs = root.append_child("Graphs");
    Graph(graphs);
    Opaque(graphs, "graph");
    if (!graphs.first_child()) root.remove_child(graphs);
  }
  if (!p_.info().description.empty()) Text(root, "Description", p_.info().description);
  NoteRefs(root, "");
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

std::string Exporter::Qdc() {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  pugi::xml_node root = doc.append_child("CodeBook");
  root.append_attribute("xmlns") = std::string(kCodebookNs).c_str();
  root.append_attribute("origin") = ThematicaOrigin().c_str();
  Codes(root.append_child("Codes"), "", false);
  Sets(root, false);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}


}  // namespace

using namespace refi_xml;  // NOLINT

std::string SerializeQde(const Project& project, bool inline_text,
                         std::vector<std::pair<std::string, std::string>>* files,
                         const QdpxWriteOptions& options, std::vector<std::string>* warnings) {
  return Exporter(project, options, warnings).Qde(inline_text, files);
}

std::string SerializeQdc(const Project& project) { return Exporter(project).Qdc(); }

}  // namespace thematica
