// svcctl's interactive shell (supervisorctl's cmdloop): `status` first, then `<prompt>> `
// lines until EOF/quit/exit; libedit line editing, history file and tab completion on a
// terminal, plain line reading otherwise.
#pragma once

namespace svc::ctl {

class Controller;

void RunShell(Controller& ctl);

}  // namespace svc::ctl
