#include "runtime/rpc/http_connection.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <limits>

#include "runtime/rpc/web_form.h"

namespace svc::runtime::rpc {
namespace {

constexpr std::size_t kReadBlock = 16 * 1024;
// A streamed block: what a tail reads from its file per turn. The kernel's socket buffer holds
// the rest, so a client that stops reading costs at most this much here.
constexpr std::size_t kStreamBlock = 16 * 1024;
constexpr std::size_t kChunkRoom = 24;  // "<hex size>\r\n" before a block, "\r\n" after
constexpr int kMaxIov = 16;
// After the answer, the write side is shut and what the client still sends is read and dropped
// for this long: closing with unread bytes would send a reset that can destroy the answer in
// flight (a 413 to a client still uploading).
// A client still sending keeps it going, up to kMaxLingerSeconds.
constexpr double kLingerSeconds = 2.0;
constexpr double kMaxLingerSeconds = 30.0;
constexpr double kNever = std::numeric_limits<double>::infinity();

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

}  // namespace

HttpConnection::HttpConnection(Owner& owner, io::Loop& loop, const HttpLimits& limits, uint64_t id,
                               int fd)
    : owner_(owner),
      loop_(loop),
      limits_(limits),
      id_(id),
      fd_(fd),
      parser_(limits.max_head, limits.max_body) {
  reader_ = loop.WatchReadable(fd, [this] { OnReadable(); });
  writer_ = loop.WatchWritable(fd, [this] { OnWritable(); });
  writer_->Stop();
  timer_ = loop.NewTimer([this] { OnTimer(); });
  last_activity_ = loop.Now();
  ArmTimer();
}

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  reader_.reset();
  writer_.reset();
  timer_.reset();
  if (stream_) owner_.Count(true, -1);
  stream_.reset();
  out_.clear();
  if (counted_) owner_.Count(false, -1);
  counted_ = false;
  close(fd_);
  fd_ = -1;
  owner_.Closed(id_);
}

void HttpConnection::Watch(bool read, bool write) {
  if (read != reader_->active()) read ? reader_->Start() : reader_->Stop();
  if (write != writer_->active()) write ? writer_->Start() : writer_->Stop();
}

// Idle clients get limits.idle_timeout_seconds; a head must be complete within
// limits.head_timeout_seconds of its first byte however slowly it trickles (slowloris).
double HttpConnection::Deadline() const {
  switch (phase_) {
    case Phase::kReading:
      if (parser_.started() && parser_.state() == HttpRequestParser::State::kHead) {
        return std::min(request_started_ + limits_.head_timeout_seconds,
                        last_activity_ + limits_.idle_timeout_seconds);
      }
      return last_activity_ + limits_.idle_timeout_seconds;
    case Phase::kSending:
      // A parked stream waits for its source, which may be quiet for hours.
      if (out_.empty()) return kNever;
      return last_activity_ + limits_.idle_timeout_seconds;
    case Phase::kLingering:
      return std::min(last_activity_ + kLingerSeconds, linger_started_ + kMaxLingerSeconds);
    case Phase::kHandling:
    case Phase::kClosed:
      return kNever;
  }
  return kNever;
}

// Lazy: activity only moves last_activity_; the timer, when it fires, re-arms for the new
// deadline. Only an earlier deadline re-arms it here.
void HttpConnection::ArmTimer() {
  if (phase_ == Phase::kClosed) return;
  double deadline = Deadline();
  if (deadline == kNever) return;
  if (armed_ != 0 && armed_ <= deadline) return;
  armed_ = deadline;
  timer_->ArmAt(deadline);
}

void HttpConnection::OnTimer() {
  armed_ = 0;
  double deadline = Deadline();
  if (deadline == kNever) return;
  if (loop_.Now() < deadline) return ArmTimer();
  Close();
}

