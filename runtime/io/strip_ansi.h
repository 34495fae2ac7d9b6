// supervisord's stripEscapes (strip_ansi=true): drop "ESC [" and everything up to and
// including the first of H f A B C D R s u J K h l p m. Streaming: the state carries over
// between reads, so a sequence split across two reads is removed too (supervisord strips each
// read on its own and lets such halves through).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace svc::runtime::io {

class AnsiStripper {
 public:
  // Strips the `n` input bytes at buffer[1..n] and writes the result from buffer[0]; returns
  // its length (at most n + 1). buffer[0] is the room for an ESC held back from the previous
  // chunk when that chunk ended on ESC and this one does not start with '['.
  std::size_t StripShifted(char* buffer, std::size_t n);

  // At end of stream: a held-back ESC is output (it was not the start of a sequence); an
  // unfinished sequence is dropped. Returns the bytes to output.
  std::string_view Finish();

 private:
  enum class State { kText, kEscape, kSequence };
  State state_ = State::kText;
};

// The whole-buffer form, exactly stripEscapes(s).
std::string StripAnsi(std::string_view data);

}  // namespace svc::runtime::io
