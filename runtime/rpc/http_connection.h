// One client connection of an HttpServer on the libev loop: reads and parses requests strictly in
// order, writes each answer with writev as fast as the socket takes it, pulls a streamed body only
// once the previous block is sent (memory stays bounded), and times out idle and slow clients.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "runtime/io/loop.h"
#include "runtime/rpc/http_request_parser.h"
#include "runtime/rpc/http_server.h"

namespace svc::runtime::rpc {

class HttpConnection {
 public:
  // What the server decides; the connection does the I/O.
  class Owner {
   public:
    virtual ~Owner() = default;
    // The head is complete, no body read yet: an answer here (401, 411, …) skips the body.
    virtual std::optional<WebResponse> Judge(const HttpRequestHead& head) = 0;
    // A complete request; the answer comes through HttpServer::Deliver(id, …), now or later.
    virtual void Handle(uint64_t id, const HttpRequestHead& head, std::string body) = 0;
    // The connection is finished: the owner destroys it later, outside its callbacks.
    virtual void Closed(uint64_t id) = 0;
    // Counting for HttpServer::in_flight() and streams().
    virtual void Count(bool stream, int delta) = 0;
  };

  HttpConnection(Owner& owner, io::Loop& loop, const HttpLimits& limits, uint64_t id, int fd);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // The answer to the request being handled.
  void Answer(WebResponse response);
  // The stream has more to read.
  void Wake();
  // Writes what is pending, as far as the socket takes it.
  void Flush();
  // Ends the connection at once (server shutdown).
  void Close();

 private:
  enum class Phase { kReading, kHandling, kSending, kLingering, kClosed };

  void OnReadable();
  void OnWritable() { Flush(); }
  void OnTimer();
  void Process();
  void Step();
  void Fail(int status);
  void Dispatch();
  std::string Head(const WebResponse& response, bool streamed);
  bool PullStream();
  void ResponseDone();
  void Linger();
  void ArmTimer();
  double Deadline() const;
  void Watch(bool read, bool write);

  Owner& owner_;
  io::Loop& loop_;
  const HttpLimits& limits_;
  uint64_t id_;
  int fd_;
  std::unique_ptr<io::Watcher> reader_;
  std::unique_ptr<io::Watcher> writer_;
  std::unique_ptr<io::Timer> timer_;
  double armed_ = 0;  // the timer's deadline; 0 when not armed

  Phase phase_ = Phase::kReading;
  HttpRequestParser parser_;
  bool judged_ = false;  // the current head went through Owner::Judge
  std::string in_;       // bytes read and not yet parsed (a pipelined request)
  std::size_t in_pos_ = 0;
  bool peer_done_ = false;  // the client sent EOF
  double last_activity_ = 0;
  double request_started_ = 0;  // when the first byte of the current head arrived
  double linger_started_ = 0;

  std::deque<std::string> out_;  // pending output; the front is partly written up to out_pos_
  std::size_t out_pos_ = 0;
  std::string spare_;         // the last stream block's buffer, reused
  bool close_after_ = false;  // close once the current answer is sent
  bool counted_ = false;      // the answer is counted in Owner::Count
  bool head_request_ = false;
  std::unique_ptr<Stream> stream_;
  bool chunked_ = false;
  bool parked_ = false;  // the stream had nothing; waiting for Wake

  bool processing_ = false;
  bool again_ = false;
};

}  // namespace svc::runtime::rpc
