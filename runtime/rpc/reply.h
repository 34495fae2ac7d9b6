// What an RPC method answers: a value or a fault now, or later. A deferred answer is polled
// after every batch of effects the daemon applies (supervisord re-polls its NOT_DONE_YET
// callbacks every 0.05 s instead), so a waiting startProcess never blocks the loop.
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include <tl/expected.hpp>

#include "runtime/rpc/faults.h"
#include "runtime/rpc/value.h"

namespace svc::runtime::rpc {

using Result = tl::expected<Value, Fault>;

// Returns nullopt while not done; once it returns a Result it is not called again.
using Poll = std::function<std::optional<Result>()>;

struct Reply {
  std::optional<Result> now;  // set: answered
  Poll later;                 // else: deferred

  static Reply Done(Value value) { return Reply{Result(std::move(value)), {}}; }
  static Reply Error(Fault fault) { return Reply{Result(tl::unexpected(std::move(fault))), {}}; }
  static Reply Deferred(Poll poll) { return Reply{std::nullopt, std::move(poll)}; }
};

}  // namespace svc::runtime::rpc
