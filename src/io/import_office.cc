// Word (.docx, Office Open XML) and OpenDocument (.odt) readers of
// thematica::ImportFile: the body's paragraphs as lines, tables as
// tab-separated rows; headers, footers, comments, notes, drawings and tracked
// deletions left out. Only the one XML part holding the text is inflated.
#include <zip.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "io/import_internal.h"
#include "pugixml.hpp"
#include "thematica/status_macros.h"
#include "thematica/text.h"

namespace thematica::internal {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// Largest XML part we inflate: far above any real document's text.
constexpr zip_uint64_t kMaxPartSize = zip_uint64_t{256} << 20;

// The bytes of the one part `entry` of the zip `bytes`. Only that part is
// inflated (pictures and media in the package are never read), bounded both
// as declared and as actually inflated.
absl::StatusOr<std::string> ZipEntry(absl::string_view bytes, absl::string_view entry,
                                     absl::string_view kind) {
  if (bytes.substr(0, 4) == absl::string_view("\xD0\xCF\x11\xE0", 4)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an encrypted (password-protected) or legacy binary ", kind,
        " file: remove the password or save it as ", kind, " again"));
  }
  auto corrupt = [&](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("not a valid ", kind, " file: ", why));
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return corrupt(why);
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (archive == nullptr) {
    zip_source_free(source);
    const std::string why = absl::StrCat("not a readable zip archive: ", zip_error_strerror(&error));
    zip_error_fini(&error);
    return corrupt(why);
  }
  zip_error_fini(&error);
  const std::string name(entry);
  const zip_int64_t index = zip_name_locate(archive.get(), name.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) return corrupt(absl::StrCat("no ", entry));
  zip_stat_t st;
  if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      (st.valid & ZIP_STAT_SIZE) == 0) {
    return corrupt(absl::StrCat("cannot read ", entry, ": ", zip_strerror(archive.get())));
  }
  if (st.size > kMaxPartSize) {
    return absl::ResourceExhaustedError(
        absl::StrCat(entry, " would inflate to ", st.size, " bytes (limit ", kMaxPartSize, ")"));
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    return corrupt(absl::StrCat("cannot open ", entry, ": ", zip_strerror(archive.get())));
  }
  std::string data(static_cast<size_t>(st.size), '\0');
  const zip_int64_t got = data.empty() ? 0 : zip_fread(file.get(), data.data(), data.size());
  char extra;
  if (got != static_cast<zip_int64_t>(data.size()) || zip_fread(file.get(), &extra, 1) != 0) {
    return corrupt(absl::StrCat(entry, " is damaged (its size or checksum does not match)"));
  }
  return data;
}

absl::Status ParseXml(const std::string& xml, pugi::xml_document& doc, absl::string_view what) {
  // No DOCTYPE processing: pugixml never fetches entities; refuse DTDs anyway.
  const pugi::xml_parse_result r =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype,
                      pugi::encoding_utf8);
  if (!r) {
    return absl::DataLossError(
        absl::StrCat("corrupt ", what, ": ", r.description(), " at byte ", r.offset));
  }
  return absl::OkStatus();
}

bool Is(const pugi::xml_node& n, const char* qualified) { return std::strcmp(n.name(), qualified) == 0; }

// ------------------------------- .docx ----------------------------------------

class DocxWriter {
 public:
  std::string out;

  void Block(const pugi::xml_node& parent) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (Is(n, "w:p")) {
        Inline(n);
        out += '\n';
      } else if (Is(n, "w:tbl")) {
        Table(n);
      } else if (Is(n, "w:sdt")) {
        Block(n.child("w:sdtContent"));
      } else if (Is(n, "w:customXml") || Is(n, "w:ins") || Is(n, "w:moveTo")) {
        Block(n);
      }
    }
  }

 private:
  void Table(const pugi::xml_node& tbl) {
    for (pugi::xml_node row = tbl.first_child(); row; row = row.next_sibling()) {
      if (Is(row, "w:sdt")) {
        Table(row.child("w:sdtContent"));
        continue;
      }
      if (!Is(row, "w:tr")) continue;
      bool first = true;
      for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
        pugi::xml_node c = Is(cell, "w:sdt") ? cell.child("w:sdtContent").child("w:tc") : cell;
        if (!Is(c, "w:tc")) continue;
        if (!first) out += '\t';
        first = false;
        Cell(c);
      }
      out += '\n';
    }
  }

  // A cell's paragraphs joined by spaces (nested tables flattened the same way).
  void Cell(const pugi::xml_node& cell) {
    bool first = true;
    for (pugi::xpath_node p : cell.select_nodes(".//w:p")) {
      const size_t before = out.size();
      if (!first) out += ' ';
      const size_t mark = out.size();
      Inline(p.node(), /*in_cell=*/true);
      if (out.size() == mark) out.resize(before);
      else first = false;
    }
  }

  void Inline(const pugi::xml_node& parent, bool in_cell = false) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      const absl::string_view name = n.name();
      if (name == "w:t") {
        out += n.child_value();
      } else if (name == "w:tab" || name == "w:ptab") {
        out += in_cell ? ' ' : '\t';
      } else if (name == "w:br" || name == "w:cr") {
        out += in_cell ? ' ' : '\n';
      } else if (name == "w:noBreakHyphen") {
        out += "\u2011";
      } else if (name == "w:sym") {
        continue;
      } else if (name == "w:del" || name == "w:moveFrom" || name == "w:pPr" || name == "w:rPr" ||
                 name == "w:drawing" || name == "w:pict" || name == "w:object" ||
                 name == "mc:AlternateContent" || name == "w:instrText" || name == "w:delText" ||
                 name == "w:footnoteReference" || name == "w:endnoteReference" ||
                 name == "w:commentReference") {
        continue;
      } else if (name == "w:p" && in_cell) {
        continue;  // Nested table paragraphs are reached by Cell's search.
      } else {
        // Runs, hyperlinks, insertions, fields, smart tags, content controls.
        Inline(n, in_cell);
      }
    }
  }
};

