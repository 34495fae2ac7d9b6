// system.listMethods, methodHelp, methodSignature and multicall with 4.2.5's result shape: each
// result is the raw value, not a one-element array (quirk 26); calls run one after another, a
// waiting call holding back the rest.
#include <memory>
#include <sstream>

#include "runtime/rpc/method_docs.h"
#include "runtime/rpc/method_table.h"

namespace svc::runtime::rpc::methods {
namespace {

const MethodDoc* FindDoc(std::string_view name) {
  for (const MethodDoc& doc : MethodDocs()) {
    if (doc.name == name) return &doc;
  }
  return nullptr;
}

Value FaultStruct(const Fault& fault) {
  return Struct{{"faultCode", static_cast<int>(fault.code)}, {"faultString", fault.text}};
}

Value ResultValue(const Result& r) { return r ? *r : FaultStruct(r.error()); }

struct MulticallState {
  Array calls;
  std::size_t next = 0;
  Array results;
  Poll waiting;
};

// One call of the batch: an immediate result, or a deferred one.
Reply CallOne(MethodContext& ctx, const Value& call) {
  if (!call.is_struct()) {
    return Reply::Error(MakeFault(FaultCode::kFailed, "multicall entry is not a struct"));
  }
  const Struct& s = call.as_struct();
  auto name = s.find("methodName");
  if (name == s.end() || !name->second.is_string()) {
    return Reply::Error(MakeFault(FaultCode::kIncorrectParameters, "No methodName"));
  }
  if (name->second.as_string() == "system.multicall") {
    return Reply::Error(
        MakeFault(FaultCode::kIncorrectParameters, "Recursive system.multicall forbidden"));
  }
  Array params;
  if (auto p = s.find("params"); p != s.end()) {
    if (!p->second.is_array()) return Reply::Error(MakeFault(FaultCode::kIncorrectParameters));
    params = p->second.as_array();
  }
  return ctx.invoke(name->second.as_string(), params);
}

std::optional<Result> Advance(MethodContext& ctx, MulticallState& state) {
  while (true) {
    if (state.waiting) {
      std::optional<Result> r = state.waiting();
      if (!r) return std::nullopt;
      state.waiting = nullptr;
      state.results.push_back(ResultValue(*r));
    }
    if (state.next >= state.calls.size()) return Value(std::move(state.results));
    Reply reply = CallOne(ctx, state.calls[state.next++]);
    if (reply.now) {
      state.results.push_back(ResultValue(*reply.now));
    } else {
      state.waiting = std::move(reply.later);
    }
  }
}

}  // namespace

Reply ListMethods(MethodContext&, const Array&) {
  Array names;
  for (const MethodRow& row : MethodTable()) names.push_back(std::string(row.name));
  return Reply::Done(std::move(names));
}

Reply MethodHelp(MethodContext&, const Array& params) {
  const std::string& name = params[0].as_string();
  const MethodDoc* doc = FindMethod(name) != nullptr ? FindDoc(name) : nullptr;
  if (doc == nullptr) return Reply::Error(MakeFault(FaultCode::kSignatureUnsupported));
  return Reply::Done(std::string(doc->doc));
}

// xmlrpc.gettags: "@return <type> ..." and "@param <type> <name> ..." lines.
Reply MethodSignature(MethodContext&, const Array& params) {
  const std::string& name = params[0].as_string();
  const MethodDoc* doc = FindMethod(name) != nullptr ? FindDoc(name) : nullptr;
  if (doc == nullptr) return Reply::Error(MakeFault(FaultCode::kSignatureUnsupported));
  std::optional<std::string> rtype;
  Array ptypes;
  std::istringstream lines{std::string(doc->doc)};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string tag, type;
    words >> tag >> type;
    if (tag == "@return") rtype = type;
    if (tag == "@param") ptypes.push_back(type);
  }
  if (!rtype) return Reply::Error(MakeFault(FaultCode::kSignatureUnsupported));
  Array signature{*rtype};
  signature.insert(signature.end(), ptypes.begin(), ptypes.end());
  return Reply::Done(std::move(signature));
}

Reply Multicall(MethodContext& ctx, const Array& params) {
  auto state = std::make_shared<MulticallState>();
  state->calls = params[0].as_array();
  if (auto done = Advance(ctx, *state)) return Reply{std::move(*done), {}};
  return Reply::Deferred([&ctx, state]() { return Advance(ctx, *state); });
}

}  // namespace svc::runtime::rpc::methods
