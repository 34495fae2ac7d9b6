// `%(name)s` expansion exactly as supervisord applies Python's %-formatting to option values:
// flags, width and precision (`%(process_num)02d`), `%%`, and Python's error cases.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

namespace svc::compiler {

using ExpansionValue = std::variant<std::string, int64_t>;
using ExpansionMap = std::map<std::string, ExpansionValue, std::less<>>;

// The names visible to one option: layers searched from the last to the first, so a later
// layer overrides an earlier one (supervisord merges its dicts the same way).
// A fixed array, not a vector: a scope is built for every option of every process.
class Scope {
 public:
  static constexpr size_t kMaxLayers = 8;
  Scope() = default;
  Scope(std::initializer_list<const ExpansionMap*> layers) {
    for (const ExpansionMap* layer : layers) Push(layer);
  }
  void Push(const ExpansionMap* layer) {
    if (size_ == kMaxLayers) std::abort();  // a programming error: scopes have a few layers
    layers_[size_++] = layer;
  }
  const ExpansionValue* Find(std::string_view name) const;
  std::vector<std::string> Names() const;  // sorted, for "did you mean" and messages

 private:
  std::array<const ExpansionMap*, kMaxLayers> layers_{};
  size_t size_ = 0;
};

struct ExpandError {
  enum class Kind { kUnknownName, kBadFormat };
  Kind kind = Kind::kBadFormat;
  std::string name;     // the unknown name (kUnknownName)
  std::string message;  // what is wrong (kBadFormat)
  size_t offset = 0;    // byte offset of the offending '%' in the input
  size_t length = 1;
};

tl::expected<std::string, ExpandError> Expand(std::string_view text, const Scope& scope);

}  // namespace svc::compiler
