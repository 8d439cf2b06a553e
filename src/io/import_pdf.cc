// PDF reader of thematica::ImportFile: the text layer, page by page, from
// poppler's `pdftotext` (GPL), run as a separate program without a shell so
// that no GPL code is linked into the library. THEMATICA_PDFTOTEXT names
// another program with the same command line.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "io/import_internal.h"
#include "internal/file_util.h"
#include "thematica/text.h"

extern char** environ;

namespace thematica::internal {
namespace {

// Removes the files it names when it goes out of scope.
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    std::error_code ignored;
    for (const std::string& p : paths) std::filesystem::remove(p, ignored);
  }
};

}  // namespace

absl::StatusOr<std::string> PdfText(absl::string_view bytes) {
  if (bytes.substr(0, 5) != "%PDF-") {
    return absl::DataLossError("not a PDF file (it does not start with %PDF-)");
  }
  const char* env = std::getenv("THEMATICA_PDFTOTEXT");
  const std::string program = env != nullptr && *env != '\0' ? env : "pdftotext";
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return absl::InternalError(absl::StrCat("no temporary folder: ", ec.message()));
  const std::string stem =
      (dir / absl::StrCat("thematica_pdf_", ::getpid(), "_", reinterpret_cast<uintptr_t>(&bytes)))
          .string();
  TempFiles temp{{stem + ".pdf", stem + ".err"}};
  if (absl::Status s = WriteFileAtomic(stem + ".pdf", bytes); !s.ok()) return s;

  int out_pipe[2];
  if (::pipe(out_pipe) != 0) return IoError(errno, "pipe for", program);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  const std::string err_path = stem + ".err";
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const std::string pdf_path = stem + ".pdf";
  std::vector<std::string> args = {program, "-enc", "UTF-8", "-eol", "unix", pdf_path, "-"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (spawn_error != 0) {
    ::close(out_pipe[0]);
    if (spawn_error == ENOENT) {
      return absl::FailedPreconditionError(absl::StrCat(
          "'", program, "' not found: reading PDF needs poppler's pdftotext "
          "(Debian: apt-get install poppler-utils) or THEMATICA_PDFTOTEXT"));
    }
    return IoError(spawn_error, "cannot run", program);
  }
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(out_pipe[0]);
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    std::string err = std::string(absl::StripAsciiWhitespace(ReadFile(err_path).value_or("")));
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 127) {
      return absl::FailedPreconditionError(absl::StrCat("'", program, "' could not be run: ", err));
    }
    if (absl::StrContains(absl::AsciiStrToLower(err), "password")) {
      return absl::InvalidArgumentError(
          absl::StrCat("an encrypted (password-protected) PDF: ", err));
    }
    return absl::DataLossError(absl::StrCat("not a readable PDF: ", program, " says: ", err));
  }
  if (absl::Status s = ValidateUtf8(text); !s.ok()) {
    return absl::DataLossError(absl::StrCat(program, " returned invalid UTF-8: ", s.message()));
  }
  // Pages end with a form feed; each page starts on a new line.
  absl::StrReplaceAll({{"\f", "\n"}}, &text);
  std::string lines = NormalizeLines(text);
  if (absl::StripAsciiWhitespace(lines).empty()) {
    return absl::InvalidArgumentError(
        "the PDF has no text layer (scanned? run OCR first, e.g. ocrmypdf)");
  }
  return lines;
}

}  // namespace thematica::internal
