// Opening the listening sockets of [unix_http_server] and [inet_http_server] the way
// supervisord's http.make_http_servers does: a unix socket bound under a temporary name,
// chmod'ed, hard-linked into place (a stale socket is unlinked), chown'ed; an inet socket with
// SO_REUSEADDR. Errors carry supervisord's usage-error texts.
#pragma once

#include <string>

#include <tl/expected.hpp>

#include "runtime/os/unique_fd.h"
#include "schema/plan.h"

namespace svc::runtime::rpc {

// A listening, non-blocking, close-on-exec socket (backlog 1024).
[[nodiscard]] tl::expected<os::UniqueFd, std::string> OpenListenSocket(const plan::Server& server);

}  // namespace svc::runtime::rpc
