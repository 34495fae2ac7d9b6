#include "runtime/rpc/web_site.h"

#include <ctime>

#include "runtime/rpc/names.h"
#include "runtime/rpc/web_assets.h"
#include "runtime/rpc/web_form.h"
#include "runtime/rpc/web_pages.h"

namespace svc::runtime::rpc {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The last value of a field: a POST form is merged over the query.
std::optional<std::string> Field(const WebRequest& request, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [key, v] : request.args) {
    if (key == name) value = v;
  }
  return value;
}

// Methods that always answer at once (getAllProcessInfo, readProcessStdoutLog).
Result Immediate(Reply reply) {
  if (reply.now) return std::move(*reply.now);
  return tl::unexpected(MakeFault(FaultCode::kFailed));
}

int64_t Seconds(Backend& backend) { return static_cast<int64_t>(backend.Now()); }

std::string FaultText(const Fault& fault) {
  return "unexpected rpc fault [" + std::to_string(static_cast<int>(fault.code)) + "] " +
         fault.text;
}

// web.py's wording for a failed start.
std::string StartError(const Fault& fault) {
  switch (fault.code) {
    case FaultCode::kNoFile:
      return "no such file";
    case FaultCode::kNotExecutable:
      return "file not executable";
    case FaultCode::kAlreadyStarted:
      return "already started";
    case FaultCode::kSpawnError:
      return "spawn error";
    case FaultCode::kAbnormalTermination:
      return "abnormal termination";
    default:
      return FaultText(fault);
  }
}

WebResponse Page(std::string body) {
  WebResponse response;
  response.headers = PageHeaders();
  response.body = std::move(body);
  return response;
}

Array Calls(std::initializer_list<std::pair<const char*, Array>> calls) {
  Array out;
  for (const auto& [method, params] : calls) {
    out.push_back(Struct{{"methodName", Value(method)}, {"params", Value(params)}});
  }
  return out;
}

}  // namespace

WebSite::WebSite(Backend& backend, Dispatcher& dispatcher, LogFollower& follower, Await await)
    : backend_(backend), dispatcher_(dispatcher), follower_(follower), await_(std::move(await)) {}

void WebSite::Handle(WebRequest request, WebRespond respond) {
  const std::string& path = request.path;
  if (StartsWith(path, "/logtail")) return LogTailView(request, respond);
  if (StartsWith(path, "/mainlogtail")) return MainLogTailView(request, respond);
  bool view_method = request.method == "GET" || request.method == "POST";
  if ((path == "/" || path == "/index.html") && view_method) return StatusView(request, respond);
  if (path == "/tail.html" && view_method) return TailView(request, respond);
  if (path == "/ok.html" && view_method) {
    WebResponse ok;
    ok.headers.emplace_back("Content-Type", "text/plain");
    ok.body = "OK";
    return respond(std::move(ok));
  }
  const Asset* asset = FindAsset(path);
  if (asset != nullptr && (request.method == "GET" || request.method == "HEAD")) {
    WebResponse file;
    file.headers.emplace_back("Content-Type", std::string(asset->content_type));
    file.body = std::string(asset->data);
    return respond(std::move(file));
  }
  respond(ErrorResponse(404));
}

void WebSite::Stream(const std::string& path, bool accel_header, const WebRespond& respond) {
  int64_t mtime = 0;
  auto tail = path.empty() ? nullptr : follower_.Open(path, &mtime);
  // 404 as supervisord: no log, or not on disk (yet).
  if (tail == nullptr) return respond(ErrorResponse(404));
  WebResponse response;
  response.headers.emplace_back("Last-Modified", HttpDate(mtime));
  response.headers.emplace_back("Content-Type", "text/plain;charset=utf-8");
  if (accel_header) response.headers.emplace_back("X-Accel-Buffering", "no");
  response.stream = std::move(tail);
  respond(std::move(response));
}

// /logtail/<namespec>[/<channel>]. supervisord answers a bare /logtail with a 500 (a
// ValueError); here it is a 404 like any other name that does not lead to a log.
void WebSite::LogTailView(const WebRequest& request, const WebRespond& respond) {
  if (request.method != "GET") return respond(ErrorResponse(400));
  std::string_view rest = request.path;
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return respond(ErrorResponse(404));
  rest.remove_prefix(slash + 1);  // "logtail" or any "logtail…" prefix, as supervisord
  std::size_t split = rest.find('/');
  std::string_view name = rest.substr(0, split);
  std::string_view channel = split == std::string_view::npos ? "stdout" : rest.substr(split + 1);
  if (channel != "stdout" && channel != "stderr") return respond(ErrorResponse(404));
  auto target = LookUp(backend_.core(), name);
  if (!target || !target->process) return respond(ErrorResponse(404));
  Stream(backend_.ChildLogPath(*target->process, channel == "stderr"), true, respond);
}

