#include "runtime/rpc/http_request_parser.h"

#include <algorithm>
#include <cstring>

namespace svc::runtime::rpc {
namespace {

constexpr std::size_t kMaxHeaders = 100;
constexpr std::size_t kMaxChunkLine = 1024;  // "1a2b;ext=…": more is not a real client

bool IsTokenChar(unsigned char c) {
  return c > 0x20 && c < 0x7f && std::strchr("\"(),/:;<=>?@[\\]{}", c) == nullptr;
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return IsTokenChar(static_cast<unsigned char>(c));
  });
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Decimal digits only (no sign, no spaces, no comma lists), without overflow.
bool ParseLength(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = value;
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const std::string* HttpRequestHead::Find(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsNoCase(key, name)) return &value;
  }
  return nullptr;
}

HttpRequestParser::HttpRequestParser(std::size_t max_head, std::size_t max_body)
    : max_head_(max_head), max_body_(max_body) {}

void HttpRequestParser::Reset() {
  state_ = State::kHead;
  body_state_ = Body::kLength;
  error_ = 0;
  started_ = false;
  have_request_line_ = false;
  head_bytes_ = 0;
  line_.clear();
  head_ = HttpRequestHead();
  body_.clear();
  remaining_ = 0;
}

bool HttpRequestParser::Fail(int status) {
  state_ = State::kError;
  error_ = status;
  return false;
}

std::size_t HttpRequestParser::Feed(std::string_view data) {
  std::size_t consumed = 0;
  if (!data.empty() && (state_ == State::kHead || state_ == State::kBody)) started_ = true;
  while (consumed < data.size()) {
    std::string_view rest = data.substr(consumed);
    if (state_ == State::kHead) {
      consumed += FeedLine(rest, &HttpRequestParser::HeadLine);
      if (state_ != State::kHead) break;  // the head is judged before any body byte
    } else if (state_ == State::kBody) {
      consumed += FeedBody(rest);
    } else {
      break;
    }
  }
  return consumed;
}

// Collects one line (ending in LF, optionally CRLF) and hands it to `on_line` without its end.
std::size_t HttpRequestParser::FeedLine(std::string_view data,
                                        bool (HttpRequestParser::*on_line)(std::string_view)) {
  bool in_head = state_ == State::kHead || body_state_ == Body::kTrailer;
  std::size_t newline = data.find('\n');
  std::size_t take = newline == std::string_view::npos ? data.size() : newline + 1;
  if (in_head) {
    head_bytes_ += take;
    if (head_bytes_ > max_head_) {
      Fail(431);
      return take;
    }
  } else if (line_.size() + take > kMaxChunkLine) {
    Fail(400);
    return take;
  }
  line_.append(data.data(), newline == std::string_view::npos ? take : newline);
  if (newline == std::string_view::npos) return take;
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
    Fail(400);
    return take;
  }
  (this->*on_line)(line);
  line_.clear();
  return take;
}

bool HttpRequestParser::HeadLine(std::string_view line) {
  if (!have_request_line_) {
    if (line.empty()) return true;  // stray CRLFs between requests (supervisorctl sends one)
    have_request_line_ = true;
    return RequestLine(line);
  }
  if (line.empty()) return EndOfHead();
  return HeaderLine(line);
}

bool HttpRequestParser::RequestLine(std::string_view line) {
  std::size_t first = line.find(' ');
  if (first == std::string_view::npos) return Fail(400);
  std::size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return Fail(400);
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, second - first - 1);
  std::string_view version = line.substr(second + 1);
  if (!IsToken(method) || target.empty()) return Fail(400);
  for (char c : target) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return Fail(400);
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return Fail(400);
  }
  if (version[5] != '1') return Fail(505);
  head_.method = method;
  head_.target = target;
  head_.minor = version[7] - '0';
  return true;
}

bool HttpRequestParser::HeaderLine(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') return Fail(400);  // obsolete line folding
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) return Fail(400);
  if (head_.headers.size() == kMaxHeaders) return Fail(431);
  head_.headers.emplace_back(line.substr(0, colon), Trim(line.substr(colon + 1)));
  return true;
}

