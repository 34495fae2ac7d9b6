// Stage: the non-program sections — [supervisord], the HTTP servers, [supervisorctl],
// [rpcinterface:x], [ctlplugin:x] — and the check that every section and option is known.
#pragma once

#include "compiler/context.h"
#include "schema/plan.h"

namespace svc::compiler {

// Unknown sections and options (warnings: supervisord ignores them), with "did you mean".
void CheckKnownNames(Context& ctx);
bool BuildSupervisord(Context& ctx, svc::plan::Supervisord& out);
bool BuildServers(Context& ctx, std::vector<svc::plan::Server>& out);
bool BuildCtl(Context& ctx, std::optional<svc::plan::Ctl>& out);
bool BuildPlugins(Context& ctx, std::vector<svc::plan::Plugin>& rpc,
                  std::vector<svc::plan::Plugin>& ctl);

// Helpers shared with the program stage.
std::string NormalizePath(const Context& ctx, const std::string& path);  // expanduser+abspath
// A path whose directory must exist on the deploy machine (supervisord's existing_dirpath).
// `rejects`: supervisord refuses to start when the check fails (see DiagnosticSink::Machine).
void CheckDirPath(OptionReader& r, const std::string& key, const std::string& path,
                  bool rejects = true);
void CheckDirectory(OptionReader& r, const std::string& key, const std::string& path,
                    bool rejects = true);
void CheckUser(OptionReader& r, const std::string& key, const std::string& user);
void CheckUserGroup(OptionReader& r, const std::string& key, const std::string& spec,
                    const char* what);

}  // namespace svc::compiler
