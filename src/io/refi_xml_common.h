// Private to src/io: what the REFI-QDA XML reader (refi_xml_import.cc) and
// writer (refi_xml_export.cc) share — namespaces and markers, pugixml
// helpers, date and number formats, the packing of fields REFI-QDA has no
// element for. Not installed.
#ifndef THEMATICA_SRC_IO_REFI_XML_COMMON_H_
#define THEMATICA_SRC_IO_REFI_XML_COMMON_H_

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "internal/sha256.h"
#include "io/refi_positions.h"
#include "io/refi_sources.h"
#include "io/refi_zip.h"
#include "pugixml.hpp"
#include "thematica/interrupt.h"
#include "thematica/codebook.h"
#include "thematica/id.h"
#include "thematica/refi_qda.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"

namespace thematica::refi_xml {

constexpr absl::string_view kProjectNs = "urn:QDA-XML:project:1.0";
constexpr absl::string_view kCodebookNs = "urn:QDA-XML:codebook:1.0";
// Our own graph of themes and relations; regenerated on every export.
constexpr absl::string_view kThemeGraphName = "Thematica thematic map";
constexpr absl::string_view kSubThemeEdge = "has sub-theme";
// Fields with no REFI-QDA element travel inside descriptions after these
// markers (one per field), recognised when the file is ours.
constexpr absl::string_view kMarker = "\n\n[Thematica:";
constexpr absl::string_view kOpaquePrefix = "refi:opaque:";

// --- XML helpers ---------------------------------------------------------------

inline absl::string_view Local(pugi::xml_node node) {
  absl::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == absl::string_view::npos ? name : name.substr(colon + 1);
}

inline std::vector<pugi::xml_node> Kids(pugi::xml_node node, absl::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == name) out.push_back(c);
  }
  return out;
}

inline pugi::xml_node Kid(pugi::xml_node node, absl::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == name) return c;
  }
  return {};
}

inline std::string Attr(pugi::xml_node node, const char* name) {
  return node.attribute(name).value();
}

inline std::string KidText(pugi::xml_node node, absl::string_view name) {
  return Kid(node, name).child_value();
}

inline std::string RawXml(pugi::xml_node node) {
  std::ostringstream out;
  node.print(out, "", pugi::format_raw);
  return out.str();
}

// The namespace URI the element's own prefix (or the default) resolves to.
inline std::string NamespaceOf(pugi::xml_node node) {
  absl::string_view name = node.name();
  size_t colon = name.find(':');
  std::string attr = colon == absl::string_view::npos
                         ? std::string("xmlns")
                         : absl::StrCat("xmlns:", name.substr(0, colon));
  for (pugi::xml_node n = node; n; n = n.parent()) {
    pugi::xml_attribute a = n.attribute(attr.c_str());
    if (a) return a.value();
  }
  return "";
}

inline absl::Status ParseXml(absl::string_view xml, absl::string_view what,
                      pugi::xml_document& doc) {
  if (absl::StartsWith(xml, "\xEF\xBB\xBF")) xml.remove_prefix(3);
  if (absl::Status utf8 = ValidateUtf8(xml); !utf8.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not valid UTF-8: ", utf8.message()));
  }
  // parse_doctype keeps a DOCTYPE as a node so that it can be refused; pugixml
  // never expands user-defined entities, but a DTD has no place in REFI-QDA.
  pugi::xml_parse_result parsed = doc.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype,
      pugi::encoding_utf8);
  if (!parsed) {
    return absl::DataLossError(absl::StrCat(what, " is not well-formed XML at byte ",
                                            parsed.offset, ": ", parsed.description()));
  }
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_doctype) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " has a DOCTYPE; DTDs and entity declarations are refused"));
    }
  }
  if (!doc.document_element()) {
    return absl::DataLossError(absl::StrCat(what, " has no root element"));
  }
  return absl::OkStatus();
}

// --- Values ----------------------------------------------------------------------

// REFI-QDA's directionType.
inline const char* DirectionName(RelationDirection d) {
  switch (d) {
    case RelationDirection::kOneWay:
      return "OneWay";
    case RelationDirection::kBidirectional:
      return "Bidirectional";
    case RelationDirection::kAssociative:
      return "Associative";
  }
  return "Associative";
}

inline absl::Time ParseDateTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!text.empty() && absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return t;
  return absl::InfinitePast();
}

inline std::string FormatDateTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

inline std::string FormatDecimal(double v) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

inline uint64_t Fnv1a(absl::string_view bytes, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Packs fields that have no REFI-QDA element after the description.
inline std::string Pack(absl::string_view text,
                 const std::vector<std::pair<absl::string_view, std::string>>& fields) {
  std::string out(text);
  for (const auto& [label, value] : fields) {
    if (!value.empty()) absl::StrAppend(&out, kMarker, label, "]\n", value);
  }
  return out;
}

// Inverse of Pack: the description before the first marker, and the fields.
inline std::string Unpack(absl::string_view packed, std::map<std::string, std::string>* fields) {
  size_t first = packed.find(kMarker);
  std::string head(packed.substr(0, first));
  while (first != absl::string_view::npos) {
    size_t label_start = first + kMarker.size();
    size_t label_end = packed.find("]\n", label_start);
    if (label_end == absl::string_view::npos) break;
    size_t next = packed.find(kMarker, label_end);
    (*fields)[std::string(packed.substr(label_start, label_end - label_start))] =
        std::string(packed.substr(label_end + 2, next == absl::string_view::npos
                                                     ? absl::string_view::npos
                                                     : next - label_end - 2));
    first = next;
  }
  return head;
}

// Names in use, with the next suffix to try per repeated name, so that n
// copies of one name are renamed in O(n) rather than O(n²).
struct NameSet {
  absl::flat_hash_set<std::string> taken;
  absl::flat_hash_map<std::string, int> next_suffix;
};

// Makes `name` unique within `names` by appending " (2)", " (3)", ….
inline std::string UniqueName(std::string name, NameSet& names, absl::string_view what,
                       std::vector<std::string>& warnings) {
  if (names.taken.insert(name).second) return name;
  int& i = names.next_suffix[name];
  if (i < 2) i = 2;
  for (;; ++i) {
    std::string candidate = absl::StrCat(name, " (", i, ")");
    if (names.taken.insert(candidate).second) {
      ++i;
      warnings.push_back(absl::StrCat(what, " \"", name, "\" is used twice; renamed to \"",
                                      candidate, "\""));
      return candidate;
    }
  }
}


}  // namespace thematica::refi_xml

#endif  // THEMATICA_SRC_IO_REFI_XML_COMMON_H_