void HttpConnection::OnReadable() {
  char scratch[kReadBlock];
  if (phase_ != Phase::kReading) {
    // A streaming or lingering connection: bytes are dropped (a tail never ends, so nothing can
    // follow it), and EOF ends the connection.
    ssize_t n = recv(fd_, scratch, sizeof scratch, 0);
    if (n > 0 && phase_ == Phase::kLingering) {
      loop_.UpdateNow();
      last_activity_ = loop_.Now();
    }
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR))) return;
    return Close();
  }
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  ssize_t n = recv(fd_, scratch, sizeof scratch, 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return;
    return Close();
  }
  if (n == 0) {
    // EOF: nothing more can arrive, so a partial request can never be completed.
    peer_done_ = true;
    return Close();
  }
  loop_.UpdateNow();
  last_activity_ = loop_.Now();
  if (!parser_.started()) request_started_ = last_activity_;
  in_.append(scratch, static_cast<std::size_t>(n));
  Process();
}

// Re-entrant calls (an answer given inside Handle completes a response, which starts the next
// pipelined request) only ask the outer loop to go on, so depth stays constant.
void HttpConnection::Process() {
  if (processing_) {
    again_ = true;
    return;
  }
  processing_ = true;
  do {
    again_ = false;
    Step();
  } while (again_ && phase_ == Phase::kReading);
  processing_ = false;
  if (phase_ == Phase::kReading) Watch(true, !out_.empty());
  ArmTimer();
}

void HttpConnection::Step() {
  while (phase_ == Phase::kReading) {
    std::string_view pending(in_.data() + in_pos_, in_.size() - in_pos_);
    bool fresh = !parser_.started();
    in_pos_ += parser_.Feed(pending);
    if (fresh && parser_.started()) request_started_ = loop_.Now();
    auto state = parser_.state();
    if (state == HttpRequestParser::State::kError) return Fail(parser_.error());
    if (state != HttpRequestParser::State::kHead && !judged_) {
      judged_ = true;
      std::optional<WebResponse> early = owner_.Judge(parser_.head());
      if (early) {
        // The body (if any) stays unread, so nothing after it can be parsed.
        if (state != HttpRequestParser::State::kComplete) close_after_ = true;
        return Answer(std::move(*early));
      }
      if (state == HttpRequestParser::State::kBody && parser_.head().expect_continue &&
          parser_.head().minor == 1) {
        out_.emplace_back("HTTP/1.1 100 Continue\r\n\r\n");
        Flush();
        if (phase_ != Phase::kReading) return;
      }
    }
    if (state == HttpRequestParser::State::kComplete) return Dispatch();
    if (in_pos_ == in_.size()) return;  // more bytes are needed
  }
}

void HttpConnection::Fail(int status) {
  close_after_ = true;
  Answer(ErrorResponse(status));
}

void HttpConnection::Dispatch() {
  phase_ = Phase::kHandling;
  Watch(false, false);  // a pipelined request waits in the kernel until this one is answered
  owner_.Handle(id_, parser_.head(), std::move(parser_.body()));
}

void HttpConnection::Answer(WebResponse response) {
  if (phase_ != Phase::kReading && phase_ != Phase::kHandling) return;
  const HttpRequestHead& head = parser_.head();
  head_request_ = head.method == "HEAD";
  if (!head.keep_alive || head.method.empty()) close_after_ = true;
  for (const auto& [name, value] : response.headers) {
    if (EqualsNoCase(name, "Connection") && EqualsNoCase(value, "close")) close_after_ = true;
  }
  bool streamed = response.stream != nullptr && !head_request_;
  chunked_ = streamed && head.minor == 1;
  // HTTP/1.0 has no chunks: the body ends when the connection does.
  if (streamed && !chunked_) close_after_ = true;
  loop_.UpdateNow();
  out_.push_back(Head(response, streamed));
  if (streamed) {
    stream_ = std::move(response.stream);
    stream_->SetWake([this] { Wake(); });
    owner_.Count(true, 1);
  } else {
    if (!head_request_ && !response.body.empty()) out_.push_back(std::move(response.body));
    counted_ = true;
    owner_.Count(false, 1);
  }
  phase_ = Phase::kSending;
  last_activity_ = loop_.Now();
  // Reading goes on only to notice a tail's client hanging up.
  Watch(streamed, false);
  Flush();
}

std::string HttpConnection::Head(const WebResponse& response, bool streamed) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     ReasonPhrase(response.status) +
                     "\r\nDate: " + HttpDate(static_cast<int64_t>(loop_.Now())) + "\r\n";
  if (close_after_) head += "Connection: close\r\n";
  for (const auto& [name, value] : response.headers) {
    if (EqualsNoCase(name, "Connection")) continue;
    head += name + ": " + value + "\r\n";
  }
  if (chunked_) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (!streamed) {
    head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  head += "\r\n";
  return head;
}

