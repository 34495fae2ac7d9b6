// An incremental HTTP/1.x request parser: bytes in, one request (head, then its body, de-chunked)
// out. Pure: no sockets, no clock. Strict where leniency invites request smuggling (CR or NUL
// inside a line, Content-Length with Transfer-Encoding, folded headers, number overflow).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace svc::runtime::rpc {

struct HttpRequestHead {
  std::string method;
  std::string target;  // as sent: path and query, still %-encoded
  int minor = 1;       // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // in order, values trimmed
  bool keep_alive = true;        // HTTP/1.1 without "Connection: close"; HTTP/1.0 never
  bool expect_continue = false;  // "Expect: 100-continue"
  bool chunked = false;          // Transfer-Encoding: chunked
  bool has_length = false;       // a Content-Length header
  uint64_t content_length = 0;

  // The first header of that name (case-insensitive), or null.
  const std::string* Find(std::string_view name) const;
};

class HttpRequestParser {
 public:
  enum class State {
    kHead,      // waiting for more of the request line and headers
    kBody,      // the head is complete (head() valid); more body bytes are due
    kComplete,  // head and body complete; Reset() before the next request
    kError,     // error() is the HTTP status to answer; the connection cannot be reused
  };

  // `max_head`: request line plus headers (and a chunked body's trailers), in bytes.
  // `max_body`: the decoded body; a larger one is an error 413 as soon as it is known.
  HttpRequestParser(std::size_t max_head, std::size_t max_body);

  // Consumes a prefix of `data` and returns its length. Stops right after the head (so the head
  // can be judged before any body is read) and after the end of the request (the rest belongs
  // to the next, pipelined request). Consumes nothing in kComplete or kError.
  std::size_t Feed(std::string_view data);

  State state() const { return state_; }
  int error() const { return error_; }
  const HttpRequestHead& head() const { return head_; }
  std::string& body() { return body_; }
  // True once any byte of the current request has arrived (a started head).
  bool started() const { return started_; }

  // Forgets the current request; the next Feed starts a new one.
  void Reset();

 private:
  enum class Body { kLength, kChunkSize, kChunkData, kChunkDataEnd, kTrailer };

  std::size_t FeedLine(std::string_view data, bool (HttpRequestParser::*on_line)(std::string_view));
  std::size_t FeedBody(std::string_view data);
  bool HeadLine(std::string_view line);
  bool RequestLine(std::string_view line);
  bool HeaderLine(std::string_view line);
  bool EndOfHead();
  bool ChunkSizeLine(std::string_view line);
  bool ChunkEndLine(std::string_view line);
  bool TrailerLine(std::string_view line);
  bool Fail(int status);

  std::size_t max_head_;
  std::size_t max_body_;
  State state_ = State::kHead;
  Body body_state_ = Body::kLength;
  int error_ = 0;
  bool started_ = false;
  bool have_request_line_ = false;
  std::size_t head_bytes_ = 0;
  std::string line_;  // the partial line so far
  HttpRequestHead head_;
  std::string body_;
  uint64_t remaining_ = 0;  // of the body (kLength) or of the current chunk (kChunkData)
};

}  // namespace svc::runtime::rpc
