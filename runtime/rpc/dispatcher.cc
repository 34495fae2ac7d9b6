#include "runtime/rpc/dispatcher.h"

namespace svc::runtime::rpc {
namespace {

bool Fits(char kind, const Value& value) {
  switch (kind) {
    case 's':
      return value.is_string();
    case 'i':
      return value.is_int();
    case 'b':
      return value.is_bool() || value.is_int();
    case 'a':
      return value.is_array();
    default:
      return true;
  }
}

bool WellFormedName(std::string_view method) {
  std::size_t dot = method.find('.');
  if (dot == std::string_view::npos || method.find('.', dot + 1) != std::string_view::npos) {
    return false;
  }
  return dot + 1 >= method.size() || method[dot + 1] != '_';
}

}  // namespace

bool ParamsFit(const MethodRow& row, const Array& params) {
  if (params.size() < row.required || params.size() > row.params.size()) return false;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!Fits(row.params[i], params[i])) return false;
  }
  return true;
}

Dispatcher::Dispatcher(Backend& backend)
    : context_{backend, std::nullopt, [this](std::string_view method, const Array& params) {
                 return Invoke(method, params);
               }} {}

Reply Dispatcher::Invoke(std::string_view method, const Array& params) {
  const MethodRow* row = WellFormedName(method) ? FindMethod(method) : nullptr;
  if (row == nullptr) return Reply::Error(MakeFault(FaultCode::kUnknownMethod));
  if (!ParamsFit(*row, params)) return Reply::Error(MakeFault(FaultCode::kIncorrectParameters));
  if (row->checks_mood && context_.backend.core().state() < core::SupervisorState::kRunning) {
    return Reply::Error(MakeFault(FaultCode::kShutdownState));
  }
  return row->handler(context_, params);
}

}  // namespace svc::runtime::rpc
