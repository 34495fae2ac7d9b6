// svcctl -h: supervisorctl's module docstring with the program name filled in.
#pragma once

#include <string>

namespace svc::ctl {

std::string UsageText(const std::string& progname);

}  // namespace svc::ctl
