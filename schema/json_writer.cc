#include "schema/json_writer.h"

#include <array>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace svc::plan {
namespace {

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

#if defined(__SSE2__)

// Copies the run of bytes from `i` that need no escaping to `out` and returns its end. May
// write up to 16 bytes past the run (the caller reserved them).
// The last block of a string (most strings of a plan are shorter than 16 bytes) is taken from
// a zeroed copy: never a read past the string's end.
size_t CopyPlain(const unsigned char* in, size_t i, size_t n, char* out) {
  // A signed compare with 0x20 catches both control bytes and bytes >= 0x80.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  auto care = [&](__m128i v) {
    __m128i bad =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    return static_cast<unsigned>(_mm_movemask_epi8(bad));
  };
  size_t start = i;
  while (i < n) {
    size_t left = n - i;
    __m128i v;
    unsigned mask;
    if (left >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
      mask = care(v);
    } else {
      alignas(16) unsigned char last[16] = {};
      std::memcpy(last, in + i, left);
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(last));
      mask = care(v) & ((1u << left) - 1);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + (i - start)), v);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += left >= 16 ? 16 : left;
  }
  return i;
}

#else

// What a byte needs in a JSON string: 0 = copy as is, 1 = an escape, 2 = UTF-8 validation.
constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<size_t>(c)] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<size_t>(c)] = 2;
  return t;
}();

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

// Copies the run of bytes from `i` that need no escaping to `out` and returns its end. May
// write up to 16 bytes past the run (the caller reserved them).
size_t CopyPlain(const unsigned char* in, size_t i, size_t n, char* out) {
  size_t end = PlainRun(in, i, n);
  std::memcpy(out, in + i, end - i);
  return end;
}

#endif

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

void JsonWriter::Int(int64_t value) {
  char* p = Value(24);
  if (value >= 0 && value < 10) {  // most numbers of a plan: flags, counts, retries
    *p = static_cast<char>('0' + value);
    ++size_;
    return;
  }
  size_ += static_cast<size_t>(std::to_chars(p, p + 24, value).ptr - p);
}

void JsonWriter::EscapedThenInt(std::string_view escaped, int64_t number) {
  char* p = Value(escaped.size() + 26);
  *p++ = '"';
  std::memcpy(p, escaped.data(), escaped.size());
  p += escaped.size();
  p = std::to_chars(p, p + 24, number).ptr;
  *p++ = '"';
  size_ = static_cast<size_t>(p - buf_.get());
}

void JsonWriter::Null() {
  BeforeValue();
  Put("null", 4);
}

void JsonWriter::Escaped(std::string_view s) {
  // Worst case: every byte becomes a 6-byte \u00XX escape (U+FFFD takes 3 for 1), plus quotes,
  // plus the slack of one 16-byte block copied whole.
  Reserve(s.size() * 6 + 2 + 16);
  char* out = buf_.get() + size_;
  *out++ = '"';
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping.
    size_t run = CopyPlain(in, i, s.size(), out);
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
