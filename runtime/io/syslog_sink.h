// Where syslog lines go: syslog(3) in svcd, a recorder in tests. One call per line, without a
// trailing newline; `priority` is a syslog(3) priority such as LOG_INFO.
#pragma once

#include <functional>
#include <string_view>

namespace svc::runtime::io {

using SyslogFn = std::function<void(int priority, std::string_view line)>;

// syslog(3) with the default ident (the program name) and facility LOG_USER, as Python's
// syslog.syslog() uses when openlog() was never called. NUL bytes end the line early.
SyslogFn SystemSyslog();

}  // namespace svc::runtime::io
