#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace hikeshi::testing {
namespace {

struct Pipe {
  int read_end = -1;
  int write_end = -1;
};

Pipe MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  return Pipe{fds[0], fds[1]};
}

// Spawns argv with stdin from `in` (or /dev/null when -1) and stdout into `out`.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& directory, int in, int out) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in >= 0) {
    posix_spawn_file_actions_adddup2(&actions, in, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  pid_t pid = -1;
  int error = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("posix_spawn failed for " + argv[0]);
  return pid;
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& directory,
                         const std::string& stdin_text) {
  Pipe in = MakePipe();
  Pipe out = MakePipe();
  pid_t pid = Spawn(argv, directory, in.read_end, out.write_end);
  ::close(in.read_end);
  ::close(out.write_end);
  // Small inputs fit the pipe buffer, so writing before reading cannot deadlock.
  if (!stdin_text.empty()) {
    ssize_t written = ::write(in.write_end, stdin_text.data(), stdin_text.size());
    (void)written;
  }
  ::close(in.write_end);
  CommandResult result;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(out.read_end, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) result.stdout_text.append(buffer, static_cast<size_t>(n));
  }
  ::close(out.read_end);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCode(status);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& directory) {
  Pipe out = MakePipe();
  pid_ = Spawn(argv, directory, -1, out.write_end);
  ::close(out.write_end);
  stdout_fd_ = out.read_end;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) Stop(SIGKILL, std::chrono::seconds(5));
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::optional<std::string> ChildProcess::WaitForLine(const std::string& needle,
                                                     std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    for (size_t end; (end = output_.find('\n', scanned_)) != std::string::npos;) {
      std::string line = output_.substr(scanned_, end - scanned_);
      scanned_ = end + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd descriptor{stdout_fd_, POLLIN, 0};
    if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::read(stdout_fd_, buffer, sizeof buffer);
    if (n == 0) return std::nullopt;  // the child closed stdout (exited)
    if (n > 0) output_.append(buffer, static_cast<size_t>(n));
  }
}

int ChildProcess::Stop(int signal, std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return ExitCode(status);
}

}  // namespace hikeshi::testing
