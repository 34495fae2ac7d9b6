// Reading log files for readLog / readProcess*Log (options.readFile) and tailProcess*Log
// (options.tailFile), with supervisor 4.2.5's offset and length rules (reference §3.6).
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "runtime/rpc/faults.h"

namespace svc::runtime::rpc {

// The byte range of a file of `size` bytes that a read covers.
struct Window {
  int64_t pos = 0;
  int64_t length = 0;  // -1: to the end of the file
};

// readFile: offset >= 0 and length 0 → offset..EOF; length > 0 → up to length bytes; offset < 0
// and length 0 → the last |offset| bytes; other negatives → BAD_ARGUMENTS.
[[nodiscard]] tl::expected<Window, FaultCode> ReadWindow(int64_t size, int64_t offset,
                                                         int64_t length);

struct TailWindow {
  Window window;
  bool overflow = false;
};

// tailFile: overflow when size > offset + length; the data is the last `length` bytes even when
// offset lies inside the file (quirk 28), none when offset >= size or length <= 0.
TailWindow TailWindowFor(int64_t size, int64_t offset, int64_t length);

// The bytes of `path` that readFile returns; BAD_ARGUMENTS, or FAILED when the file cannot be
// read.
[[nodiscard]] tl::expected<std::string, FaultCode> ReadLogFile(const std::string& path,
                                                               int64_t offset, int64_t length);

struct TailResult {
  std::string data;
  int64_t offset = 0;  // the file size: where the next tail starts
  bool overflow = false;
};

// tailFile on `path`; a file that cannot be read gives {"", offset, false} as in 4.2.5.
TailResult TailLogFile(const std::string& path, int64_t offset, int64_t length);

}  // namespace svc::runtime::rpc
