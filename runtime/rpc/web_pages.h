// The HTML of the web UI (our own markup, not Supervisor's template): the status page with its
// rows, state classes and per-state action links, and the tail page. URLs, link targets and
// class names follow supervisord 4.2.5's pages, so scripts that scrape or follow them still work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::runtime::rpc {

struct StatusRow {
  std::string group;
  std::string name;
  std::string statename;  // "RUNNING"
  std::string description;
};

// Rows are shown sorted by group, then name. `message` ("" for none) is the status_msg line.
std::string RenderStatusPage(std::vector<StatusRow> rows, std::string_view message,
                             std::string_view identification, int year);

// tail.html: `processname` nullopt when the form had none (the title then says "None").
std::string RenderTailPage(const std::optional<std::string>& processname, std::string_view text,
                           int64_t limit);

// The UI's headers: text/html;charset=utf-8 and no caching.
std::vector<std::pair<std::string, std::string>> PageHeaders();

}  // namespace svc::runtime::rpc
