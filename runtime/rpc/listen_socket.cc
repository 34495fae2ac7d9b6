#include "runtime/rpc/listen_socket.h"

#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/os/errno_names.h"

namespace svc::runtime::rpc {
namespace {

constexpr int kBacklog = 1024;
constexpr char kInUse[] =
    "Another program is already listening on a port that one of our HTTP servers is configured "
    "to use.  Shut this program down first before starting supervisord.";

tl::expected<os::UniqueFd, std::string> Listen(os::UniqueFd fd) {
  if (listen(fd.get(), kBacklog) != 0) {
    return tl::unexpected("Cannot open an HTTP server: socket.error reported errno." +
                          os::ErrnoText(errno) + " (" + std::to_string(errno) + ")");
  }
  fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  return fd;
}

bool FillAddress(const std::string& path, sockaddr_un& addr) {
  std::memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return true;
}

// Whether something accepts connections on the socket file (supervisord probes with HTTP).
bool Alive(const std::string& path) {
  sockaddr_un addr;
  if (!FillAddress(path, addr)) return false;
  os::UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  return fd.valid() && connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

// chown=user[:group]; -1 keeps the owner or group.
tl::expected<void, std::string> Chown(const std::string& path, const std::string& spec) {
  std::string user = spec.substr(0, spec.find(':'));
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  if (passwd* pw = getpwnam(user.c_str())) {
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }
  if (std::size_t colon = spec.find(':'); colon != std::string::npos) {
    if (group* gr = getgrnam(spec.substr(colon + 1).c_str())) gid = gr->gr_gid;
  }
  if (chown(path.c_str(), uid, gid) == 0) return {};
  passwd* me = getpwuid(getuid());
  return tl::unexpected("Not permitted to chown " + path + " to uid/gid (" +
                        std::to_string(static_cast<int>(uid)) + ", " +
                        std::to_string(static_cast<int>(gid)) +
                        "); adjust \"sockchown\" value in config file or on command line to "
                        "values that the current user (" +
                        std::string(me ? me->pw_name : "?") + ") can successfully chown");
}

tl::expected<os::UniqueFd, std::string> OpenUnix(const plan::Server& server) {
  const std::string& file = server.file;
  std::string temp = file + "." + std::to_string(getpid());
  sockaddr_un addr;
  if (!FillAddress(temp, addr)) return tl::unexpected("socket path too long: " + file);
  unlink(temp.c_str());
  os::UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid() || bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return tl::unexpected("Cannot open an HTTP server: socket.error reported errno." +
                          os::ErrnoText(errno) + " (" + std::to_string(errno) + ")");
  }
  chmod(temp.c_str(), static_cast<mode_t>(server.chmod));
  for (int attempt = 0; link(temp.c_str(), file.c_str()) != 0; ++attempt) {
    if (attempt >= 3 || Alive(file)) {
      unlink(temp.c_str());
      return tl::unexpected(std::string(kInUse));
    }
    std::fprintf(stderr, "Unlinking stale socket %s\n", file.c_str());
    unlink(file.c_str());
  }
  unlink(temp.c_str());
  if (server.chown) {
    if (auto owned = Chown(file, *server.chown); !owned) {
      unlink(file.c_str());
      return tl::unexpected(owned.error());
    }
  }
  return Listen(std::move(fd));
}

tl::expected<os::UniqueFd, std::string> OpenInet(const plan::Server& server) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  std::string port = std::to_string(server.port);
  const char* host = server.host.empty() || server.host == "*" ? nullptr : server.host.c_str();
  if (getaddrinfo(host, port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return tl::unexpected("Could not determine IP address for hostname " + server.host +
                          ", please try setting an explicit IP address in the \"port\" setting "
                          "of your [inet_http_server] section.  For example, instead of \"port = "
                          "9001\", try \"port = 127.0.0.1:9001.\"");
  }
  os::UniqueFd fd(socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, 0));
  int one = 1;
  int bound = -1;
  if (fd.valid()) {
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bound = bind(fd.get(), found->ai_addr, found->ai_addrlen);
  }
  int error = errno;
  freeaddrinfo(found);
  if (bound != 0) {
    if (error == EADDRINUSE) return tl::unexpected(std::string(kInUse));
    return tl::unexpected("Cannot open an HTTP server: socket.error reported errno." +
                          os::ErrnoText(error) + " (" + std::to_string(error) + ")");
  }
  return Listen(std::move(fd));
}

}  // namespace

tl::expected<os::UniqueFd, std::string> OpenListenSocket(const plan::Server& server) {
  return server.family == "unix" ? OpenUnix(server) : OpenInet(server);
}

}  // namespace svc::runtime::rpc
