// Reading the main config file and its [include] files in supervisord's order, with its
// `%(here)s` rule: after each file is read, every remaining `%(here)s` becomes that file's
// directory.
#pragma once

#include "compiler/context.h"

namespace svc::compiler {

// Reads the main file and every included file into ctx.raw. Returns false when the main
// file could not be read at all.
bool LoadConfig(Context& ctx);

}  // namespace svc::compiler
