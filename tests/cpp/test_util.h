// GoogleTest helpers for absl::Status (Debian's Abseil ships none).
//
//   EXPECT_OK(project.AddCoder({.name = "Ana"}));
//   ASSERT_OK_AND_ASSIGN(std::string id, project.AddCase({.name = "P1"}));
#ifndef THEMATICA_TESTS_CPP_TEST_UTIL_H_
#define THEMATICA_TESTS_CPP_TEST_UTIL_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace thematica::testing {

inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

}  // namespace thematica::testing

// Each evaluates `expr` once.
#define EXPECT_OK(expr)                                                    \
  do {                                                                     \
    const ::absl::Status s_ = ::thematica::testing::StatusOf(expr);        \
    EXPECT_TRUE(s_.ok()) << s_;                                            \
  } while (false)
#define ASSERT_OK(expr)                                                    \
  do {                                                                     \
    const ::absl::Status s_ = ::thematica::testing::StatusOf(expr);        \
    ASSERT_TRUE(s_.ok()) << s_;                                            \
  } while (false)

#define THEMATICA_TEST_CONCAT_INNER_(a, b) a##b
#define THEMATICA_TEST_CONCAT_(a, b) THEMATICA_TEST_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                      \
  auto THEMATICA_TEST_CONCAT_(statusor_, __LINE__) = (rexpr);                 \
  ASSERT_TRUE(THEMATICA_TEST_CONCAT_(statusor_, __LINE__).ok())               \
      << THEMATICA_TEST_CONCAT_(statusor_, __LINE__).status();                \
  lhs = std::move(THEMATICA_TEST_CONCAT_(statusor_, __LINE__)).value()

// Expects `expr` to fail with `code` and a message containing `substr`.
#define EXPECT_STATUS(expr, expected_code, substr)                                   \
  do {                                                                      \
    const ::absl::Status s_ = ::thematica::testing::StatusOf(expr);         \
    EXPECT_EQ(s_.code(), expected_code) << s_;                                       \
    EXPECT_THAT(std::string(s_.message()), ::testing::HasSubstr(substr));   \
  } while (false)

#endif  // THEMATICA_TESTS_CPP_TEST_UTIL_H_
