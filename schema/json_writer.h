// A small streaming JSON writer producing exactly nlohmann::json's dump() text (indent 2 or
// compact, U+FFFD for invalid UTF-8), without building a DOM: 10,000 processes are written in
// one pass with no per-value allocation. It writes through a pointer into a buffer it grows
// ahead of time, so a value costs a bounds check and a copy, not a string append per byte.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
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
    if (sink_ && size_ > 0) sink_(text());
    size_ = 0;
  }
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  // A key known to need no escaping (the plan's field names): copied as is. Inline, so that a
  // literal's length is a constant and the copy is a few moves.
  [[gnu::always_inline]] void FieldKey(std::string_view key) {
    char* p = Separate(key.size() + 4);
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    if (indent_ >= 0) *p++ = ' ';
    size_ = static_cast<size_t>(p - buf_.get());
    after_key_ = true;
  }
  void String(std::string_view value) {
    BeforeValue();
    Escaped(value);
  }
  void Int(int64_t value);
  // The string whose JSON text is `escaped` (already escaped, without quotes) followed by the
  // decimal digits of `number`: "path:line" origins without building the string first.
  void EscapedThenInt(std::string_view escaped, int64_t number);
  void Bool(bool value) {
    char* p = Value(5);
    std::memcpy(p, value ? "true" : "false", 5);
    size_ += value ? 4 : 5;
  }
  void Null();
  void Raw(char c) {
    Reserve(1);
    buf_.get()[size_++] = c;
  }
  JsonWriter(JsonWriter&&) = default;
  JsonWriter& operator=(JsonWriter&&) = default;
  // Makes room for `n` bytes in all, so a writer whose size is known roughly never regrows.
  void Expect(size_t n) {
    if (n > cap_) Grow(n - size_);
  }
  // Starts over, keeping the buffer: one writer serves many small documents.
  void Clear() {
    size_ = 0;
    depth_ = 0;
    first_ = true;
    after_key_ = false;
  }
  std::string_view text() const { return {buf_.get(), size_}; }
  std::string Take() {
    std::string out(text());
    size_ = 0;
    return out;
  }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) Separate(0);
  }
  // Room for a value of at most `n` bytes, after its separator: a pointer to where it goes.
  char* Value(size_t n) {
    if (after_key_) {
      after_key_ = false;
      Reserve(n);
      return buf_.get() + size_;
    }
    if (depth_ == 0) {
      Reserve(n);
      return buf_.get() + size_;
    }
    return Separate(n);
  }
  // Writes the ',' (unless first) and the line break and indentation before an element, with
  // room for `n` more bytes after them; returns where they go. size_ is left after the break.
  [[gnu::always_inline]] char* Separate(size_t n) {
    size_t spaces = indent_ < 0 ? 0 : static_cast<size_t>(depth_ * indent_);
    Reserve(spaces + n + 2 + kSpaces);
    char* p = buf_.get() + size_;
    if (!first_) *p++ = ',';
    first_ = false;
    if (indent_ >= 0) {
      *p++ = '\n';
      // One fixed-size copy covers the usual indentation; the bytes past it are overwritten.
      if (spaces <= kSpaces) {
        std::memset(p, ' ', kSpaces);
      } else {
        std::memset(p, ' ', spaces);
      }
      p += spaces;
    }
    size_ = static_cast<size_t>(p - buf_.get());
    return p;
  }
  void Newline();
  void Escaped(std::string_view s);
  // Makes room for `n` more bytes at buf_[size_].
  void Reserve(size_t n) {
    if (size_ + n > cap_) Grow(n);
  }
  void Grow(size_t n);
  void Put(const char* data, size_t n) {
    Reserve(n);
    std::memcpy(buf_.get() + size_, data, n);
    size_ += n;
  }

  static constexpr size_t kSpaces = 16;

  void MaybeFlush() {
    if (sink_ && size_ >= threshold_) Flush();
  }

  // malloc'ed, not a std::string: growing it neither zero-fills the new room nor copies when
  // realloc can extend the block in place.
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> buf_;  // the first size_ bytes are the text; the rest is room
  size_t cap_ = 0;
  size_t size_ = 0;
  int indent_;
  std::function<void(std::string_view)> sink_;
  size_t threshold_ = 0;
  int depth_ = 0;
  bool first_ = true;  // no element written yet at this depth
  bool after_key_ = false;
};

}  // namespace svc::plan
