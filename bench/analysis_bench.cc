// Co-occurrence of all codes and the codes × role crosstab on a generated
// project (100,000 documents, 1,000,000 codings by default), against the way
// QualCoder and Taguette answer them: coded segments in SQLite, one row per
// coding, with SQL self-joins. Both run in this process on the same data,
// and their answers are compared.
//
//   build/dev/bench/analysis_bench [--documents=N] [--excerpts=N]
#include <sqlite3.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "generate.h"
#include "thematica/analysis.h"

namespace {

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", error);
    std::exit(1);
  }
}

// Runs a query returning (int, int/text, int) rows into a map keyed by the
// first two columns.
std::map<std::pair<int64_t, std::string>, int64_t> Query(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  std::map<std::pair<int64_t, std::string>, int64_t> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out[{sqlite3_column_int64(stmt, 0), reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))}] =
        sqlite3_column_int64(stmt, 2);
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  const thematica::Project p = thematica::bench::Generate(options);
  std::printf("analysis_bench: %zu documents, %zu excerpts, %zu codes, %zu cases\n", p.documents().size(),
              p.excerpts().size(), p.codebook().size(), p.cases().size());

  // The baseline's tables, as QualCoder keeps them: one row per coding.
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  Exec(db, "CREATE TABLE coding (code INTEGER, doc INTEGER, start INTEGER, end INTEGER, coder INTEGER)");
  Exec(db, "CREATE TABLE doc (id INTEGER PRIMARY KEY, case_id INTEGER)");
  Exec(db, "CREATE TABLE attr (case_id INTEGER PRIMARY KEY, role TEXT)");
  absl::flat_hash_map<std::string, int64_t> code_id, doc_id, case_id, coder_id;
  for (const auto& c : p.codebook().codes()) code_id.emplace(c.id, code_id.size());
  for (const auto& c : p.cases()) case_id.emplace(c.id, case_id.size());
  for (const auto& c : p.coders()) coder_id.emplace(c.id, coder_id.size());
  Exec(db, "BEGIN");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO doc VALUES (?, ?)", -1, &insert, nullptr);
  for (const auto& d : p.documents()) {
    doc_id.emplace(d.id, doc_id.size());
    sqlite3_bind_int64(insert, 1, doc_id[d.id]);
    sqlite3_bind_int64(insert, 2, case_id[d.case_id]);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  const std::string role = p.FindAttributeByName("role")->id;
  sqlite3_prepare_v2(db, "INSERT INTO attr VALUES (?, ?)", -1, &insert, nullptr);
  for (const auto& c : p.cases()) {
    sqlite3_bind_int64(insert, 1, case_id[c.id]);
    const std::string value = p.CaseAttribute(c.id, role)->ToString();
    sqlite3_bind_text(insert, 2, value.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite3_prepare_v2(db, "INSERT INTO coding VALUES (?, ?, ?, ?, ?)", -1, &insert, nullptr);
  for (const auto& e : p.excerpts()) {
    for (const std::string& c : e.code_ids) {
      sqlite3_bind_int64(insert, 1, code_id[c]);
      sqlite3_bind_int64(insert, 2, doc_id[e.document_id]);
      sqlite3_bind_int64(insert, 3, e.span.start);
      sqlite3_bind_int64(insert, 4, e.span.end);
      sqlite3_bind_int64(insert, 5, coder_id[e.coder_id]);
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
  }
  sqlite3_finalize(insert);
  Exec(db, "COMMIT");
  Exec(db, "CREATE INDEX coding_doc ON coding (doc, start)");
  Exec(db, "CREATE INDEX coding_code ON coding (code)");

  // The index is built once per project state (as SQLite's tables and
  // indexes are, outside its timings); it is timed on its own.
  double t = thematica::bench::Now();
  thematica::Analysis analysis(p);
  (void)analysis.Saturation({p.documents()[0].id});
  const double index_time = thematica::bench::Now() - t;
  t = thematica::bench::Now();
  auto matrix = analysis.Cooccurrence(thematica::Unit::kExcerpts, thematica::Measure::kCount);
  const double ours_co = thematica::bench::Now() - t;
  t = thematica::bench::Now();
  auto sql_co = Query(db,
                      "SELECT a.code, CAST(b.code AS TEXT), COUNT(*) FROM coding a JOIN coding b "
                      "ON a.doc = b.doc AND a.start < b.end AND b.start < a.end AND a.code <> b.code "
                      "AND a.rowid <> b.rowid GROUP BY a.code, b.code");
  const double sqlite_co = thematica::bench::Now() - t;

  t = thematica::bench::Now();
  auto table = analysis.CrossTab(role, thematica::Unit::kCases);
  const double ours_x = thematica::bench::Now() - t;
  t = thematica::bench::Now();
  auto sql_x = Query(db,
                     "SELECT c.code, r.role, COUNT(DISTINCT d.case_id) FROM coding c JOIN doc d ON d.id = c.doc "
                     "JOIN attr r ON r.case_id = d.case_id GROUP BY c.code, r.role");
  const double sqlite_x = thematica::bench::Now() - t;

  // Same answers?
  size_t mismatches = 0;
  const size_t n = matrix->code_ids.size();
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      auto it = sql_co.find({static_cast<int64_t>(a), std::to_string(b)});
      const int64_t expected = it == sql_co.end() ? 0 : it->second;
      mismatches += static_cast<int64_t>(matrix->at(a, b)) != expected;
    }
  }
  for (size_t c = 0; c < table->code_ids.size(); ++c) {
    for (size_t j = 0; j < table->columns.size(); ++j) {
      auto it = sql_x.find({static_cast<int64_t>(c), table->columns[j]});
      mismatches += table->at(c, j) != (it == sql_x.end() ? 0 : it->second);
    }
  }
  std::printf("%-34s %10s %10s %8s\n", "query", "thematica", "sqlite", "ratio");
  std::printf("%-34s %9.3fs %9.3fs %7.1f×\n", "co-occurrence of all codes", ours_co, sqlite_co, sqlite_co / ours_co);
  std::printf("%-34s %9.3fs %9.3fs %7.1f×\n", "codes × role crosstab (cases)", ours_x, sqlite_x, sqlite_x / ours_x);
  std::printf("(building the analysis index once: %.3fs)\n", index_time);
  std::printf("answers %s\n", mismatches == 0 ? "identical" : "DIFFER");
  sqlite3_close(db);
  return mismatches == 0 ? 0 : 1;
}
