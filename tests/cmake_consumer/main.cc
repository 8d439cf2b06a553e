// Builds a project, saves it, loads it back and prints one excerpt's text.
#include <cstdio>
#include <string>

#include <thematica/thematica.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  thematica::Project project("consumer");
  const std::string doc =
      project.AddDocument({.name = "d", .text = "caf\xC3\xA9 \xF0\x9F\x98\x80 bridge"}).value();
  const std::string code = project.AddCode({.name = "Bridge"}).value();
  (void)project.AddExcerpt({.document_id = doc, .span = {7, 13}, .code_ids = {code}}).value();
  if (absl::Status s = thematica::SaveProject(project, argv[1]); !s.ok()) return 1;
  absl::StatusOr<thematica::Project> back = thematica::LoadProject(argv[1]);
  if (!back.ok()) return 1;
  std::printf("%s\n", std::string(back->ExcerptText(back->excerpts()[0])).c_str());
  return 0;
}
