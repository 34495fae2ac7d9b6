#include "runtime/rpc/web_pages.h"

#include <algorithm>

#include "runtime/rpc/names.h"
#include "runtime/rpc/web_form.h"

namespace svc::runtime::rpc {
namespace {

constexpr char kHead[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n";

std::string StateClass(std::string_view statename) {
  if (statename == "RUNNING") return "statusrunning";
  if (statename == "FATAL" || statename == "BACKOFF") return "statuserror";
  return "statusnominal";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string ActionLink(const std::string& quoted, std::string_view action, std::string_view label) {
  return "<li><a href=\"index.html?processname=" + quoted + "&amp;action=" + std::string(action) +
         "\">" + std::string(label) + "</a></li>";
}

// supervisord's five slots: control actions by state, then Clear Log and the two live tails.
std::string Actions(const std::string& quoted, std::string_view statename) {
  std::string out = "<ul>";
  if (statename == "RUNNING") {
    out += ActionLink(quoted, "restart", "Restart") + ActionLink(quoted, "stop", "Stop");
  } else if (statename == "STOPPED" || statename == "EXITED" || statename == "FATAL") {
    out += ActionLink(quoted, "start", "Start") + "<li class=\"hidden\"></li>";
  } else {
    out += "<li class=\"hidden\"></li><li class=\"hidden\"></li>";
  }
  out += ActionLink(quoted, "clearlog", "Clear Log");
  out += "<li><a href=\"logtail/" + quoted + "\" target=\"_blank\">Tail -f Stdout</a></li>";
  out += "<li><a href=\"logtail/" + quoted + "/stderr\" target=\"_blank\">Tail -f Stderr</a></li>";
  return out + "</ul>";
}

std::string Row(const StatusRow& row, bool shade) {
  std::string ns = MakeNamespec(row.group, row.name);
  std::string quoted = UrlQuote(ns);
  return std::string("<tr") + (shade ? " class=\"shade\"" : "") + ">\n" +
         "<td class=\"status\"><span class=\"" + StateClass(row.statename) + "\">" +
         HtmlEscape(Lower(row.statename)) + "</span></td>\n" + "<td class=\"desc\"><span>" +
         HtmlEscape(row.description) + "</span></td>\n" +
         "<td class=\"name\"><a href=\"tail.html?processname=" + quoted + "\" target=\"_blank\">" +
         HtmlEscape(ns) + "</a></td>\n" + "<td class=\"action\">" + Actions(quoted, row.statename) +
         "</td>\n</tr>\n";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> PageHeaders() {
  return {{"Content-Type", "text/html;charset=utf-8"},
          {"Pragma", "no-cache"},
          {"Cache-Control", "no-cache"},
          {"Expires", "Thu, 01 Jan 1970 00:00:00 GMT"}};
}

std::string RenderStatusPage(std::vector<StatusRow> rows, std::string_view message,
                             std::string_view identification, int year) {
  std::sort(rows.begin(), rows.end(), [](const StatusRow& a, const StatusRow& b) {
    return a.group != b.group ? a.group < b.group : a.name < b.name;
  });
  std::string page = kHead;
  page +=
      "<title>Supervisor Status</title>\n"
      "<link href=\"stylesheets/supervisor.css\" rel=\"stylesheet\" type=\"text/css\" />\n"
      "<link href=\"images/icon.png\" rel=\"icon\" type=\"image/png\" />\n</head>\n<body>\n"
      "<header class=\"top\"><img alt=\"\" src=\"images/supervisor.gif\" />"
      "<h1>Processes</h1><span class=\"ident\">" +
      HtmlEscape(identification) + "</span></header>\n<main>\n";
  if (!message.empty()) page += "<div class=\"status_msg\">" + HtmlEscape(message) + "</div>\n";
  page +=
      "<nav class=\"buttons\">"
      "<a class=\"button\" href=\"index.html?action=refresh\">Refresh</a>"
      "<a class=\"button\" href=\"index.html?action=restartall\">Restart All</a>"
      "<a class=\"button\" href=\"index.html?action=stopall\">Stop All</a></nav>\n";
  if (rows.empty()) {
    page += "<p class=\"empty\">No programs to manage</p>\n";
  } else {
    page +=
        "<table class=\"processes\">\n<thead><tr><th class=\"state\">State</th>"
        "<th class=\"desc\">Description</th><th class=\"name\">Name</th>"
        "<th class=\"action\">Action</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < rows.size(); ++i) page += Row(rows[i], i % 2 == 1);
    page += "</tbody>\n</table>\n";
  }
  page += "</main>\n<footer>svcd &#183; Supervisor <span>4.2.5</span> compatible &#183; " +
          std::to_string(year) + "</footer>\n</body>\n</html>\n";
  return page;
}

std::string RenderTailPage(const std::optional<std::string>& processname, std::string_view text,
                           int64_t limit) {
  std::string page = kHead;
  page += "<title>Supervisor tail of process " + HtmlEscape(processname.value_or("None")) +
          "</title>\n<link href=\"stylesheets/supervisor.css\" rel=\"stylesheet\" "
          "type=\"text/css\" />\n</head>\n<body class=\"tail\">\n<pre>" +
          HtmlEscape(text) + "</pre>\n";
  if (processname) {
    page += "<p><a class=\"button\" href=\"tail.html?processname=" + UrlQuote(*processname) +
            "&amp;limit=" + std::to_string(limit) + "\">Refresh</a></p>\n";
  }
  return page + "</body>\n</html>\n";
}

}  // namespace svc::runtime::rpc
