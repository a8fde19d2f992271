#pragma once
// Files written whole or not at all (reports, exports): the content goes to
// a temporary beside the target, is fsync'ed, and is published under the
// target's name in one step; an existing target is replaced only with
// `force` (without it, link(2) makes the check and the publication atomic,
// so a file created meanwhile is never clobbered).
#include <filesystem>
#include <string>

namespace innosim::experiments {

/// A temporary path beside `target` ("<target>.tmp-<pid>").
std::filesystem::path temporary_beside(const std::filesystem::path& target);

/// fsyncs `temporary` and moves it onto `target`; ConfigError (exit 2) when
/// `target` exists and !force. Removes the temporary on failure.
void publish_file(const std::filesystem::path& temporary, const std::filesystem::path& target, bool force);

/// Writes `data` to `target` atomically (temporary, fsync, publish).
void write_file_atomically(const std::filesystem::path& target, const std::string& data, bool force);

/// ConfigError (exit 2) when `target` exists and !force: checked before long work starts.
void check_writable_target(const std::filesystem::path& target, bool force);

}  // namespace innosim::experiments