// ------------------------------- .odt -----------------------------------------

class OdtWriter {
 public:
  std::string out;

  void Block(const pugi::xml_node& parent) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (Is(n, "text:p") || Is(n, "text:h")) {
        Paragraph(n);
        out += '\n';
      } else if (Is(n, "table:table")) {
        Table(n);
      } else if (Is(n, "text:list") || Is(n, "text:list-item") || Is(n, "text:list-header") ||
                 Is(n, "text:section") || Is(n, "text:index-body") ||
                 Is(n, "text:table-of-content")) {
        Block(n);
      }
    }
  }

 private:
  void Table(const pugi::xml_node& table) {
    for (pugi::xml_node n = table.first_child(); n; n = n.next_sibling()) {
      if (Is(n, "table:table-header-rows") || Is(n, "table:table-rows") ||
          Is(n, "table:table-row-group")) {
        Table(n);
        continue;
      }
      if (!Is(n, "table:table-row")) continue;
      bool first = true;
      for (pugi::xml_node cell = n.first_child(); cell; cell = cell.next_sibling()) {
        if (!Is(cell, "table:table-cell") && !Is(cell, "table:covered-table-cell")) continue;
        if (!first) out += '\t';
        first = false;
        bool first_p = true;
        for (pugi::xpath_node p : cell.select_nodes(".//text:p | .//text:h")) {
          const size_t before = out.size();
          if (!first_p) out += ' ';
          const size_t mark = out.size();
          Paragraph(p.node(), /*in_cell=*/true);
          if (out.size() == mark) out.resize(before);
          else first_p = false;
        }
      }
      out += '\n';
    }
  }

  // ODF collapses white space in paragraphs as HTML does; text:s, text:tab
  // and text:line-break carry the significant ones.
  void Paragraph(const pugi::xml_node& p, bool in_cell = false) {
    pending_space_ = false;
    at_start_ = true;
    Inline(p, in_cell);
  }

  void Text(absl::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pending_space_ = !at_start_;
        continue;
      }
      if (pending_space_) out += ' ';
      pending_space_ = false;
      at_start_ = false;
      out += c;
    }
  }

  void Literal(absl::string_view s) {
    if (pending_space_) out += ' ';
    pending_space_ = false;
    at_start_ = false;
    out.append(s.data(), s.size());
  }

  void Inline(const pugi::xml_node& parent, bool in_cell) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        Text(n.value());
        continue;
      }
      if (n.type() != pugi::node_element) continue;
      const absl::string_view name = n.name();
      if (name == "text:s") {
        const int count = n.attribute("text:c").as_int(1);
        Literal(std::string(static_cast<size_t>(count > 0 && count < 10000 ? count : 1), ' '));
      } else if (name == "text:tab") {
        Literal(in_cell ? " " : "\t");
      } else if (name == "text:line-break") {
        Literal(in_cell ? " " : "\n");
        at_start_ = true;
      } else if (name == "text:note" || name == "office:annotation" ||
                 name == "office:annotation-end" || name == "draw:frame" ||
                 name == "draw:custom-shape" || name == "text:bookmark" ||
                 name == "text:reference-mark" || name == "text:change" ||
                 name == "text:change-start" || name == "text:change-end" ||
                 name == "text:soft-page-break" || name == "text:sequence-decls") {
        continue;
      } else {
        Inline(n, in_cell);  // text:span, text:a, fields, text:ruby-base, …
      }
    }
  }

  bool pending_space_ = false;
  bool at_start_ = true;
};

}  // namespace

absl::StatusOr<std::string> DocxText(absl::string_view bytes) {
  THEMATICA_ASSIGN_OR_RETURN(std::string xml, ZipEntry(bytes, "word/document.xml", ".docx"));
  pugi::xml_document doc;
  THEMATICA_RETURN_IF_ERROR(ParseXml(xml, doc, "word/document.xml"));
  const pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) return absl::DataLossError("not a valid .docx file: word/document.xml has no w:body");
  DocxWriter writer;
  writer.Block(body);
  if (absl::Status s = ValidateUtf8(writer.out); !s.ok()) return s;
  return NormalizeLines(writer.out);
}

absl::StatusOr<std::string> OdtText(absl::string_view bytes) {
  THEMATICA_ASSIGN_OR_RETURN(std::string xml, ZipEntry(bytes, "content.xml", ".odt"));
  pugi::xml_document doc;
  THEMATICA_RETURN_IF_ERROR(ParseXml(xml, doc, "content.xml"));
  pugi::xml_node text = doc.child("office:document-content").child("office:body").child("office:text");
  if (!text) {
    if (doc.child("office:document-content").child("office:body").first_child()) {
      return absl::InvalidArgumentError(
          "an OpenDocument file that is not a text document (.odt); save it as text");
    }
    return absl::DataLossError("not a valid .odt file: content.xml has no office:text");
  }
  // Deleted text of tracked changes lives in text:tracked-changes, which
  // OdtWriter::Block does not enter.
  OdtWriter writer;
  writer.Block(text);
  if (absl::Status s = ValidateUtf8(writer.out); !s.ok()) return s;
  return NormalizeLines(writer.out);
}

}  // namespace thematica::internal
