// The README's C++ quick start (tests/python/test_readme.py keeps the two equal).
#include <iostream>
#include <string>

#include "thematica/native_io.h"
#include "thematica/project.h"

int main() {
  thematica::Project project("Peer support in hospital");
  const std::string p4 = project.AddCase({.name = "P4"}).value();
  const std::string doc =
      project.AddDocument({.name = "P4 interview", .text = "“be my voice” 😀", .case_id = p4})
          .value();
  const std::string code = project.AddCode({.name = "Advocacy"}).value();
  absl::StatusOr<std::string> excerpt =
      project.AddExcerpt({.document_id = doc, .span = {1, 12}, .code_ids = {code}});
  if (!excerpt.ok()) {
    std::cerr << excerpt.status() << "\n";
    return 1;
  }
  std::cout << project.ExcerptText(*excerpt).value() << "\n";  // be my voice
  if (absl::Status s = thematica::SaveProject(project, "study.thematica"); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  absl::StatusOr<thematica::Project> loaded = thematica::LoadProject("study.thematica");
  std::cout << (loaded.ok() ? loaded->documents().size() : 0) << " document\n";
  return 0;
}
