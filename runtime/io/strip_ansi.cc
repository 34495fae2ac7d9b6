// AnsiStripper: a three-state scanner (text, ESC seen, inside a sequence).
#include "runtime/io/strip_ansi.h"

namespace svc::runtime::io {
namespace {

constexpr char kEsc = '\x1b';

bool IsTerminator(char c) {
  return std::string_view("HfABCDRsuJKhlpm").find(c) != std::string_view::npos;
}

}  // namespace

std::size_t AnsiStripper::StripShifted(char* buffer, std::size_t n) {
  std::size_t out = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    const char c = buffer[i];
    switch (state_) {
      case State::kSequence:
        if (IsTerminator(c)) state_ = State::kText;
        break;
      case State::kEscape:
        if (c == '[') {
          state_ = State::kSequence;
          break;
        }
        buffer[out++] = kEsc;  // out < i here, so the unread input is never overwritten
        state_ = State::kText;
        [[fallthrough]];
      case State::kText:
        if (c == kEsc) {
          state_ = State::kEscape;
        } else {
          buffer[out++] = c;
        }
        break;
    }
  }
  return out;
}

std::string_view AnsiStripper::Finish() {
  const State state = state_;
  state_ = State::kText;
  return state == State::kEscape ? std::string_view("\x1b", 1) : std::string_view();
}

std::string StripAnsi(std::string_view data) {
  std::string buffer(data.size() + 1, '\0');
  data.copy(buffer.data() + 1, data.size());
  AnsiStripper stripper;
  buffer.resize(stripper.StripShifted(buffer.data(), data.size()));
  buffer += stripper.Finish();
  return buffer;
}

}  // namespace svc::runtime::io
