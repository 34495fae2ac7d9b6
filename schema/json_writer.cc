#include "schema/json_writer.h"

#include <array>
#include <charconv>

namespace svc::plan {
namespace {

// What a byte needs in a JSON string: 0 = copy as is, 1 = an escape, 2 = UTF-8 validation.
constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<size_t>(c)] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<size_t>(c)] = 2;
  return t;
}();

// Length of a valid UTF-8 sequence at s[i], or 0.
size_t Utf8Len(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
      (c == 0xf4 && c1 >= 0x90)) {
    return 0;
  }
  return n;
}

// Whether any of the 8 bytes of `w` is < 0x20, '"', '\\' or >= 0x80 (SWAR: "has a byte less
// than n" and "has a zero byte" are exact for the word as a whole). Most strings of a plan are
// paths and words, which this passes 8 bytes at a time.
bool NeedsCare(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t quote = w ^ (kOnes * '"');
  uint64_t backslash = w ^ (kOnes * '\\');
  uint64_t control = (w - kOnes * 0x20) & ~w;
  uint64_t is_quote = (quote - kOnes) & ~quote;
  uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((control | is_quote | is_backslash | w) & kHigh) != 0;
}

// The end of the run of bytes from `i` that are copied as they are.
size_t PlainRun(const unsigned char* in, size_t i, size_t n) {
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, in + i, 8);
    if (NeedsCare(w)) break;
  }
  while (i < n && kClass[in[i]] == 0) ++i;
  return i;
}

}  // namespace

void JsonWriter::Grow(size_t n) {
  size_t want = std::max<size_t>(std::max(size_ + n, cap_ * 2), 256);
  char* grown = static_cast<char*>(std::realloc(buf_.get(), want));
  if (grown == nullptr) std::abort();  // out of memory, as operator new would end it
  static_cast<void>(buf_.release());
  buf_.reset(grown);
  cap_ = want;
}

void JsonWriter::Newline() {
  if (indent_ < 0) return;
  size_t n = static_cast<size_t>(depth_ * indent_);
  Reserve(n + 1);
  char* p = buf_.get() + size_;
  *p = '\n';
  std::memset(p + 1, ' ', n);
  size_ += n + 1;
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  if (!first_) Raw(',');
  first_ = false;
  Newline();
}

void JsonWriter::Open(char c) {
  BeforeValue();
  Raw(c);
  ++depth_;
  first_ = true;
}

void JsonWriter::Close(char c) {
  --depth_;
  if (!first_) Newline();  // an empty container stays "{}" / "[]"
  Raw(c);
  first_ = false;
  MaybeFlush();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  Escaped(key);
  if (indent_ < 0) {
    Raw(':');
  } else {
    Put(": ", 2);
  }
  after_key_ = true;
}

void JsonWriter::FieldKey(std::string_view key) {
  BeforeValue();
  Reserve(key.size() + 4);
  char* p = buf_.get() + size_;
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  *p++ = '"';
  *p++ = ':';
  if (indent_ >= 0) *p++ = ' ';
  size_ = static_cast<size_t>(p - buf_.get());
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  Escaped(value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  Reserve(24);
  char* p = buf_.get() + size_;
  size_ += static_cast<size_t>(std::to_chars(p, p + 24, value).ptr - p);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  if (value) {
    Put("true", 4);
  } else {
    Put("false", 5);
  }
}

void JsonWriter::Null() {
  BeforeValue();
  Put("null", 4);
}

void JsonWriter::Escaped(std::string_view s) {
  // Worst case: every byte becomes a 6-byte \u00XX escape (U+FFFD takes 3 for 1), plus quotes.
  Reserve(s.size() * 6 + 2);
  char* out = buf_.get() + size_;
  *out++ = '"';
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t run = PlainRun(in, i, s.size());
    std::memcpy(out, s.data() + i, run - i);
    out += run - i;
    i = run;
    if (i >= s.size()) break;
    unsigned char c = in[i];
    if (c >= 0x80) {
      size_t n = Utf8Len(s, i);
      if (n == 0) {
        std::memcpy(out, "\xef\xbf\xbd", 3);  // U+FFFD, as nlohmann's error_handler_t::replace
        out += 3;
        ++i;
      } else {
        std::memcpy(out, s.data() + i, n);
        out += n;
        i += n;
      }
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"':
        *out++ = '"';
        break;
      case '\\':
        *out++ = '\\';
        break;
      case '\b':
        *out++ = 'b';
        break;
      case '\f':
        *out++ = 'f';
        break;
      case '\n':
        *out++ = 'n';
        break;
      case '\r':
        *out++ = 'r';
        break;
      case '\t':
        *out++ = 't';
        break;
      default: {
        constexpr char kHex[] = "0123456789abcdef";
        *out++ = 'u';
        *out++ = '0';
        *out++ = '0';
        *out++ = kHex[c >> 4];
        *out++ = kHex[c & 0xf];
      }
    }
    ++i;
  }
  *out++ = '"';
  size_ = static_cast<size_t>(out - buf_.get());
}

}  // namespace svc::plan
