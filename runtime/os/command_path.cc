#include "runtime/os/command_path.h"

#include <sys/stat.h>
#include <unistd.h>

namespace svc::runtime::os {
namespace {

constexpr std::string_view kDefaultPath[] = {"/bin", "/usr/bin", "/usr/local/bin"};

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> parts;
  for (;;) {
    const size_t colon = text.find(':');
    parts.emplace_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    text.remove_prefix(colon + 1);
  }
}

// os.path.join(dir, name) for a name without '/'.
std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool IsExecutableFile(const std::string& path, const struct stat& st) {
  return !S_ISDIR(st.st_mode) && (st.st_mode & 0111) != 0 && access(path.c_str(), X_OK) == 0;
}

CommandError Error(core::SpawnFailure failure, std::string_view subject) {
  return {failure, core::SpawnErrorText(failure, subject)};
}

// ServerOptions.check_execv_args, in its order.
tl::expected<std::string, CommandError> Check(const std::string& filename, const struct stat* st) {
  if (st == nullptr) return tl::unexpected(Error(core::SpawnFailure::kNotFound, filename));
  if (S_ISDIR(st->st_mode)) {
    return tl::unexpected(Error(core::SpawnFailure::kIsDirectory, filename));
  }
  if ((st->st_mode & 0111) == 0) {
    return tl::unexpected(Error(core::SpawnFailure::kNotExecutable, filename));
  }
  if (access(filename.c_str(), X_OK) != 0) {
    return tl::unexpected(Error(core::SpawnFailure::kNoPermission, filename));
  }
  return filename;
}

}  // namespace

std::vector<std::string> SearchPath(const std::map<std::string, std::string>& environment,
                                    std::optional<std::string_view> inherited_path) {
  if (auto it = environment.find("PATH"); it != environment.end()) return Split(it->second);
  if (inherited_path && !inherited_path->empty()) return Split(*inherited_path);
  return {std::begin(kDefaultPath), std::end(kDefaultPath)};
}

tl::expected<std::string, CommandError> ResolveCommand(
    const std::vector<std::string>& argv, const std::vector<std::string>& search_path) {
  if (argv.empty()) {
    return tl::unexpected(Error(core::SpawnFailure::kCommandEmpty, {}));
  }
  const std::string& program = argv.front();
  struct stat st {};
  if (program.find('/') != std::string::npos) {
    return Check(program, stat(program.c_str(), &st) == 0 ? &st : nullptr);
  }
  std::optional<std::string> first_existing;
  struct stat first_st {};
  for (const std::string& dir : search_path) {
    std::string candidate = Join(dir, program);
    if (stat(candidate.c_str(), &st) != 0) continue;
    if (IsExecutableFile(candidate, st)) return candidate;
    if (!first_existing) {
      first_existing = std::move(candidate);
      first_st = st;
    }
  }
  if (!first_existing) return Check(program, nullptr);
  return Check(*first_existing, &first_st);
}

}  // namespace svc::runtime::os
