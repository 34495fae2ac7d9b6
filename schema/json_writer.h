// A small streaming JSON writer producing exactly nlohmann::json's dump() text (indent 2 or
// compact, U+FFFD for invalid UTF-8), without building a DOM: 10,000 processes are written in
// one pass with no per-value allocation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace svc::plan {

class JsonWriter {
 public:
  explicit JsonWriter(int indent) : indent_(indent) {}  // indent < 0: compact
  // Streams: whenever the buffer passes `threshold` bytes it is handed to `sink` and cleared,
  // so a 20 MB plan never sits in memory whole. Call Flush() at the end.
  JsonWriter(int indent, std::function<void(std::string_view)> sink, size_t threshold)
      : indent_(indent), sink_(std::move(sink)), threshold_(threshold) {}
  void Flush() {
    if (sink_ && !out_.empty()) sink_(out_);
    out_.clear();
  }
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  std::string& out() { return out_; }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  void Newline();
  void Escaped(std::string_view s);

  void MaybeFlush() {
    if (sink_ && out_.size() >= threshold_) Flush();
  }

  std::string out_;
  int indent_;
  std::function<void(std::string_view)> sink_;
  size_t threshold_ = 0;
  int depth_ = 0;
  bool first_ = true;  // no element written yet at this depth
  bool after_key_ = false;
};

}  // namespace svc::plan