bool HttpRequestParser::EndOfHead() {
  int transfer_encodings = 0;
  for (const auto& [name, value] : head_.headers) {
    if (EqualsNoCase(name, "Content-Length")) {
      uint64_t length = 0;
      if (!ParseLength(value, &length)) return Fail(400);
      if (head_.has_length && length != head_.content_length) return Fail(400);
      head_.has_length = true;
      head_.content_length = length;
    } else if (EqualsNoCase(name, "Transfer-Encoding")) {
      if (++transfer_encodings > 1 || !EqualsNoCase(value, "chunked")) return Fail(501);
      head_.chunked = true;
    } else if (EqualsNoCase(name, "Connection")) {
      std::string_view tokens = value;
      while (!tokens.empty()) {
        std::size_t comma = tokens.find(',');
        if (EqualsNoCase(Trim(tokens.substr(0, comma)), "close")) head_.keep_alive = false;
        tokens = comma == std::string_view::npos ? std::string_view() : tokens.substr(comma + 1);
      }
    } else if (EqualsNoCase(name, "Expect")) {
      if (!EqualsNoCase(value, "100-continue")) return Fail(417);
      head_.expect_continue = true;
    }
  }
  // Both framings at once is how requests are smuggled past a proxy: refused, not guessed.
  if (head_.chunked && head_.has_length) return Fail(400);
  if (head_.minor == 0) head_.keep_alive = false;
  if (head_.chunked) {
    state_ = State::kBody;
    body_state_ = Body::kChunkSize;
    return true;
  }
  if (head_.content_length > max_body_) return Fail(413);
  if (head_.content_length == 0) {
    state_ = State::kComplete;
    return true;
  }
  // Grown as bytes arrive, not reserved at once: a declared length costs nothing until sent.
  body_.reserve(std::min<uint64_t>(head_.content_length, 64 * 1024));
  remaining_ = head_.content_length;
  state_ = State::kBody;
  body_state_ = Body::kLength;
  return true;
}

std::size_t HttpRequestParser::FeedBody(std::string_view data) {
  switch (body_state_) {
    case Body::kLength:
    case Body::kChunkData: {
      std::size_t take = static_cast<std::size_t>(std::min<uint64_t>(remaining_, data.size()));
      body_.append(data.data(), take);
      remaining_ -= take;
      if (remaining_ == 0) {
        if (body_state_ == Body::kLength) {
          state_ = State::kComplete;
        } else {
          body_state_ = Body::kChunkDataEnd;
        }
      }
      return take;
    }
    case Body::kChunkSize:
      return FeedLine(data, &HttpRequestParser::ChunkSizeLine);
    case Body::kChunkDataEnd:
      return FeedLine(data, &HttpRequestParser::ChunkEndLine);
    case Body::kTrailer:
      return FeedLine(data, &HttpRequestParser::TrailerLine);
  }
  return 0;
}

bool HttpRequestParser::ChunkSizeLine(std::string_view line) {
  std::size_t i = 0;
  uint64_t size = 0;
  for (; i < line.size() && HexDigit(line[i]) >= 0; ++i) {
    if (i == 15) return Fail(413);  // beyond any body limit anyway
    size = size * 16 + static_cast<uint64_t>(HexDigit(line[i]));
  }
  std::string_view rest = Trim(line.substr(i));
  if (i == 0 || (!rest.empty() && rest.front() != ';')) return Fail(400);
  if (size > max_body_ - body_.size()) return Fail(413);
  if (size == 0) {
    body_state_ = Body::kTrailer;
  } else {
    remaining_ = size;
    body_state_ = Body::kChunkData;
  }
  return true;
}

bool HttpRequestParser::ChunkEndLine(std::string_view line) {
  if (!line.empty()) return Fail(400);
  body_state_ = Body::kChunkSize;
  return true;
}

bool HttpRequestParser::TrailerLine(std::string_view line) {
  if (line.empty()) {
    state_ = State::kComplete;
    return true;
  }
  // Trailers are checked for form, then dropped: nothing here needs them.
  std::size_t colon = line.find(':');
  if (line.front() == ' ' || line.front() == '\t' || colon == std::string_view::npos ||
      !IsToken(line.substr(0, colon))) {
    return Fail(400);
  }
  return true;
}

}  // namespace svc::runtime::rpc
