#include "runtime/rpc/http_request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace svc::runtime::rpc {
namespace {

using State = HttpRequestParser::State;

constexpr std::size_t kHead = 1024;
constexpr std::size_t kBody = 100;

// Feeds everything (past the head too), as the connection does; returns the bytes consumed.
std::size_t FeedAll(HttpRequestParser& parser, std::string_view data) {
  std::size_t used = 0;
  while (used < data.size()) {
    std::size_t n = parser.Feed(data.substr(used));
    used += n;
    if (n == 0) break;
  }
  return used;
}

HttpRequestParser Parsed(std::string_view data, std::size_t max_head = kHead) {
  HttpRequestParser parser(max_head, kBody);
  FeedAll(parser, data);
  return parser;
}

int ErrorOf(std::string_view data) {
  HttpRequestParser parser = Parsed(data);
  EXPECT_EQ(parser.state(), State::kError) << data;
  return parser.error();
}

constexpr std::string_view kPost =
    "POST /RPC2 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nAuthorization: Basic eDp5\r\n\r\nhello";

TEST(HttpRequestParserTest, ParsesHeadAndBody) {
  HttpRequestParser parser = Parsed(kPost);
  ASSERT_EQ(parser.state(), State::kComplete);
  EXPECT_EQ(parser.head().method, "POST");
  EXPECT_EQ(parser.head().target, "/RPC2");
  EXPECT_EQ(parser.head().minor, 1);
  EXPECT_TRUE(parser.head().keep_alive);
  ASSERT_NE(parser.head().Find("authorization"), nullptr);
  EXPECT_EQ(*parser.head().Find("AUTHORIZATION"), "Basic eDp5");
  EXPECT_EQ(parser.body(), "hello");
}

TEST(HttpRequestParserTest, SplitAtEveryByteGivesTheSameRequest) {
  for (std::size_t split = 0; split <= kPost.size(); ++split) {
    HttpRequestParser parser(kHead, kBody);
    FeedAll(parser, kPost.substr(0, split));
    FeedAll(parser, kPost.substr(split));
    ASSERT_EQ(parser.state(), State::kComplete) << split;
    EXPECT_EQ(parser.body(), "hello") << split;
    EXPECT_EQ(parser.head().headers.size(), 3u) << split;
  }
}

TEST(HttpRequestParserTest, OneByteAtATime) {
  HttpRequestParser parser(kHead, kBody);
  for (char c : kPost) FeedAll(parser, std::string_view(&c, 1));
  ASSERT_EQ(parser.state(), State::kComplete);
  EXPECT_EQ(parser.body(), "hello");
}

TEST(HttpRequestParserTest, StopsAfterTheHeadAndAfterTheRequest) {
  HttpRequestParser parser(kHead, kBody);
  std::string two = std::string(kPost) + "GET / HTTP/1.1\r\n\r\n";
  std::size_t head_end = kPost.find("\r\n\r\n") + 4;
  EXPECT_EQ(parser.Feed(two), head_end);
  EXPECT_EQ(parser.state(), State::kBody);
  EXPECT_EQ(parser.Feed(std::string_view(two).substr(head_end)), 5u);
  EXPECT_EQ(parser.state(), State::kComplete);
  EXPECT_EQ(parser.Feed("GET"), 0u);  // the pipelined request waits for Reset
  parser.Reset();
  EXPECT_EQ(FeedAll(parser, std::string_view(two).substr(kPost.size())), 18u);
  EXPECT_EQ(parser.state(), State::kComplete);
  EXPECT_EQ(parser.head().method, "GET");
}

TEST(HttpRequestParserTest, BareLineFeedsAndLeadingEmptyLinesAreAccepted) {
  HttpRequestParser parser = Parsed("\r\n\nGET /x HTTP/1.0\nHost: a\n\n");
  ASSERT_EQ(parser.state(), State::kComplete);
  EXPECT_EQ(parser.head().target, "/x");
  EXPECT_FALSE(parser.head().keep_alive);
}

TEST(HttpRequestParserTest, ConnectionClose) {
  EXPECT_FALSE(Parsed("GET / HTTP/1.1\r\nConnection: foo, Close\r\n\r\n").head().keep_alive);
  EXPECT_TRUE(Parsed("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n").head().keep_alive);
}

TEST(HttpRequestParserTest, MalformedRequestLines) {
  for (std::string_view line :
       {"GET\r\n\r\n", "GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n",
        "GET / http/1.1\r\n\r\n", "GET / HTTP/1\r\n\r\n", "GET / HTTP/1.10\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n", "GET /a\x7f HTTP/1.1\r\n\r\n", " GET / HTTP/1.1\r\n\r\n"}) {
    EXPECT_EQ(ErrorOf(line), 400) << line;
  }
  EXPECT_EQ(ErrorOf("GET / HTTP/2.0\r\n\r\n"), 505);
}

TEST(HttpRequestParserTest, MalformedHeaders) {
  for (std::string_view head :
       {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nName : space\r\n\r\n", "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"}) {
    EXPECT_EQ(ErrorOf(head), 400) << head;
  }
}

TEST(HttpRequestParserTest, NulBytesAreRefused) {
  EXPECT_EQ(ErrorOf(std::string_view("GET /\0 HTTP/1.1\r\n\r\n", 19)), 400);
  EXPECT_EQ(ErrorOf(std::string_view("GET / HTTP/1.1\r\nA: \0\r\n\r\n", 24)), 400);
}

TEST(HttpRequestParserTest, BadContentLength) {
  for (std::string_view value : {"-1", "1 2", "0x10", "", "+5", "5,5", "99999999999999999999"}) {
    std::string head = "POST / HTTP/1.1\r\nContent-Length: " + std::string(value) + "\r\n\r\n";
    EXPECT_EQ(ErrorOf(head), 400) << value;
  }
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  HttpRequestParser same =
      Parsed("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-length: 1\r\n\r\nx");
  EXPECT_EQ(same.state(), State::kComplete);
}

TEST(HttpRequestParserTest, BodyOverTheLimitIsRefusedFromTheHead) {
  HttpRequestParser parser(kHead, kBody);
  std::string head = "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n";
  EXPECT_EQ(parser.Feed(head), head.size());
  EXPECT_EQ(parser.state(), State::kError);
  EXPECT_EQ(parser.error(), 413);
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n"), 413);
}

TEST(HttpRequestParserTest, HugeHeadersAre431) {
  std::string head = "GET / HTTP/1.1\r\nX: " + std::string(2000, 'a') + "\r\n\r\n";
  EXPECT_EQ(ErrorOf(head), 431);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "A: b\r\n";
  HttpRequestParser parser(1 << 20, kBody);
  FeedAll(parser, many + "\r\n");
  EXPECT_EQ(parser.error(), 431);
  // A request line without end is cut at the limit too, not buffered for ever.
  HttpRequestParser endless(kHead, kBody);
  for (int i = 0; i < 100 && endless.state() == State::kHead; ++i) {
    FeedAll(endless, std::string(100, 'a'));
  }
  EXPECT_EQ(endless.error(), 431);
}

TEST(HttpRequestParserTest, ChunkedBody) {
  std::string request =
      "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
  for (std::size_t split = 0; split <= request.size(); ++split) {
    HttpRequestParser parser(kHead, kBody);
    FeedAll(parser, std::string_view(request).substr(0, split));
    FeedAll(parser, std::string_view(request).substr(split));
    ASSERT_EQ(parser.state(), State::kComplete) << split;
    EXPECT_TRUE(parser.head().chunked);
    EXPECT_EQ(parser.body(), "hello world") << split;
  }
}

TEST(HttpRequestParserTest, BadChunks) {
  std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(ErrorOf(head + "x\r\n"), 400);
  EXPECT_EQ(ErrorOf(head + "5\r\nhelloXX\r\n"), 400);
  EXPECT_EQ(ErrorOf(head + "65\r\n"), 413);                  // 101 > 100
  EXPECT_EQ(ErrorOf(head + "ffffffffffffffffff\r\n"), 413);  // overflow
  EXPECT_EQ(ErrorOf(head + "40\r\n" + std::string(64, 'a') + "\r\n40\r\n"), 413);
  EXPECT_EQ(ErrorOf(head + std::string(2000, '0')), 400);  // an endless size line
}

TEST(HttpRequestParserTest, FramingConflictsAndUnknownCodings) {
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
            400);
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nExpect: something\r\n\r\n"), 417);
  HttpRequestParser expect =
      Parsed("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n");
  EXPECT_EQ(expect.state(), State::kBody);
  EXPECT_TRUE(expect.head().expect_continue);
}

TEST(HttpRequestParserTest, StartedTellsAPartialHead) {
  HttpRequestParser parser(kHead, kBody);
  EXPECT_FALSE(parser.started());
  parser.Feed("GE");
  EXPECT_TRUE(parser.started());
  parser.Reset();
  EXPECT_FALSE(parser.started());
}

}  // namespace
}  // namespace svc::runtime::rpc
