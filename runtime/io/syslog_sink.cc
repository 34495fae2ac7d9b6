// syslog(3) adapter: the message is always passed as "%.*s" data, never as a format.
#include "runtime/io/syslog_sink.h"

#include <syslog.h>

#include <climits>
#include <cstddef>

namespace svc::runtime::io {

SyslogFn SystemSyslog() {
  return [](int priority, std::string_view line) {
    const std::size_t n = line.size() < INT_MAX ? line.size() : INT_MAX;
    syslog(priority, "%.*s", static_cast<int>(n), line.data());
  };
}

}  // namespace svc::runtime::io
