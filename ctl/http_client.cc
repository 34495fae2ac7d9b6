// libcurl adapter. A unix:// URL becomes CURLOPT_UNIX_SOCKET_PATH plus the fake host
// 127.0.0.1, as supervisorctl's SupervisorTransport does.
#include "ctl/http_client.h"

#include <curl/curl.h>

#include <cstdio>
#include <cstring>

namespace svc::ctl {
namespace {

constexpr long kConnectTimeoutSeconds = 30;

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

void EnsureGlobalInit() { static CurlGlobal global; }

// Sets URL (or unix socket path + fake host) for `path` on `server`.
void SetTarget(CURL* curl, const ServerAddress& server, const std::string& path, bool send_auth) {
  std::string url;
  if (server.url.rfind("unix://", 0) == 0) {
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, server.url.substr(7).c_str());
    url = "http://127.0.0.1" + path;
  } else {
    std::string base = server.url;
    size_t scheme_end = base.find("://");
    size_t path_start = base.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    if (path_start != std::string::npos) base.resize(path_start);
    url = base + path;
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "Supervisor HTTP Client");
  if (send_auth) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, server.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, server.password.c_str());
  }
}

size_t AppendBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t CaptureReason(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    std::string reason;
    if (sp2 != std::string_view::npos) reason = std::string(line.substr(sp2 + 1));
    while (!reason.empty() && (reason.back() == '\r' || reason.back() == '\n')) reason.pop_back();
    *static_cast<std::string*>(user) = reason;
  }
  return size * n;
}

TransportError ErrorOf(CURL* curl, CURLcode code) {
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  return TransportError{static_cast<int>(os_errno), curl_easy_strerror(code)};
}

}  // namespace

tl::expected<HttpResponse, TransportError> PostXml(const ServerAddress& server,
                                                   const std::string& body) {
  EnsureGlobalInit();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return tl::unexpected(TransportError{0, "curl_easy_init failed"});
  // supervisorctl's XML-RPC transport sends Basic auth only when both are set.
  SetTarget(curl, server, "/RPC2", server.has_username && server.has_password);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: text/xml");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  HttpResponse response;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CaptureReason);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.reason);
  CURLcode code = curl_easy_perform(curl);
  tl::expected<HttpResponse, TransportError> result;
  if (code != CURLE_OK) {
    result = tl::unexpected(ErrorOf(curl, code));
  } else {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    result = std::move(response);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

namespace {

struct StreamState {
  const std::function<void(std::string_view)>* sink;
  const std::function<bool()>* stop;
  CURL* curl;
};

size_t StreamBody(char* data, size_t size, size_t n, void* user) {
  auto* state = static_cast<StreamState*>(user);
  long status = 0;
  curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status == 200) (*state->sink)(std::string_view(data, size * n));
  return size * n;
}

int StreamProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* state = static_cast<StreamState*>(user);
  return (*state->stop)() ? 1 : 0;
}

}  // namespace

tl::expected<long, TransportError> StreamGet(const ServerAddress& server, const std::string& path,
                                             const std::function<void(std::string_view)>& sink,
                                             const std::function<bool()>& stop) {
  EnsureGlobalInit();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return tl::unexpected(TransportError{0, "curl_easy_init failed"});
  // Its logtail client sends them whenever a password is set (username then '').
  SetTarget(curl, server, path, server.has_password);
  StreamState state{&sink, &stop, curl};
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, StreamBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, StreamProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &state);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  tl::expected<long, TransportError> result = status;
  if (code != CURLE_OK && code != CURLE_ABORTED_BY_CALLBACK && status == 0) {
    result = tl::unexpected(ErrorOf(curl, code));
  }
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace svc::ctl
