// supervisor 4.2.5's docstrings of every XML-RPC method (system.methodHelp answers them verbatim;
// system.methodSignature reads their @return and @param tags). Generated: method_docs.cc.
#pragma once

#include <string_view>
#include <vector>

namespace svc::runtime::rpc {

struct MethodDoc {
  std::string_view name;  // "supervisor.startProcess"
  std::string_view doc;
};

// Sorted by name.
const std::vector<MethodDoc>& MethodDocs();

}  // namespace svc::runtime::rpc
