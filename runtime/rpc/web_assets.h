// The web UI's static files, built into svcd (no install path to look up): our stylesheet and
// small generated images at the URLs supervisord serves them from.
#pragma once

#include <string_view>

namespace svc::runtime::rpc {

struct Asset {
  std::string_view path;  // "/images/icon.png"
  std::string_view content_type;
  std::string_view data;
};

// nullptr for an unknown path.
const Asset* FindAsset(std::string_view path);

}  // namespace svc::runtime::rpc