void HttpConnection::Wake() {
  if (phase_ != Phase::kSending || !parked_) return;
  parked_ = false;
  // The next turn of the loop writes: never re-enter the stream from its own notification.
  Watch(true, true);
}

void HttpConnection::Flush() {
  if (phase_ == Phase::kClosed || phase_ == Phase::kLingering) return;
  while (true) {
    if (out_.empty()) {
      if (stream_ && PullStream()) continue;
      if (stream_) {
        Watch(true, false);  // parked until Wake
        return ArmTimer();
      }
      if (phase_ == Phase::kSending) return ResponseDone();
      Watch(phase_ == Phase::kReading, false);
      return;
    }
    iovec iov[kMaxIov];
    int count = 0;
    for (auto it = out_.begin(); it != out_.end() && count < kMaxIov; ++it, ++count) {
      std::size_t skip = count == 0 ? out_pos_ : 0;
      iov[count].iov_base = it->data() + skip;
      iov[count].iov_len = it->size() - skip;
    }
    ssize_t n = writev(fd_, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        // Reading on while a plain answer waits would drop a pipelined request: only a tail
        // (whose client can send nothing more) and a new request read.
        Watch(phase_ == Phase::kReading || stream_ != nullptr, true);
        return ArmTimer();
      }
      return Close();  // EPIPE, ECONNRESET: the client is gone
    }
    auto written = static_cast<std::size_t>(n);
    while (written > 0) {
      std::size_t left = out_.front().size() - out_pos_;
      if (written < left) {
        out_pos_ += written;
        break;
      }
      written -= left;
      // A sent stream block is kept for the next one: a tail then allocates nothing per block.
      if (out_.front().capacity() <= 2 * kStreamBlock) spare_ = std::move(out_.front());
      out_.pop_front();
      out_pos_ = 0;
    }
    loop_.UpdateNow();
    last_activity_ = loop_.Now();
  }
}

// One block from the stream into out_ (a chunk, for HTTP/1.1): true when there is something to
// write. Only called with out_ empty, so the block can start at out_pos_: the data is read in
// place after room for the chunk size, which is then written just before it.
bool HttpConnection::PullStream() {
  if (parked_) return false;
  std::string block = std::move(spare_);
  block.resize(kChunkRoom + kStreamBlock + 2);
  long n = stream_->Read(block.data() + kChunkRoom, kStreamBlock);
  if (n == 0) {
    spare_ = std::move(block);
    parked_ = true;
    return false;
  }
  if (n < 0) {
    stream_.reset();
    owner_.Count(true, -1);
    close_after_ = true;
    if (chunked_) out_.emplace_back("0\r\n\r\n");
    return true;
  }
  auto size = static_cast<std::size_t>(n);
  std::size_t start = kChunkRoom;
  if (chunked_) {
    char prefix[kChunkRoom];
    int length = std::snprintf(prefix, sizeof prefix, "%zx\r\n", size);
    start -= static_cast<std::size_t>(length);
    block.replace(start, static_cast<std::size_t>(length), prefix,
                  static_cast<std::size_t>(length));
  }
  block.resize(kChunkRoom + size);
  if (chunked_) block += "\r\n";
  out_.push_back(std::move(block));
  out_pos_ = start;
  return true;
}

void HttpConnection::ResponseDone() {
  if (counted_) owner_.Count(false, -1);
  counted_ = false;
  if (close_after_ || peer_done_) return Linger();
  phase_ = Phase::kReading;
  parser_.Reset();
  judged_ = false;
  head_request_ = false;
  last_activity_ = loop_.Now();
  Watch(true, false);
  Process();  // a pipelined request may be waiting in in_
}

void HttpConnection::Linger() {
  shutdown(fd_, SHUT_WR);
  phase_ = Phase::kLingering;
  in_.clear();
  in_pos_ = 0;
  last_activity_ = loop_.Now();
  linger_started_ = last_activity_;
  armed_ = 0;
  timer_->Stop();
  Watch(true, false);
  ArmTimer();
}

}  // namespace svc::runtime::rpc