void WebSite::MainLogTailView(const WebRequest& request, const WebRespond& respond) {
  if (request.method != "GET") return respond(ErrorResponse(400));
  Stream(backend_.MainLogPath(), false, respond);
}

void WebSite::Call(std::string_view method, Array params, std::function<void(const Result&)> done) {
  await_(dispatcher_.Invoke(method, params), std::move(done));
}

void WebSite::StatusView(const WebRequest& request, const WebRespond& respond) {
  std::string action = Field(request, "action").value_or("");
  if (action.empty()) {
    std::string message = Field(request, "message").value_or("");
    Result all = Immediate(dispatcher_.Invoke("supervisor.getAllProcessInfo", {}));
    std::vector<StatusRow> rows;
    if (all && all->is_array()) {
      for (const Value& info : all->as_array()) {
        const Struct& s = info.as_struct();
        rows.push_back({s.at("group").as_string(), s.at("name").as_string(),
                        s.at("statename").as_string(), s.at("description").as_string()});
      }
    }
    std::time_t now = static_cast<std::time_t>(Seconds(backend_));
    std::tm local{};
    localtime_r(&now, &local);
    return respond(Page(RenderStatusPage(
        std::move(rows), message, backend_.plan().supervisord.identifier, local.tm_year + 1900)));
  }
  std::string host = request.host;
  auto redirect = [respond, host](std::string message) {
    WebResponse moved = ErrorResponse(301);
    moved.headers = PageHeaders();
    moved.headers[0].second = "text/html";
    moved.headers.emplace_back("Location", "http://" + host + "/?message=" + UrlQuote(message));
    respond(std::move(moved));
  };
  std::string namespec = Field(request, "processname").value_or("");
  // supervisord raises a ValueError (HTTP 500) here; a clear 400 is given instead.
  if (!RunAction(action, namespec, redirect)) respond(ErrorResponse(400));
}

bool WebSite::RunAction(const std::string& action, const std::string& ns,
                        std::function<void(std::string message)> done) {
  Backend& backend = backend_;
  auto at = [&backend] { return CTime(Seconds(backend)); };
  if (action == "refresh") {
    done("Page refreshed at " + at());
    return true;
  }
  if (action == "stopall") {
    Call("supervisor.stopAllProcesses", {},
         [done, at](const Result&) { done("All stopped at " + at()); });
    return true;
  }
  if (action == "restartall") {
    Array calls =
        Calls({{"supervisor.stopAllProcesses", {}}, {"supervisor.startAllProcesses", {}}});
    Call("system.multicall", {Value(calls)},
         [done, at](const Result&) { done("All restarted at " + at()); });
    return true;
  }
  if (ns.empty()) return false;
  auto target = LookUp(backend_.core(), ns);
  bool known_action =
      action == "start" || action == "stop" || action == "restart" || action == "clearlog";
  if (!target || !target->process) {
    done("No such process named " + ns);
    return true;
  }
  if (!known_action) return false;
  if (action == "start") {
    Call("supervisor.startProcess", {Value(ns)}, [done, ns](const Result& r) {
      done(r ? "Process " + ns + " started"
             : "ERROR: Process " + ns + ": " + StartError(r.error()));
    });
  } else if (action == "stop") {
    Call("supervisor.stopProcess", {Value(ns)}, [done, ns](const Result& r) {
      done(r ? "Process " + ns + " stopped" : FaultText(r.error()));
    });
  } else if (action == "restart") {
    Array calls =
        Calls({{"supervisor.stopProcess", {Value(ns)}}, {"supervisor.startProcess", {Value(ns)}}});
    Call("system.multicall", {Value(calls)},
         [done, ns](const Result&) { done("Process " + ns + " restarted"); });
  } else {
    Call("supervisor.clearProcessLogs", {Value(ns)}, [done, ns](const Result& r) {
      done(r ? "Log for " + ns + " cleared" : FaultText(r.error()));
    });
  }
  return true;
}

void WebSite::TailView(const WebRequest& request, const WebRespond& respond) {
  std::optional<std::string> name = Field(request, "processname");
  std::string limit_text = Field(request, "limit").value_or("1024");
  bool digits = !limit_text.empty() && limit_text.size() < 16 &&
                limit_text.find_first_not_of("0123456789") == std::string::npos;
  int64_t limit = digits ? std::max<int64_t>(1024, std::stoll(limit_text)) : 1024;
  std::string text = "No process name found";
  if (name && !name->empty()) {
    Result read = Immediate(dispatcher_.Invoke("supervisor.readProcessStdoutLog",
                                               {Value(*name), Value(-limit), Value(0)}));
    if (read) {
      text = read->as_string();
    } else if (read.error().code == FaultCode::kNoFile) {
      text = "No file for " + *name;
    } else {
      text = "ERROR: " + FaultText(read.error());
    }
  }
  respond(Page(RenderTailPage(name, text, limit)));
}

}  // namespace svc::runtime::rpc
